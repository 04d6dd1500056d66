import { rm } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/activity';
import type { AssetType, DownloadedImage } from '../domain/types.js';
import { FailureType } from '../domain/failures.js';
import { MissingTempFile, storeBlob, UntrustedTempFile } from '../storage/blob-store.js';
import { dropWalkOutcomes } from '../db/walk-outcomes.js';
import { releaseUnselectedRef } from '../storage/selection.js';
import type { ActivityDeps } from './deps.js';
import { removeReleased } from './selection.js';
import { runTempDir } from './temp-files.js';
import { cachedRefInput, runTempInput, storeBlobInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

export function createCacheActivities({ pool, config }: ActivityDeps) {
  /**
   * Moves an accepted download into the content-addressed cache and records its blob
   * and this movie's reference to it. Identical bytes already cached (by any item or worker) are
   * reused: no second file.
   */
  async function storeBlobActivity(raw: {
    image: DownloadedImage;
    movieId: number;
    assetType: AssetType;
  }): Promise<string> {
    const input = parseInput(storeBlobInput, raw);
    try {
      return await storeBlob(pool, config.cacheDir, input.image, {
        movieId: input.movieId,
        assetType: input.assetType,
        candidateId: input.image.candidateId,
      });
    } catch (err) {
      if (err instanceof MissingTempFile)
        throw ApplicationFailure.nonRetryable(err.message, FailureType.TempFileMissing);
      if (err instanceof UntrustedTempFile)
        throw ApplicationFailure.nonRetryable(err.message, FailureType.UntrustedTempFile);
      throw err;
    }
  }

  /**
   * Undoes a `storeBlob` whose choice was not recorded (a pick refused): the movie's reference goes
   * unless its selection holds those bytes, and the blob with it when nothing else uses it.
   * Idempotent.
   */
  async function releaseCachedRef(raw: { movieId: number; assetType: AssetType; sha256: string }): Promise<void> {
    const input = parseInput(cachedRefInput, raw);
    await removeReleased(pool, await releaseUnselectedRef(pool, input.movieId, input.assetType, input.sha256));
  }

  /**
   * Removes the run's temp folder and its walk's outcomes; runs in the workflow's finally, so also
   * after failures.
   */
  async function removeRunTemp(raw: { runKey: string }): Promise<void> {
    const input = parseInput(runTempInput, raw);
    let dir: string;
    try {
      dir = runTempDir(config.cacheDir, input.runKey);
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, FailureType.UntrustedTempFile);
    }
    await rm(dir, { recursive: true, force: true });
    await dropWalkOutcomes(pool, input.runKey);
  }

  return { storeBlob: storeBlobActivity, releaseCachedRef, removeRunTemp };
}
