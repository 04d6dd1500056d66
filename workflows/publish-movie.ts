import { FailureType } from '../domain/failures.js';
import type { PublishMovieInput, PublishResult } from '../domain/types.js';
import { InfrastructureWait } from './infrastructure-wait.js';
import { activityGroups, asWorkflowFailure } from './proxies.js';

/**
 * Publishes one movie into its library folder: plan and check everything, write what changed
 * (backing up a user's file at one of our names first), then remove what an earlier publish wrote
 * and is no longer selected. Each step derives the folder again from the database.
 */
export async function publishMovie(input: PublishMovieInput): Promise<PublishResult> {
  const { movieId } = input;
  // Publishing writes no progress of its own: the enrichment that started it shows its phase.
  const { library } = activityGroups(new InfrastructureWait());
  try {
    const plan = await library.planPublish({ movieId });
    // A result an older worker returned has no `backedUp`.
    const {
      written,
      unchanged,
      backedUp = [],
    } = await library.writeLibraryFiles({ movieId, folder: plan.folder, files: plan.files });
    const { removed } = await library.completePublish({
      movieId,
      folder: plan.folder,
      keep: plan.files.map((f) => f.name),
    });
    return { movieId, folder: plan.folder, written, unchanged, removed, backedUp };
  } catch (err) {
    throw asWorkflowFailure(err, FailureType.PublishFailed);
  }
}
