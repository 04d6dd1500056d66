// Starting an enrichment, however it was asked for (the user's button, a webhook, a retry): through
// the in-flight limits, at the trigger's priority, with the search attributes the lists use and a
// summary that says which film it is in the Temporal Web UI.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { findMovie } from '../db/movies.js';
import { PRIORITY } from '../domain/priority.js';
import { filmName, runSummary } from '../domain/run-summary.js';
import { EnrichmentTriggerKey, MovieIdKey } from '../domain/search-attributes.js';
import type { EnrichMovieInput, Trigger } from '../domain/types.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { enrichMovie, progressQuery, supersedeSignal } from '../workflows/index.js';
import { admissionsFor, type Refusal } from './admission.js';
import type { ApiDeps } from './deps.js';

export type StartOutcome =
  /** `superseded`: the run only waiting for a review that gave way to this one. */
  | { kind: 'started'; workflowId: string; runId: string; superseded?: string }
  /** One runs already: a second trigger joins it rather than start another. */
  | { kind: 'running'; workflowId: string }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'no_movie' };

/** A run asked to give way ends within a workflow task; a worker that is away makes this the wait. */
const SUPERSEDE_DEADLINE_MS = 10_000;

/**
 * Ends the movie's run if it only waits for a review (automation always asks; the user only with
 * `supersede`): its run id once it ended, undefined when it is doing anything else.
 */
export async function supersedeAwaitingReview(
  client: Client,
  workflowId: string,
  trigger: Trigger,
): Promise<string | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  return client.withDeadline(Date.now() + SUPERSEDE_DEADLINE_MS, async () => {
    const progress = await handle.query(progressQuery);
    if (progress.phase !== 'awaiting_review') return undefined;
    const { runId } = await handle.describe();
    await handle.signal(supersedeSignal, { trigger });
    await handle.result().catch(() => undefined);
    return runId;
  });
}

export function enrichmentStarter({ pool, client, config }: ApiDeps) {
  const admissions = admissionsFor(client, config);

  const start = async (input: EnrichMovieInput, opts: { supersede?: boolean } = {}): Promise<StartOutcome> => {
    const movie = await findMovie(pool, input.movieId);
    if (!movie) return { kind: 'no_movie' };
    try {
      const admission = await admissions.admit(input.trigger, () =>
        client.workflow.start(enrichMovie, {
          workflowId: enrichWorkflowId(input.movieId),
          taskQueue: config.temporal.taskQueue,
          args: [input],
          priority: { priorityKey: PRIORITY[input.trigger] },
          staticSummary: runSummary(filmName(movie.title as string | null, movie.year as number | null), input.trigger),
          typedSearchAttributes: [
            { key: MovieIdKey, value: input.movieId },
            { key: EnrichmentTriggerKey, value: input.trigger },
          ],
        }),
      );
      if (!admission.admitted) return { kind: 'refused', refusal: admission.refusal };
      return {
        kind: 'started',
        workflowId: admission.started.workflowId,
        runId: admission.started.firstExecutionRunId,
      };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const running: StartOutcome = { kind: 'running', workflowId: err.workflowId };
      if (input.trigger === 'user' && !opts.supersede) return running;
      const superseded = await supersedeAwaitingReview(client, err.workflowId, input.trigger).catch(() => undefined);
      if (!superseded) return running;
      const fresh = await start(input);
      return fresh.kind === 'started' ? { ...fresh, superseded } : fresh;
    }
  };
  return start;
}
