// Where each movie's enrichment stands: the latest run of each (Temporal visibility, through the
// API's list) and the runs moving right now (the all-runs event feed). A run that ends refreshes
// what depends on it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { api, data, type Schemas } from './client';
import { useProgressEvents, type ProgressEvent } from './events';
import { emptyProgress, applyEvent, type LiveProgress } from './progress';

export type RunItem = Schemas['EnrichmentListItem'];

/** The list answers running runs first, then the most recently closed: the first one per movie is its latest. */
export function latestPerMovie(items: readonly RunItem[]): Map<number, RunItem> {
  const latest = new Map<number, RunItem>();
  for (const item of items) if (item.movieId !== null && !latest.has(item.movieId)) latest.set(item.movieId, item);
  return latest;
}

/** The latest run of every movie (the API's page limit: the 1000 most recent runs). */
export function useLatestRuns() {
  return useQuery({
    queryKey: ['enrichments', 'latest'],
    queryFn: () => data(api.GET('/api/enrichments', { params: { query: { limit: 1000 } } })),
    select: (list) => latestPerMovie(list.items),
    refetchInterval: 15_000,
  });
}

/** Movies with a run in flight, by movie id, as the all-runs feed reports them. */
export function useLiveRuns(): Map<number, LiveProgress> {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(() => new Map<number, LiveProgress>());
  const onEvent = useCallback(
    (event: ProgressEvent) => {
      if (event.movieId === null) return;
      const movieId = event.movieId;
      // A run of a movie not shown yet (registered by a scan or a webhook since): list it.
      if (event.type === 'snapshot') void queryClient.invalidateQueries({ queryKey: ['movies'] });
      setLive((prev) => {
        const next = new Map(prev);
        const updated = applyEvent(prev.get(movieId) ?? emptyProgress(event.workflowId, event.runId), event);
        if (updated.ended) next.delete(movieId);
        else next.set(movieId, updated);
        return next;
      });
      if (event.type === 'done' || event.type === 'failed' || event.type === 'awaiting_review')
        invalidateRunViews(queryClient);
    },
    [queryClient],
  );
  useProgressEvents('/api/events', onEvent);
  return live;
}

/** Everything a run's end can change: lists, the movie, its candidates, the review queue. */
export function invalidateRunViews(queryClient: ReturnType<typeof useQueryClient>): void {
  for (const key of ['movies', 'movie', 'enrichments', 'candidates', 'review'])
    void queryClient.invalidateQueries({ queryKey: [key] });
}
