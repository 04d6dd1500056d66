// Reviews: the runs awaiting one, what each would change, and the decision (approve, with picks or
// not, or reject) sent to the run.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Picks } from './artwork';
import { api, data, type Schemas } from './client';
import { invalidateRunViews } from './runs';

export type ReviewPreview = Schemas['ReviewPreview'];

export function useReviewQueue() {
  return useQuery({
    queryKey: ['enrichments', 'awaiting_review'],
    queryFn: () => data(api.GET('/api/enrichments', { params: { query: { status: 'awaiting_review', limit: 500 } } })),
    // Runs that ended since (approved elsewhere, timed out) keep the status they had: only running ones wait.
    select: (list) => list.items.filter((item) => item.status === 'RUNNING' && item.movieId !== null),
    refetchInterval: 10_000,
  });
}

export function useReviewPreview(movieId: number, enabled = true) {
  return useQuery({
    queryKey: ['review', movieId],
    queryFn: () => data(api.GET('/api/movies/{id}/review', { params: { path: { id: String(movieId) } } })),
    enabled,
  });
}

export function useReviewDecision(movieId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ decision, picks }: { decision: 'approve' | 'reject'; picks?: Picks }) =>
      data(
        api.POST('/api/movies/{id}/review', {
          params: { path: { id: String(movieId) } },
          body: decision === 'approve' && picks && Object.keys(picks).length ? { decision, picks } : { decision },
        }),
      ),
    onSettled: () => invalidateRunViews(queryClient),
  });
}
