import { ApplicationFailure } from '@temporalio/activity';
import { lockMovie, refreshCompleteness, setLocks } from '../db/movies.js';
import { inTransaction } from '../db/pool.js';
import { FailureType } from '../domain/failures.js';
import type { AssetType, CompletionPolicy } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';
import { removeReleased, replaceSelection } from './selection.js';
import { recordPicksInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

export function createReviewActivities({ pool, config }: ActivityDeps) {
  /** Whether to publish without asking, and how long to wait for the user otherwise. */
  async function completionPolicy(): Promise<CompletionPolicy> {
    return { autoPublish: config.autoPublish, reviewTimeoutMs: config.reviewTimeoutMs };
  }

  /**
   * The user's picks replace each named type's selection (their blobs already cached and
   * referenced), and lock the type so automation never overrides them. One transaction.
   */
  async function recordPicks(raw: {
    movieId: number;
    picks: { assetType: AssetType; chosen: { candidateId: number; sha256: string }[] }[];
  }): Promise<void> {
    const input = parseInput(recordPicksInput, raw);
    const released: string[] = [];
    await inTransaction(pool, async (tx) => {
      if (!(await lockMovie(tx, input.movieId)))
        throw ApplicationFailure.nonRetryable(`movie ${input.movieId} does not exist`, FailureType.MovieNotFound);
      for (const pick of input.picks) {
        await replaceSelection(tx, input.movieId, pick.assetType, pick.chosen, 'user', released);
        await setLocks(tx, input.movieId, [pick.assetType], []);
      }
      await refreshCompleteness(tx, input.movieId);
    });
    await removeReleased(pool, released);
  }

  return { completionPolicy, recordPicks };
}
