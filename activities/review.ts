import { ApplicationFailure } from '@temporalio/activity';
import { inTransaction } from '../db/pool.js';
import { lockColumn } from '../domain/locks.js';
import type { AssetType, CompletionPolicy } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';
import { replaceSelection, storeCompleteness } from './record.js';

export function createReviewActivities({ pool, config }: ActivityDeps) {
  /** D21: whether to publish without asking, and how long to wait for the user otherwise. */
  async function completionPolicy(): Promise<CompletionPolicy> {
    return { autoPublish: config.autoPublish, reviewTimeoutMs: config.reviewTimeoutMs };
  }

  /**
   * §6.4: the user's picks replace each named type's selection (their blobs already cached and
   * referenced), and lock the type so automation never overrides them. One transaction.
   */
  async function recordPicks(input: { movieId: number; picks: { assetType: AssetType; chosen: { candidateId: number; sha256: string }[] }[] }): Promise<void> {
    await inTransaction(pool, async (c) => {
      const movie = await c.query('SELECT id FROM movies WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [input.movieId]);
      if (movie.rowCount === 0) throw ApplicationFailure.nonRetryable(`movie ${input.movieId} does not exist`, 'NotFound');
      for (const pick of input.picks) {
        await replaceSelection(c, input.movieId, pick.assetType, pick.chosen, 'user');
        await c.query(`UPDATE movies SET ${lockColumn(pick.assetType)} = true, updated_at = now() WHERE id = $1`, [input.movieId]);
      }
      await storeCompleteness(c, input.movieId);
    });
  }

  return { completionPolicy, recordPicks };
}
