// The content-addressed image cache on the shared volume: one file per distinct content at
// `{cache}/images/{h0:2}/{h2:4}/{sha256}.{ext}`, recorded in `cache_blobs` and referenced per item
// and type. A blob's file is written and deleted only under its advisory lock, together with the
// reference check, so two workers storing the same bytes, or one storing while another evicts,
// never leave a missing file or an orphan.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { addMovieImageRef, deleteBlobIfUnreferenced, dropMovieRefs, lockBlob, upsertBlob } from '../db/blobs.js';
import { isMovieCandidate } from '../db/candidates.js';
import { inTransaction, type Pool, type Queryable } from '../db/pool.js';
import { FILE_EXTENSION, sniffImageFormat } from '../domain/image-format.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import type { AssetType, DownloadedImage } from '../domain/types.js';

/** Where a blob lives: keyed by content only, fanned out over two folder levels. */
export function blobPath(cacheDir: string, sha256: string, ext: string): string {
  return join(cacheDir, 'images', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
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
function checkTempPath(cacheDir: string, tempPath: string): void {
  const rel = relative(resolve(cacheDir, '.tmp'), resolve(tempPath));
  const parts = rel.split(sep);
  if (parts.length !== 2 || parts.some((p) => p === '' || p === '..' || p.startsWith('.')))
    throw new UntrustedTempFile(`${tempPath} is not a download in ${join(cacheDir, '.tmp')}`);
}

/**
 * Moves a download into the cache (atomic rename from the cache volume's temp folder) unless the
 * same bytes are already there, and records the blob and the movie's reference in one transaction.
 * The temp file's bytes are hashed again first: only bytes that match their name enter the cache,
 * and a cache file whose bytes no longer match its name is replaced. Idempotent: a retry after the
 * rename finds the file in place.
 */
export async function storeBlob(
  pool: Pool,
  cacheDir: string,
  image: DownloadedImage,
  ref: { movieId: number; assetType: AssetType; candidateId: number },
): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(image.sha256))
    throw new UntrustedTempFile(`${JSON.stringify(image.sha256)} is no SHA-256`);
  checkTempPath(cacheDir, image.tempPath);
  const path = blobPath(cacheDir, image.sha256, FILE_EXTENSION[image.format]);
  return inTransaction(pool, async (tx) => {
    await lockBlob(tx, image.sha256);
    if (!(await isMovieCandidate(tx, ref.candidateId, ref.movieId, ref.assetType)))
      throw new UntrustedTempFile(`candidate ${ref.candidateId} is not a ${ref.assetType} of movie ${ref.movieId}`);
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
    await addMovieImageRef(tx, image.sha256, ref);
    return path;
  });
}

/**
 * Deletes the blobs among `sha256s` that no reference uses any more, rows and files, inside the
 * caller's transaction. The file goes before the commit, under the lock: if the commit then
 * fails, the row points at a missing file, which `storeBlob` and planning both treat as absent.
 */
export async function releaseUnreferenced(tx: Queryable, sha256s: Iterable<string>): Promise<string[]> {
  const deleted: string[] = [];
  // Sorted, so two transactions releasing overlapping sets take the locks in the same order.
  for (const sha256 of [...new Set(sha256s)].sort()) {
    await lockBlob(tx, sha256);
    const path = await deleteBlobIfUnreferenced(tx, sha256);
    if (path === null) continue;
    await rm(path, { force: true });
    deleted.push(path);
  }
  return deleted;
}

/** Removes every cache reference a movie holds and the blobs only it used (movie deletion). */
export async function releaseMovie(pool: Pool, movieId: number): Promise<string[]> {
  return inTransaction(pool, async (tx) => releaseUnreferenced(tx, await dropMovieRefs(tx, movieId)));
}
