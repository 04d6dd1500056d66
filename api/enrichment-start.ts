// Starting an enrichment, however it was asked for (the user's button, a webhook, a retry): through
// the in-flight limits, at the trigger's priority, with the search attributes the lists use and a
// summary that says which film it is in the Temporal Web UI.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { findMovie } from '../db/movies.js';
import { PRIORITY } from '../domain/priority.js';
import { EnrichmentTriggerKey, MovieIdKey } from '../domain/search-attributes.js';
import type { EnrichMovieInput } from '../domain/types.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { enrichMovie } from '../workflows/index.js';
import { admissionsFor, type Refusal } from './admission.js';
import type { ApiDeps } from './deps.js';

export type StartOutcome =
  | { kind: 'started'; workflowId: string; runId: string }
  /** One runs already: a second trigger joins it rather than start another. */
  | { kind: 'running'; workflowId: string }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'no_movie' };

/** "Arrival (2016) · webhook": what the Web UI's workflow list shows for the run. */
export function runSummary(title: string | null, year: number | null, trigger: EnrichMovieInput['trigger']): string {
  const film = title ? `${title}${year ? ` (${year})` : ''}` : 'untitled film';
  return `${film} · ${trigger}`;
}

export function enrichmentStarter({ pool, client, config }: ApiDeps) {
  const admissions = admissionsFor(client, config);
  return async (input: EnrichMovieInput): Promise<StartOutcome> => {
    const movie = await findMovie(pool, input.movieId);
    if (!movie) return { kind: 'no_movie' };
    try {
      const admission = await admissions.admit(input.trigger, () =>
        client.workflow.start(enrichMovie, {
          workflowId: enrichWorkflowId(input.movieId),
          taskQueue: config.temporal.taskQueue,
          args: [input],
          priority: { priorityKey: PRIORITY[input.trigger] },
          staticSummary: runSummary(movie.title as string | null, movie.year as number | null, input.trigger),
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
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { kind: 'running', workflowId: err.workflowId };
      throw err;
    }
  };
}
