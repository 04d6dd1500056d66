import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { sniffImageFormat } from '../domain/image-format.js';
import type { DownloadOutcome, FetchedImage } from '../domain/types.js';
import type { Config } from '../lib/config.js';
import { FailureType } from '../domain/failures.js';
import { configuredImagePolicy, ImageFetcher, ImageNetworkError, networkReason } from '../providers/image-fetch.js';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { decodeRefusal } from '../domain/image-limits.js';
import { openImage, perceptualHash, readImageHeader } from './image-hash.js';
import type { ActivityDeps } from './deps.js';
import { runTempDir } from './temp-files.js';
import { downloadInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

export const DOWNLOAD_TIMEOUT_MS = 30_000; // per image download
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024; // larger images are skipped

class TooLarge extends Error {}

/** Well inside the downloads' heartbeat timeout. */
const HEARTBEAT_EVERY_MS = 5_000;

/** Errors of writing or reading our own files: a socket's (EPIPE, ECONNRESET) are the network's. */
const FILE_ERROR_CODES = new Set(['ENOSPC', 'EIO', 'EROFS', 'EDQUOT', 'ENOENT', 'EACCES', 'EPERM', 'EBADF', 'ESTALE']);
/** A local file error (disk full, permissions) says nothing about the remote end and is kept as it is. */
const isLocalFileError = (err: unknown) => {
  const e = err as { path?: unknown; code?: unknown } | null;
  return typeof e?.path === 'string' || FILE_ERROR_CODES.has(String(e?.code));
};

/** An image fetched to its temp file and checked, or why it cannot be used. */
export type ImageFetchOutcome = ({ ok: true } & FetchedImage) | { ok: false; reason: string };

/**
 * Fetches images to temp files on the cache volume, each hashed and checked as an image. An image
 * that cannot be used (a URL, address or redirect the image-host rules refuse, 404, not an image,
 * too large) is an outcome, not a failure; network errors, 429 and 5xx throw `DownloadFailed` so
 * Temporal retries them. What a failed connection revealed (refused, unreachable, which address)
 * stays in the worker's log. Call inside an activity: it heartbeats and honours its cancellation.
 */
export function createImageFetch(config: Config) {
  const fetcher = new ImageFetcher(configuredImagePolicy(config));
  // Decoding is what costs memory: at most this many images are decoded at once in this process,
  // however many downloads run.
  const decoding = pLimit(config.limits.decodeConcurrency);
  // libvips keeps recent operations and their pixels for reuse; every image here is decoded once.
  sharp.cache(false);

  /** `beat` is the heartbeat to send while waiting (an activity with progress to report passes its own). */
  return async function fetchImage(url: string, tempPath: string, beat?: () => void): Promise<ImageFetchOutcome> {
    const skip = (reason: string): ImageFetchOutcome => ({ ok: false, reason });
    await mkdir(dirname(tempPath), { recursive: true });
    // Captured here: stream callbacks run outside the activity's async context.
    const activity = Context.current();
    // Heartbeats while waiting for the server, the bytes or a decode slot alike: they say this worker
    // is alive, so a dead one is noticed within the heartbeat timeout; stalls have their own timeout.
    const alive = setInterval(beat ?? (() => activity.heartbeat()), HEARTBEAT_EVERY_MS);
    try {
      let fetched;
      try {
        fetched = await fetcher.get(url, { timeoutMs: DOWNLOAD_TIMEOUT_MS, signal: activity.cancellationSignal });
      } catch (err) {
        // Cancelled (the run was, or Temporal gave up on this attempt): report that, not a network error.
        if (activity.cancellationSignal.aborted) throw activity.cancellationSignal.reason;
        if (!(err instanceof ImageNetworkError)) throw err;
        activity.log.warn('image download failed', { url, error: String(err.cause) });
        throw ApplicationFailure.retryable(`GET ${url} failed: ${err.reason}`, FailureType.DownloadFailed);
      }
      if (!fetched.ok) return skip(fetched.reason);
      const res = fetched.res;
      if (res.statusCode !== 200) {
        await res.body.dump();
        if (res.statusCode === 429 || res.statusCode >= 500)
          throw ApplicationFailure.retryable(`GET ${url} answered HTTP ${res.statusCode}`, FailureType.DownloadFailed);
        return skip(`HTTP ${res.statusCode}`);
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > MAX_IMAGE_BYTES) {
        await res.body.dump();
        return skip(`too large: ${declared} bytes (cap ${MAX_IMAGE_BYTES})`);
      }

      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > MAX_IMAGE_BYTES) return done(new TooLarge());
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(res.body, meter, createWriteStream(tempPath), { signal: activity.cancellationSignal });
      } catch (err) {
        await rm(tempPath, { force: true });
        if (activity.cancellationSignal.aborted) throw activity.cancellationSignal.reason;
        if (err instanceof TooLarge) return skip(`too large: over ${MAX_IMAGE_BYTES} bytes`);
        // Our own disk failing is not the image's fault: the error goes on as it is, for the
        // infrastructure check to tell a full or failing cache volume from a passing hiccup.
        if (isLocalFileError(err)) throw err;
        const why = networkReason(err);
        activity.log.warn('image body not read', { url, error: String(err) });
        throw ApplicationFailure.retryable(`GET ${url}: body not read: ${why}`, FailureType.DownloadFailed);
      }

      const discard = async (reason: string) => {
        await rm(tempPath, { force: true });
        return skip(reason);
      };
      if (size === 0) return discard('empty body');
      const head = Buffer.alloc(16);
      const fh = await open(tempPath, 'r');
      try {
        await fh.read(head, 0, 16, 0);
      } finally {
        await fh.close();
      }
      const format = sniffImageFormat(head);
      if (!format)
        return discard(`not an image (starts with ${JSON.stringify(head.subarray(0, 8).toString('latin1'))})`);
      // The header says how large the picture is before a pixel is decoded.
      const header = await readImageHeader(tempPath).catch((err: unknown) => {
        if (isLocalFileError(err)) throw err;
        return null;
      });
      if (!header) return discard(`undecodable ${format}: no readable header`);
      const refusal = decodeRefusal(header, config.limits.imagePixels);
      if (refusal) return discard(refusal);
      try {
        // One decode serves both: the pHash needs every pixel, and decoding every pixel is what
        // catches truncated and corrupt files that a header read would pass.
        const { meta, phash } = await decoding(async () => {
          const image = openImage(tempPath, config.limits.imagePixels);
          return { meta: await image.metadata(), phash: await perceptualHash(image) };
        });
        return {
          ok: true,
          sha256: hash.digest('hex'),
          tempPath,
          format,
          width: meta.width ?? 0,
          height: meta.height ?? 0,
          hasAlpha: meta.hasAlpha ?? false,
          size,
          phash,
        };
      } catch (err) {
        return discard(`undecodable ${format}: ${(err as Error).message}`);
      }
    } finally {
      clearInterval(alive);
    }
  };
}

export function createDownloadActivities({ config }: ActivityDeps) {
  const fetchImage = createImageFetch(config);

  /** One candidate to a temp file of this run, hashed and checked as an image. */
  async function downloadCandidate(raw: {
    runKey: string;
    candidateId: number;
    url: string;
  }): Promise<DownloadOutcome> {
    const input = parseInput(downloadInput, raw);
    const dir = runTempDir(config.cacheDir, input.runKey);
    // Each attempt writes its own file: an earlier attempt that timed out and is still writing can
    // never mix its bytes into this one's.
    const attempt = Context.current().info.attempt;
    const tempPath = join(dir, `${input.candidateId}-${attempt}-${randomBytes(4).toString('hex')}.part`);
    const fetched = await fetchImage(input.url, tempPath);
    return { ...fetched, candidateId: input.candidateId };
  }

  return { downloadCandidate };
}
