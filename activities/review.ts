import { existsSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/activity';
import { blockedAmong, findCandidate, typeSelection } from '../db/candidates.js';
import { lockMovie, refreshCompleteness, setLocks } from '../db/movies.js';
import { inTransaction } from '../db/pool.js';
import { readSettings } from '../db/settings.js';
import { FailureType } from '../domain/failures.js';
import type { AssetType, CompletionPolicy, PickPlan } from '../domain/types.js';
import type { ActivityDeps } from './deps.js';
import { replaceSelection } from '../storage/selection.js';
import { removeReleased } from './selection.js';
import { planPickInput, recordPicksInput } from '../domain/activity-inputs.js';
import { parseInput } from './input.js';

export function createReviewActivities({ pool, config }: ActivityDeps) {
  /** Whether to publish without asking, and how long to wait for the user otherwise: the settings in force now. */
  async function completionPolicy(): Promise<CompletionPolicy> {
    const { settings } = await readSettings(pool, config);
    return { autoPublish: settings.autoPublish, reviewTimeoutMs: settings.reviewTimeoutMs };
  }

  /**
   * The user's picks replace each named type's selection (their blobs already cached and
   * referenced), and lock the type so automation never overrides them. One transaction. A blocked
   * candidate is refused: it may have been blocked after the review's plan was made.
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
      const blocked = await blockedAmong(
        tx,
        input.picks.flatMap((p) => p.chosen.map((c) => c.candidateId)),
      );
      if (blocked.length > 0)
        throw ApplicationFailure.nonRetryable(
          `candidate ${blocked.join(', ')} is blocked: unblock it to pick it`,
          FailureType.PickRefused,
        );
      for (const pick of input.picks) {
        await replaceSelection(tx, input.movieId, pick.assetType, pick.chosen, 'user', released);
        await setLocks(tx, input.movieId, [pick.assetType], []);
      }
      await refreshCompleteness(tx, input.movieId);
    });
    await removeReleased(pool, released);
  }

  /**
   * What picking one candidate needs: its type and URL, the bytes this movie already holds for it
   * (then nothing is downloaded), the type's selection and limit. A candidate that is not the
   * movie's, is blocked, or whose type is disabled is refused.
   */
  async function planPick(raw: { movieId: number; candidateId: number }): Promise<PickPlan> {
    const input = parseInput(planPickInput, raw);
    const refuse = (why: string) =>
      ApplicationFailure.nonRetryable(`candidate ${input.candidateId} ${why}`, FailureType.PickRefused);
    const candidate = await findCandidate(pool, input.candidateId);
    if (!candidate || candidate.movieId !== input.movieId) throw refuse(`is not one of movie ${input.movieId}'s`);
    if (candidate.blocked) throw refuse('is blocked: unblock it to pick it');
    const { assetType } = candidate;
    const limit = (await readSettings(pool, config)).settings.assetLimits[assetType];
    if (limit === 0) throw refuse(`is a ${assetType}, a type that is disabled (limit 0)`);
    const selection = (await typeSelection(pool, input.movieId, assetType)).map(({ candidateId, sha256 }) => ({
      candidateId,
      sha256,
    }));
    // The cache is the source of truth: a reference whose file is gone means download again.
    const held = candidate.heldPath !== null && existsSync(candidate.heldPath);
    return { assetType, url: candidate.url, heldSha256: held ? candidate.sha256 : null, selection, limit };
  }

  return { completionPolicy, recordPicks, planPick };
}
