// The complete phase: publish at once when AUTO_PUBLISH is on and something changed;
// otherwise wait, durably and for days if need be, for the user's `review` update.
import {
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  executeChild,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { FailureType } from '../domain/failures.js';
import { reviewError } from '../domain/review.js';
import type {
  AssetPicks,
  AssetType,
  EnrichmentProgress,
  PublishReport,
  ReviewOutcome,
  TypePlan,
  Trigger,
  TypeSelection,
} from '../domain/types.js';
import { publishWorkflowId } from '../domain/workflow-ids.js';
import { childAwaitingReviewSignal, reviewUpdate, supersedeSignal } from './definitions.js';
import { isInfrastructureGiveUp } from './infrastructure-wait.js';
import { rootMessage, type ActivityGroups } from './proxies.js';
import { reportStatus } from './status.js';
import { publishMovie } from './publish-movie.js';

/**
 * Runs `publish-movie-{id}` as a child; its failure is reported, not thrown: the enrichment stands.
 * Only a publish that gave up waiting for our infrastructure fails the run.
 */
export async function publishNow(movieId: number): Promise<PublishReport> {
  try {
    const result = await executeChild(publishMovie, { workflowId: publishWorkflowId(movieId), args: [{ movieId }] });
    return { status: 'published', result };
  } catch (err) {
    const cause = err instanceof ChildWorkflowFailure ? err.cause : err;
    if (isInfrastructureGiveUp(cause)) throw cause;
    return { status: 'failed', reason: rootMessage(err) };
  }
}

const formatDuration = (ms: number) =>
  ms % 86_400_000 === 0 ? `${ms / 86_400_000} d` : ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;

/** What the review handler works on, once the run has something to review. */
interface ReviewRun {
  movieId: number;
  plans: TypePlan[];
  selections: TypeSelection[];
  runKey: string;
}

export interface ReviewState {
  run?: ReviewRun;
  reviewing: boolean;
  outcome?: ReviewOutcome;
  /** Set when applying a review gave up waiting for the database or the cache volume. */
  infrastructureGiveUp?: ApplicationFailure;
  /** A webhook, scan, schedule or bulk run asked for a fresh run while this one awaited review. */
  supersededBy?: Trigger;
}

/**
 * Registered when the workflow starts, so a review sent too early is refused by the validator
 * (naming the phase) rather than held back and applied later.
 */
export function installReviewHandler(
  progress: EnrichmentProgress,
  state: ReviewState,
  activities: ActivityGroups,
): void {
  setHandler(supersedeSignal, ({ trigger }) => {
    // Only a run that does nothing but wait gives way; a review being applied finishes first.
    if (progress.phase === 'awaiting_review' && !state.reviewing) state.supersededBy ??= trigger;
  });
  setHandler(
    reviewUpdate,
    async (review) => {
      const run = state.run!;
      state.reviewing = true;
      // The person's review wins over a request to give way that came just before it.
      delete state.supersededBy;
      reportStatus('running');
      try {
        const picks = review.decision === 'approve' ? (review.picks ?? {}) : {};
        if (Object.keys(picks).length > 0) await applyPicks(activities, run, picks);
        progress.phase = 'publish';
        const publish: PublishReport =
          review.decision === 'approve'
            ? await publishNow(run.movieId)
            : { status: 'not_published', reason: 'rejected by the user' };
        state.outcome = { decision: review.decision, picks, publish };
        return state.outcome;
      } catch (err) {
        // Our infrastructure stayed away past the wait limit: the run itself fails (an update's
        // failure alone cannot end it), loudly, rather than wait for a review it cannot apply.
        if (isInfrastructureGiveUp(err)) {
          state.infrastructureGiveUp = err as ApplicationFailure;
          state.reviewing = false;
          throw err;
        }
        // The picks could not be applied (a download failed): still awaiting a review.
        state.reviewing = false;
        progress.phase = 'awaiting_review';
        reportStatus('awaiting_review');
        throw ApplicationFailure.create({
          message: `review not applied: ${rootMessage(err)}`,
          type: FailureType.ReviewFailed,
          nonRetryable: true,
        });
      }
    },
    {
      validator: (review) => {
        const error = reviewError(review, progress.phase, state.reviewing, state.run?.plans ?? []);
        if (error) throw new Error(error);
      },
    },
  );
}

export async function completeEnrichment(
  run: ReviewRun & { changed: boolean; progress: EnrichmentProgress },
  state: ReviewState,
  { recording }: ActivityGroups,
): Promise<{ publish: PublishReport; review?: ReviewOutcome; supersededBy?: Trigger }> {
  const { movieId, progress } = run;
  if (!run.changed)
    return { publish: { status: 'not_published', reason: 'nothing changed since the last enrichment' } };
  const policy = await recording.completionPolicy();
  if (policy.autoPublish) {
    progress.phase = 'publish';
    return { publish: await publishNow(movieId) };
  }
  if (policy.reviewTimeoutMs === 0)
    return {
      publish: {
        status: 'not_published',
        reason: `review wait is off (review timeout 0): publish with POST /api/movies/${movieId}/publish`,
      },
    };

  state.run = run;
  progress.phase = 'awaiting_review';
  reportStatus('awaiting_review');
  // A batch that started this run moves on; a batch that has ended since needs no word.
  const { parent } = workflowInfo();
  if (parent)
    await getExternalWorkflowHandle(parent.workflowId, parent.runId)
      .signal(childAwaitingReviewSignal, { movieId })
      .catch(() => undefined);
  const deadline = Date.now() + policy.reviewTimeoutMs;
  progress.reviewDeadline = new Date(deadline).toISOString();
  while (!state.outcome) {
    const remaining = deadline - Date.now();
    if (remaining <= 0 || !(await condition(() => state.reviewing || !!state.supersededBy, remaining))) {
      delete progress.reviewDeadline;
      return {
        publish: { status: 'not_published', reason: `no review within ${formatDuration(policy.reviewTimeoutMs)}` },
      };
    }
    if (!state.reviewing && state.supersededBy) {
      delete progress.reviewDeadline;
      const by = state.supersededBy;
      return { publish: { status: 'not_published', reason: `superseded by a ${by} enrichment` }, supersededBy: by };
    }
    await condition(() => state.outcome !== undefined || !state.reviewing);
    if (state.infrastructureGiveUp) throw state.infrastructureGiveUp;
  }
  delete progress.reviewDeadline;
  return { publish: state.outcome.publish, review: state.outcome };
}

/**
 * The user's picks: each picked type's candidates become its selection. Bytes this movie already holds are
 * reused; the rest are downloaded and cached first. A candidate that cannot be downloaded fails
 * the review (nothing is recorded), so the user can pick again.
 */
async function applyPicks(
  { downloads, storage, recording }: ActivityGroups,
  run: ReviewRun,
  picks: AssetPicks,
): Promise<void> {
  const held = new Map<number, string>();
  for (const p of run.plans)
    for (const c of p.candidates) if (c.cachedForItem && c.knownSha256) held.set(c.id, c.knownSha256);
  for (const s of run.selections) for (const a of s.accepted) held.set(a.candidateId, a.sha256);
  const chosenByType: { assetType: AssetType; chosen: { candidateId: number; sha256: string }[] }[] = [];
  /** Bytes this review downloaded and stored: their cache references go again if the picks are not recorded. */
  const stored: { assetType: AssetType; sha256: string }[] = [];
  let recorded = false;
  try {
    for (const [assetType, ids] of Object.entries(picks) as [AssetType, number[]][]) {
      const plan = run.plans.find((p) => p.assetType === assetType)!;
      const chosen: { candidateId: number; sha256: string }[] = [];
      for (const id of ids) {
        const known = held.get(id);
        if (known) {
          chosen.push({ candidateId: id, sha256: known });
          continue;
        }
        const candidate = plan.candidates.find((c) => c.id === id)!;
        const outcome = await downloads.downloadCandidate({ runKey: run.runKey, candidateId: id, url: candidate.url });
        if (!outcome.ok)
          throw ApplicationFailure.nonRetryable(
            `${assetType} candidate ${id} could not be used: ${outcome.reason}`,
            FailureType.PickFailed,
          );
        await storage.storeBlob({ image: outcome, movieId: run.movieId, assetType });
        stored.push({ assetType, sha256: outcome.sha256 });
        chosen.push({ candidateId: id, sha256: outcome.sha256 });
      }
      chosenByType.push({ assetType, chosen });
    }
    await recording.recordPicks({ movieId: run.movieId, picks: chosenByType });
    recorded = true;
  } finally {
    // A later pick failing to download, or the picks refused, leaves the earlier downloads unselected.
    if (!recorded)
      for (const s of stored)
        await CancellationScope.nonCancellable(() =>
          storage.releaseCachedRef({ movieId: run.movieId, assetType: s.assetType, sha256: s.sha256 }),
        ).catch(() => undefined);
    await storage.removeRunTemp({ runKey: run.runKey });
  }
}
