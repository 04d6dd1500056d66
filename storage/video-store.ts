// Downloaded trailers in the content-addressed cache: one file per distinct content at
// `{cache}/videos/{h0:2}/{h2:4}/{sha256}.mp4`, a `cache_blobs` row in namespace `videos`, and the
// candidate it came from pointing at it. As with images, a blob's file and row change only under
// its lock, and a released blob's file goes after the commit.
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { lockBlob, upsertVideoBlob } from '../db/blobs.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { attachTrailerBlob, selectCandidate } from '../db/trailers.js';
import {
  fileSha256,
  MissingTempFile,
  releaseUnreferenced,
  removeUnrecordedFiles,
  UntrustedTempFile,
} from './blob-store.js';

export function videoBlobPath(cacheDir: string, sha256: string, ext: string): string {
  return join(cacheDir, 'videos', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
}

export interface DownloadedVideo {
  tempPath: string;
  sha256: string;
  size: number;
  format: 'mp4';
  width: number | null;
  height: number | null;
}

/**
 * Moves a downloaded trailer into the cache (unless the same bytes are there), records the blob,
 * links it to its candidate, which becomes the selection, and lets go of the movie's previous
 * trailer. Idempotent: a retry after the rename finds the file in place.
 */
export async function storeVideo(
  pool: Pool,
  cacheDir: string,
  video: DownloadedVideo,
  ref: { movieId: number; candidateId: number; selectedBy: 'auto' | 'user' },
): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(video.sha256))
    throw new UntrustedTempFile(`${JSON.stringify(video.sha256)} is no SHA-256`);
  const rel = relative(resolve(cacheDir, '.tmp'), resolve(video.tempPath));
  const parts = rel.split(sep);
  if (parts.length !== 2 || parts.some((p) => p === '' || p === '..' || p.startsWith('.')))
    throw new UntrustedTempFile(`${video.tempPath} is not a download in ${join(cacheDir, '.tmp')}`);
  const path = videoBlobPath(cacheDir, video.sha256, video.format);
  const released = await inTransaction(pool, async (tx) => {
    await lockBlob(tx, video.sha256);
    const [inCache, inTemp] = await Promise.all([fileSha256(path), fileSha256(video.tempPath)]);
    if (inTemp !== null && inTemp !== video.sha256)
      throw new UntrustedTempFile(`${video.tempPath} does not hold the bytes of ${video.sha256}`);
    if (inCache === video.sha256) await rm(video.tempPath, { force: true });
    else if (inTemp !== null) {
      await mkdir(dirname(path), { recursive: true });
      await rename(video.tempPath, path);
    } else throw new MissingTempFile(`temp file ${video.tempPath} is gone and ${path} does not hold its bytes`);
    await upsertVideoBlob(tx, {
      sha256: video.sha256,
      path,
      size: video.size,
      format: video.format,
      width: video.width ?? 0,
      height: video.height ?? 0,
    });
    const previous = await attachTrailerBlob(tx, ref.movieId, ref.candidateId, video.sha256);
    await selectCandidate(tx, ref.movieId, ref.candidateId, ref.selectedBy);
    return releaseUnreferenced(
      tx,
      previous.filter((p) => p !== video.sha256),
    );
  });
  await removeUnrecordedFiles(pool, released);
  return path;
}
