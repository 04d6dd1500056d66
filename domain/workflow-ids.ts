/** One enrichment workflow per movie: a second trigger while one runs is refused by Temporal itself. */
export function enrichWorkflowId(movieId: number): string {
  return `enrich-movie-${movieId}`;
}
