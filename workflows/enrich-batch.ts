import {
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  patched,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
// The one failure a child start throws that @temporalio/workflow does not re-export.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  BATCH_HISTORY_LIMIT,
  MAX_KEPT_FAILURES,
  MAX_KEPT_PAUSES,
  type BatchMovie,
  type BatchPause,
  type BatchProgress,
  type EnrichBatchInput,
} from '../domain/batch.js';
import { PRIORITY } from '../domain/priority.js';
import { runSummary } from '../domain/run-summary.js';
import { EnrichmentTriggerKey, MovieIdKey } from '../domain/search-attributes.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { batchProgressQuery, childAwaitingReviewSignal, supersedeSignal } from './definitions.js';
import { enrichMovie } from './enrich-movie.js';
import { InfrastructureWait } from './infrastructure-wait.js';
import { activityGroups, rootMessage } from './proxies.js';

/** A movie whose run is going: how often its start is tried again after asking a review-waiting run to give way. */
const SUPERSEDE_ATTEMPTS = 3;
const SUPERSEDE_WAIT = '2 seconds';

/**
 * Batches recorded before every start asked about rate limits replay with a look at most once a
 * second (a start could slip in within a second of a 429).
 */
const CHECK_EACH_START_PATCH = 'rate-limit-check-each-start';
const LEGACY_CHECK_INTERVAL_MS = 1_000;

/**
 * A batch of enrichments (a bulk run, a scan's import, the scheduled refresh): children in a
 * sliding window of `window` at once, at the trigger's priority. New starts wait while a provider
 * reports rate limiting; the history is kept short by continuing as new (after the window drains);
 * cancelling stops new starts and leaves running children to finish.
 */
export async function enrichBatch(input: EnrichBatchInput): Promise<BatchProgress> {
  const carried = input.carried;
  const progress: BatchProgress = {
    state: 'selecting',
    trigger: input.trigger,
    total: carried?.counts.total ?? 0,
    done: carried?.counts.done ?? 0,
    awaitingReview: carried?.counts.awaitingReview ?? 0,
    failed: carried?.counts.failed ?? 0,
    skipped: carried?.counts.skipped ?? 0,
    running: 0,
    remaining: carried?.remaining.length ?? 0,
    startedAt: carried?.startedAt ?? new Date().toISOString(),
    pauses: carried?.pauses ?? [],
    failures: carried?.failures ?? [],
    continuedRuns: carried?.continuedRuns ?? 0,
  };
  setHandler(batchProgressQuery, () => progress);
  // Children that said they wait for a review, and the batch's waits for that word, by movie.
  const reviewing = new Set<number>();
  const reviewWaiters = new Map<number, () => void>();
  setHandler(childAwaitingReviewSignal, ({ movieId }) => {
    reviewing.add(movieId);
    reviewWaiters.get(movieId)?.();
  });
  const { batch } = activityGroups(new InfrastructureWait(() => undefined));

  let remaining: BatchMovie[] = [...(carried?.remaining ?? [])];
  const enrich = async ({ movieId, film }: BatchMovie) => {
    const workflowId = enrichWorkflowId(movieId);
    for (let attempt = 0; ; attempt++) {
      try {
        const child = await startChild(enrichMovie, {
          workflowId,
          args: [{ movieId, trigger: input.trigger }],
          priority: { priorityKey: PRIORITY[input.trigger] },
          typedSearchAttributes: [
            { key: MovieIdKey, value: movieId },
            { key: EnrichmentTriggerKey, value: input.trigger },
          ],
          staticSummary: runSummary(film, input.trigger),
          // Cancelling the batch stops new starts only: enrichments already going finish.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          cancellationType: ChildWorkflowCancellationType.ABANDON,
        });
        // Done when it ends, or once it only waits for the user (it carries on without the batch).
        const saidReviewing = new Promise<'reviewing'>((resolve) => {
          reviewWaiters.set(movieId, () => resolve('reviewing'));
          if (reviewing.has(movieId)) resolve('reviewing');
        });
        try {
          const ended = child.result().then(() => 'ended' as const);
          // Its failure after it went on to wait for a review is the child's own, not the batch's.
          ended.catch(() => undefined);
          const outcome = await Promise.race([ended, saidReviewing]);
          if (outcome === 'ended') progress.done++;
          else progress.awaitingReview++;
        } finally {
          reviewWaiters.delete(movieId);
          reviewing.delete(movieId);
        }
        return;
      } catch (err) {
        // The batch itself was cancelled: this movie is simply not its business any more.
        if (isCancellation(err) && CancellationScope.current().consideredCancelled) return;
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
          progress.failed++;
          progress.failures.push({ movieId, reason: rootMessage(err) });
          progress.failures.splice(0, progress.failures.length - MAX_KEPT_FAILURES);
          return;
        }
        if (attempt >= SUPERSEDE_ATTEMPTS) {
          progress.skipped++;
          return;
        }
      }
      // A run only waiting for a review gives way to automation; any other run is left alone.
      await getExternalWorkflowHandle(workflowId)
        .signal(supersedeSignal, { trigger: input.trigger })
        .catch(() => undefined);
      // Only the batch's cancellation ends the wait early: then this movie is left as it is.
      const waited = await sleep(SUPERSEDE_WAIT).then(
        () => true,
        () => false,
      );
      if (!waited) return;
    }
  };

  /** While a provider reports rate limiting, nothing new starts; the pause is kept in the progress. */
  const waitOutRateLimits = async () => {
    for (;;) {
      const limited = await batch.providerRateLimit();
      if (!limited) return;
      const pause: BatchPause = {
        provider: limited.provider,
        reason: limited.reason,
        from: new Date().toISOString(),
        until: limited.until,
      };
      progress.pauses.push(pause);
      progress.pauses.splice(0, progress.pauses.length - MAX_KEPT_PAUSES);
      progress.state = 'paused';
      await sleep(Math.max(1000, Date.parse(limited.until) - Date.now()));
      pause.resumedAt = new Date().toISOString();
      progress.state = 'running';
    }
  };

  const finish = async () => {
    if (input.bulkRunId !== undefined)
      await CancellationScope.nonCancellable(() => batch.finishBulkRun({ bulkRunId: input.bulkRunId! }));
  };

  try {
    if (!carried) {
      remaining = await batch.selectBatchMovies({ selection: input.selection });
      progress.total = remaining.length;
    }
    progress.remaining = remaining.length;
    progress.state = 'running';
    let lastCheck = -Infinity;
    while (remaining.length > 0) {
      const info = workflowInfo();
      if (info.historyLength >= (input.historyLimit ?? BATCH_HISTORY_LIMIT) || info.continueAsNewSuggested) break;
      await condition(() => progress.running < input.window);
      // A look is one marker in the history: cheap beside the child start it guards.
      if (patched(CHECK_EACH_START_PATCH) || Date.now() - lastCheck >= LEGACY_CHECK_INTERVAL_MS) {
        await waitOutRateLimits();
        lastCheck = Date.now();
      }
      const movie = remaining.shift()!;
      progress.remaining = remaining.length;
      progress.running++;
      // enrich() settles every outcome itself and never rejects.
      void enrich(movie).finally(() => progress.running--);
    }
    if (remaining.length > 0) progress.state = 'draining';
    await condition(() => progress.running === 0);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    progress.state = 'cancelled';
    await finish();
    return progress;
  }
  if (remaining.length > 0)
    return continueAsNew<typeof enrichBatch>({
      ...input,
      // A list's movies still to do travel in `remaining`: not twice.
      selection: input.selection.kind === 'movies' ? { kind: 'movies', movieIds: [] } : input.selection,
      carried: {
        remaining,
        counts: {
          total: progress.total,
          done: progress.done,
          awaitingReview: progress.awaitingReview,
          failed: progress.failed,
          skipped: progress.skipped,
        },
        pauses: progress.pauses,
        failures: progress.failures,
        startedAt: progress.startedAt,
        continuedRuns: progress.continuedRuns + 1,
      },
    });
  progress.state = 'finished';
  await finish();
  return progress;
}
