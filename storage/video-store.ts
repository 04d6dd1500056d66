// Downloaded trailers in the content-addressed cache: one file per distinct content at
// `{cache}/videos/{h0:2}/{h2:4}/{sha256}.mp4`, a `cache_blobs` row in namespace `videos`, and the
// candidate it came from pointing at it. As with images, a blob's file and row change only under
// its lock, and a released blob's file goes after the commit.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lockBlob, upsertVideoBlob } from '../db/blobs.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { attachTrailerBlob, selectCandidate } from '../db/trailers.js';
import {
  checkTempPath,
  fileSha256,
  MissingTempFile,
  releaseUnreferenced,
  removeUnrecordedFiles,
} from './blob-store.js';

export function videoBlobPath(cacheDir: string, sha256: string, ext: string): string {
  return join(cacheDir, 'videos', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
}

export interface DownloadedVideo {
  tempPath: string;
  format: 'mp4';
  width: number | null;
  height: number | null;
}

/**
 * Hashes a downloaded trailer (once: the bytes never leave this call before they are in the
 * cache), moves it into the cache unless the same bytes are there, records the blob, links it to its
 * candidate, which becomes the selection, and lets go of the movie's previous trailer.
 */
export async function storeVideo(
  pool: Pool,
  cacheDir: string,
  video: DownloadedVideo,
  ref: { movieId: number; candidateId: number; selectedBy: 'auto' | 'user' },
): Promise<{ sha256: string; size: number; path: string }> {
  checkTempPath(cacheDir, video.tempPath);
  const sha256 = await fileSha256(video.tempPath);
  if (sha256 === null) throw new MissingTempFile(`temp file ${video.tempPath} is gone`);
  const { size } = await stat(video.tempPath);
  const path = videoBlobPath(cacheDir, sha256, video.format);
  const released = await inTransaction(pool, async (tx) => {
    await lockBlob(tx, sha256);
    if ((await fileSha256(path)) === sha256) await rm(video.tempPath, { force: true });
    else {
      await mkdir(dirname(path), { recursive: true });
      await rename(video.tempPath, path);
    }
    await upsertVideoBlob(tx, {
      sha256,
      path,
      size,
      format: video.format,
      width: video.width ?? 0,
      height: video.height ?? 0,
    });
    const previous = await attachTrailerBlob(tx, ref.movieId, ref.candidateId, sha256);
    await selectCandidate(tx, ref.movieId, ref.candidateId, ref.selectedBy);
    return releaseUnreferenced(
      tx,
      previous.filter((p) => p !== sha256),
    );
  });
  await removeUnrecordedFiles(pool, released);
  return { sha256, size, path };
}
