import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PublishMovieInput, PublishResult } from '../domain/types.js';
// Reading the movie and checking its files is quick: the shared database-activity policy.
import { db } from './proxies.js';

// Copying up to a few dozen images of up to 50 MiB each; a heartbeat per file shows progress.
const writes = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

/**
 * Publishes one movie into its library folder (ENRICHMENT.md §10): plan and check everything,
 * write what changed, then remove what an earlier publish wrote and is no longer selected.
 */
export async function publishMovie(input: PublishMovieInput): Promise<PublishResult> {
  const { movieId } = input;
  try {
    const plan = await db.planPublish({ movieId });
    const { written, unchanged } = await writes.writeLibraryFiles({ movieId, folder: plan.folder, files: plan.files });
    const { removed } = await writes.completePublish({ movieId, folder: plan.folder, keep: plan.files.map((f) => f.name) });
    return { movieId, folder: plan.folder, written, unchanged, removed };
  } catch (err) {
    // The workflow fails with the reason ("cache file … is missing"), not "activity task failed";
    // the activity failure stays attached as the cause.
    if (err instanceof ActivityFailure && err.cause) {
      const type = err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
      throw ApplicationFailure.create({ message: err.cause.message, type: type ?? 'Publish.failed', nonRetryable: true, cause: err });
    }
    throw err;
  }
}
