/** One enrichment workflow per movie: a second trigger while one runs is refused by Temporal itself. */
export function enrichWorkflowId(movieId: number): string {
  return `enrich-movie-${movieId}`;
}

/** One publish per movie at a time, started by the enrichment's complete phase or by the API. */
export function publishWorkflowId(movieId: number): string {
  return `publish-movie-${movieId}`;
}

/** One user's artwork pick per movie at a time. */
export function selectArtworkWorkflowId(movieId: number): string {
  return `select-artwork-${movieId}`;
}

/** One scan per library at a time. */
export function scanWorkflowId(libraryId: number): string {
  return `scan-library-${libraryId}`;
}

/** A bulk run, named after its `bulk_runs` row. */
export function bulkWorkflowId(bulkRunId: number): string {
  return `enrich-bulk-${bulkRunId}`;
}

/** The task queue a deployment uses unless TASK_QUEUE names another. */
export const DEFAULT_TASK_QUEUE = 'media-enrichment';

/**
 * The Temporal Schedule of the periodic refresh: `refresh-library`, or, for deployments sharing a
 * namespace on their own task queues, one per queue.
 */
export function refreshScheduleId(taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE ? 'refresh-library' : `refresh-library-${taskQueue}`;
}

/** One user's trailer download per movie at a time. */
export function trailerWorkflowId(movieId: number): string {
  return `trailer-${movieId}`;
}
