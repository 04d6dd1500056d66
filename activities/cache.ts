import { rm } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/activity';
import type { AssetType, DownloadedImage } from '../domain/types.js';
import { FailureType } from '../domain/failures.js';
import { MissingTempFile, storeBlob } from '../storage/blob-store.js';
import type { ActivityDeps } from './deps.js';
import { runTempDir } from './temp-files.js';

export function createCacheActivities({ pool, config }: ActivityDeps) {
  /**
   * Moves an accepted download into the content-addressed cache and records its blob
   * and this movie's reference to it. Identical bytes already cached (by any item or worker) are
   * reused: no second file.
   */
  async function storeBlobActivity(input: {
    image: DownloadedImage;
    movieId: number;
    assetType: AssetType;
  }): Promise<string> {
    try {
      return await storeBlob(pool, config.cacheDir, input.image, {
        movieId: input.movieId,
        assetType: input.assetType,
        candidateId: input.image.candidateId,
      });
    } catch (err) {
      if (err instanceof MissingTempFile)
        throw ApplicationFailure.nonRetryable(err.message, FailureType.TempFileMissing);
      throw err;
    }
  }

  /** Removes the run's temp folder; runs in the workflow's finally, so also after failures. */
  async function removeRunTemp(input: { runKey: string }): Promise<void> {
    await rm(runTempDir(config.cacheDir, input.runKey), { recursive: true, force: true });
  }

  return { storeBlob: storeBlobActivity, removeRunTemp };
}
