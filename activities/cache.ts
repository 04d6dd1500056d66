import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { FILE_EXTENSION } from '../domain/image-format.js';
import type { DownloadedImage } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';
import { runTempDir } from './temp-files.js';

/** D15: `{cache}/images/{h0:2}/{h2:4}/{h}.{ext}`, keyed by content only. */
export function blobPath(cacheDir: string, sha256: string, ext: string): string {
  return join(cacheDir, 'images', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
}

export function createCacheActivities({ pool, config }: ActivityDeps) {
  /**
   * Phase 3: moves an accepted download into the content-addressed cache and records its blob.
   * Idempotent: identical bytes already cached (by any item or worker) are reused, and a retry
   * after the rename finds the file in place.
   */
  async function storeBlob(image: DownloadedImage): Promise<string> {
    const path = blobPath(config.cacheDir, image.sha256, FILE_EXTENSION[image.format]);
    if (existsSync(path)) {
      await rm(image.tempPath, { force: true });
    } else if (existsSync(image.tempPath)) {
      await mkdir(dirname(path), { recursive: true });
      await rename(image.tempPath, path);
    } else {
      throw ApplicationFailure.nonRetryable(`temp file ${image.tempPath} is gone and ${path} does not exist`, 'Cache.missingTemp');
    }
    await pool.query(
      `INSERT INTO cache_blobs (sha256, namespace, file_path, file_size, format, width, height)
       VALUES ($1, 'images', $2, $3, $4, $5, $6)
       ON CONFLICT (sha256) DO UPDATE SET last_accessed_at = now()`,
      [image.sha256, path, image.size, image.format, image.width, image.height],
    );
    return path;
  }

  /** Drops a download that was not kept. */
  async function discardDownload(input: { tempPath: string }): Promise<void> {
    await rm(input.tempPath, { force: true });
  }

  /** Removes the run's temp folder; runs in the workflow's finally, so also after failures. */
  async function removeRunTemp(input: { runKey: string }): Promise<void> {
    await rm(runTempDir(config.cacheDir, input.runKey), { recursive: true, force: true });
  }

  return { storeBlob, discardDownload, removeRunTemp };
}
