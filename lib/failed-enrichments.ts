// The movies whose latest enrichment failed, was terminated or timed out: what "retry the failed
// ones" means. Found through Temporal's visibility, then each checked for a later run.
import type { Client } from '@temporalio/client';
import { MovieIdKey } from '../domain/search-attributes.js';
import { enrichMovie } from '../workflows/index.js';

/** Ended without an outcome of their own. */
export const FAILED_STATUSES = ['FAILED', 'TERMINATED', 'TIMED_OUT'];

export async function failedEnrichmentMovieIds(client: Client, taskQueue: string): Promise<number[]> {
  const query =
    `WorkflowType = "${enrichMovie.name}" AND TaskQueue = "${taskQueue}" AND ` +
    `ExecutionStatus IN ("Failed", "Terminated", "TimedOut")`;
  const byWorkflow = new Map<string, number>();
  for await (const run of client.workflow.list({ query })) {
    const movieId = run.typedSearchAttributes.get(MovieIdKey);
    if (movieId !== undefined) byWorkflow.set(run.workflowId, movieId);
  }
  const failed: number[] = [];
  for (const [workflowId, movieId] of byWorkflow) {
    // A failed run followed by another (running or done) is not failed any more.
    const latest = await client.workflow.getHandle(workflowId).describe();
    if (FAILED_STATUSES.includes(latest.status.name)) failed.push(movieId);
  }
  return failed.sort((a, b) => a - b);
}
