/** One enrichment workflow per movie: a second trigger while one runs is refused by Temporal itself. */
export function enrichWorkflowId(movieId: number): string {
  return `enrich-movie-${movieId}`;
}

/** One publish per movie at a time, started by the enrichment's complete phase or by the API. */
export function publishWorkflowId(movieId: number): string {
  return `publish-movie-${movieId}`;
}
