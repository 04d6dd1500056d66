// The content-addressed image cache on the shared volume: one file per distinct content at
// `{cache}/images/{h0:2}/{h2:4}/{sha256}.{ext}`, recorded in `cache_blobs` and referenced per item
// and type. A blob's file is written and deleted only under its advisory lock, together with the
// row check, and deleted only after the commit that released its row, so two workers storing the
// same bytes, one storing while another evicts, or a crash or rollback anywhere never leave a row
// without its file (a crash between a release's commit and the file's removal leaves an orphan).
// The API's thumbnails of a blob, `{cache}/thumbnails/{h0:2}/{h2:4}/{sha256}-{width}.{ext}`, go
// with its file.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  addMovieImageRef,
  blobFilePath,
  deleteBlobIfUnreferenced,
  dropMovieRefs,
  isBlobFile,
  lockBlob,
  upsertBlob,
} from '../db/blobs.js';
import { claimActorImage, setActorImage } from '../db/actors.js';
import { isMovieCandidate } from '../db/candidates.js';
import { dropMovieTrailerBlobs } from '../db/trailers.js';
import { inTransaction, type Pool, type Queryable } from '../db/pool.js';
import { FILE_EXTENSION, sniffImageFormat } from '../domain/image-format.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import type { AssetType, DownloadedImage, FetchedImage } from '../domain/types.js';

/** Where a blob lives: keyed by content only, fanned out over two folder levels. */
export function blobPath(cacheDir: string, sha256: string, ext: string): string {
  return join(cacheDir, 'images', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
}

/** Where a blob's thumbnails live, fanned out like the blobs. */
function thumbnailDir(cacheDir: string, sha256: string): string {
  return join(cacheDir, 'thumbnails', sha256.slice(0, 2), sha256.slice(2, 4));
}

/** A blob's thumbnail of one width: named by the hash and width only, so no request text reaches the path. */
export function thumbnailPath(cacheDir: string, sha256: string, width: number, ext: string): string {
  return join(thumbnailDir(cacheDir, sha256), `${sha256}-${width}.${ext}`);
}

/** The cache folder of a file at `blobPath`'s place for this hash; null for a file anywhere else. */
function cacheDirOf(path: string, sha256: string): string | null {
  const shard = dirname(path);
  const fan = dirname(shard);
  const images = dirname(fan);
  const laidOut =
    basename(shard) === sha256.slice(2, 4) && basename(fan) === sha256.slice(0, 2) && basename(images) === 'images';
  return laidOut ? dirname(images) : null;
}

/** Removes a blob's thumbnails (and any half-written one). Call under its lock once it has no row. */
async function removeThumbnails(cacheDir: string, sha256: string): Promise<void> {
  const dir = thumbnailDir(cacheDir, sha256);
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const name of names) if (name.startsWith(`${sha256}-`)) await rm(join(dir, name), { force: true });
}

export class MissingTempFile extends Error {}
/** A temp path outside the cache's temp folder, or bytes that are not what their hash says. */
export class UntrustedTempFile extends Error {}

/** The SHA-256 of a file's bytes as they are now; null when there is no such file. */
export async function fileSha256(path: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path), hash);
  } catch (err) {
    if (['ENOENT', 'EISDIR', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
  return hash.digest('hex');
}

async function sniffFile(path: string) {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(16);
    await handle.read(head, 0, 16, 0);
    return sniffImageFormat(head);
  } finally {
    await handle.close();
  }
}

/** A temp file must lie in a run folder under `{cache}/.tmp`: no other file is ever moved into the cache. */
export function checkTempPath(cacheDir: string, tempPath: string): void {
  const rel = relative(resolve(cacheDir, '.tmp'), resolve(tempPath));
  const parts = rel.split(sep);
  if (parts.length !== 2 || parts.some((p) => p === '' || p === '..' || p.startsWith('.')))
    throw new UntrustedTempFile(`${tempPath} is not a download in ${join(cacheDir, '.tmp')}`);
}

/**
 * Moves a download into the cache (atomic rename from the cache volume's temp folder) unless the
 * same bytes are already there, and records the blob and the movie's reference in one transaction,
 * with what `alsoInTransaction` writes. Idempotent: a retry after the rename finds the file in place.
 */
export async function storeBlob(
  pool: Pool,
  cacheDir: string,
  image: DownloadedImage,
  ref: { movieId: number; assetType: AssetType; candidateId: number },
  alsoInTransaction?: (tx: Queryable) => Promise<void>,
): Promise<string> {
  return placeBlob(pool, cacheDir, image, async (tx) => {
    if (!(await isMovieCandidate(tx, ref.candidateId, ref.movieId, ref.assetType)))
      throw new UntrustedTempFile(`candidate ${ref.candidateId} is not a ${ref.assetType} of movie ${ref.movieId}`);
    return async () => {
      await addMovieImageRef(tx, image.sha256, ref);
      await alsoInTransaction?.(tx);
    };
  });
}

/**
 * A person's headshot into the cache, referenced by the person, who then has it as their image:
 * one blob per distinct picture however many films list them. The person's own choice wins: when
 * their image was locked, or given, meanwhile, the download is dropped (false) and the image stays.
 */
export async function storeHeadshot(
  pool: Pool,
  cacheDir: string,
  image: FetchedImage,
  actor: { actorId: number; sourceUrl: string },
): Promise<boolean> {
  let stored = false;
  await placeBlob(pool, cacheDir, image, async (tx) => {
    if (!(await claimActorImage(tx, actor.actorId))) {
      await rm(image.tempPath, { force: true });
      return null;
    }
    return async (path) => {
      await setActorImage(tx, actor.actorId, image.sha256, path, actor.sourceUrl);
      stored = true;
    };
  });
  return stored;
}

/**
 * The file and row of one blob, under its lock: `admit` checks what the bytes are for inside the
 * transaction and returns how to reference the stored blob (null: leave it, store nothing). The
 * temp file's bytes are hashed again first: only bytes that match their name enter the cache, and
 * a cache file whose bytes no longer match its name is replaced.
 */
async function placeBlob(
  pool: Pool,
  cacheDir: string,
  image: FetchedImage,
  admit: (tx: Queryable) => Promise<((path: string) => Promise<void>) | null>,
): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(image.sha256))
    throw new UntrustedTempFile(`${JSON.stringify(image.sha256)} is no SHA-256`);
  checkTempPath(cacheDir, image.tempPath);
  const path = blobPath(cacheDir, image.sha256, FILE_EXTENSION[image.format]);
  return inTransaction(pool, async (tx) => {
    await lockBlob(tx, image.sha256);
    const reference = await admit(tx);
    if (!reference) return path;
    const [inCache, inTemp] = await Promise.all([fileSha256(path), fileSha256(image.tempPath)]);
    if (inTemp !== null && inTemp !== image.sha256) {
      await rm(image.tempPath, { force: true });
      throw new UntrustedTempFile(`${image.tempPath} does not hold the bytes of ${image.sha256}`);
    }
    // The format names the file: it must be what the bytes are, not what the input says.
    if (inTemp !== null && (await sniffFile(image.tempPath)) !== image.format)
      throw new UntrustedTempFile(`${image.tempPath} is not ${image.format}`);
    if (inCache === image.sha256) {
      await rm(image.tempPath, { force: true });
    } else if (inTemp !== null) {
      await mkdir(dirname(path), { recursive: true });
      await rename(image.tempPath, path);
    } else {
      throw new MissingTempFile(
        inCache === null
          ? `temp file ${image.tempPath} is gone and ${path} does not exist`
          : `temp file ${image.tempPath} is gone and ${path} does not hold the bytes of its name`,
      );
    }
    await upsertBlob(tx, {
      sha256: image.sha256,
      path,
      size: image.size,
      format: image.format,
      width: image.width,
      height: image.height,
      hasAlpha: image.hasAlpha,
      phash: image.phash,
      hashAlgorithm: PHASH_ALGORITHM,
    });
    await reference(path);
    return path;
  });
}

/**
 * Deletes the rows of the blobs among `sha256s` that no reference uses any more, inside the
 * caller's transaction, and returns their files' paths. The files stay: the caller removes them with
 * `removeUnrecordedFiles` once the transaction has committed, so a rollback or a crash never leaves
 * a row without its file (a crash after the commit leaves an orphan file, which the checker reports
 * and `--repair` removes).
 */
export async function releaseUnreferenced(tx: Queryable, sha256s: Iterable<string>): Promise<string[]> {
  const released: string[] = [];
  // Sorted, so two transactions releasing overlapping sets take the locks in the same order.
  for (const sha256 of [...new Set(sha256s)].sort()) {
    await lockBlob(tx, sha256);
    const path = await deleteBlobIfUnreferenced(tx, sha256);
    if (path !== null) released.push(path);
  }
  return released;
}

/** The blob a cache file belongs to, by its name: `{sha256}.{ext}`, or a repair's temp beside it. */
const BLOB_NAME = /^([0-9a-f]{64})\./;

/**
 * Removes the cache files among `paths` that no blob row names, each under its blob's lock: a store
 * of the same bytes that found the file in place and recorded it again in the meantime keeps it.
 * A blob left without a row loses its thumbnails too. Returns the paths removed.
 */
export async function removeUnrecordedFiles(pool: Pool, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const byBlob = (p: string) => BLOB_NAME.exec(basename(p))?.[1] ?? '';
  return inTransaction(pool, async (tx) => {
    const removed: string[] = [];
    for (const path of [...new Set(paths)].sort((a, b) => byBlob(a).localeCompare(byBlob(b)))) {
      const sha256 = byBlob(path);
      if (sha256) await lockBlob(tx, sha256);
      if (await isBlobFile(tx, path)) continue;
      await rm(path, { force: true });
      removed.push(path);
      const cacheDir = sha256 ? cacheDirOf(path, sha256) : null;
      if (cacheDir !== null && (await blobFilePath(tx, sha256)) === null) await removeThumbnails(cacheDir, sha256);
    }
    return removed;
  });
}

/**
 * Removes every cache reference a movie holds (its images and its trailer) and the blobs only it used (movie deletion), in one
 * transaction with what `alsoInTransaction` writes (the movie's soft delete); their files go after
 * the commit. Returns the files removed.
 */
export async function releaseMovie(
  pool: Pool,
  movieId: number,
  alsoInTransaction?: (tx: Queryable) => Promise<void>,
): Promise<string[]> {
  const released = await inTransaction(pool, async (tx) => {
    await alsoInTransaction?.(tx);
    return releaseUnreferenced(tx, [
      ...(await dropMovieRefs(tx, movieId)),
      ...(await dropMovieTrailerBlobs(tx, movieId)),
    ]);
  });
  return removeUnrecordedFiles(pool, released);
}

/**
 * Puts bytes fetched again in place of a blob's file that is missing or no longer holds them
 * (repair). Only bytes that hash to the blob's name are taken; they are written beside the file and
 * renamed over it under the blob's lock, so no reader sees half a file and a concurrent store or
 * release is not undone. Returns false when there was nothing to repair: the blob has no row any
 * more, or its file is whole again.
 */
export async function replaceBlobFile(pool: Pool, sha256: string, bytes: Buffer): Promise<boolean> {
  if (createHash('sha256').update(bytes).digest('hex') !== sha256)
    throw new UntrustedTempFile(`the bytes given for blob ${sha256} are other bytes`);
  return inTransaction(pool, async (tx) => {
    await lockBlob(tx, sha256);
    const path = await blobFilePath(tx, sha256);
    if (path === null || (await fileSha256(path)) === sha256) return false;
    await mkdir(dirname(path), { recursive: true });
    // Named after the blob, so a repair cut short leaves a file the checker reports as an orphan.
    const temp = `${path}.repair-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
    return true;
  });
}
