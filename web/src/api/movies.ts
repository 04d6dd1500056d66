// A movie as the API shows it, its edits (an edited field is locked) and its lock toggles, its
// latest enrichment run, and starting one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type Schemas } from './client';
import type { paths } from './schema';

export type Movie = Schemas['Movie'];
export type MovieEdit = paths['/api/movies/{id}']['patch']['requestBody']['content']['application/json'];

export function useMovie(id: number) {
  return useQuery({
    queryKey: ['movie', id],
    queryFn: () => data(api.GET('/api/movies/{id}', { params: { path: { id: String(id) } } })),
  });
}

/** The movie's latest run (running first), refreshed while one is in flight. */
export function useLatestRun(movieId: number) {
  return useQuery({
    queryKey: ['enrichments', 'movie', movieId],
    queryFn: async () =>
      (await data(api.GET('/api/enrichments', { params: { query: { movieId, limit: 1 } } }))).items[0] ?? null,
    refetchInterval: (q) => (q.state.data?.status === 'RUNNING' ? 5_000 : false),
  });
}

export function useMovieActions(id: number) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['movie', id] });
    void queryClient.invalidateQueries({ queryKey: ['movies'] });
  };
  const edit = useMutation({
    mutationFn: (body: MovieEdit) =>
      data(api.PATCH('/api/movies/{id}', { params: { path: { id: String(id) } }, body })),
    onSuccess: (movie) => queryClient.setQueryData(['movie', id], movie),
    onSettled: refresh,
  });
  const setLock = useMutation({
    mutationFn: ({ field, locked }: { field: string; locked: boolean }) =>
      data(
        api.POST('/api/movies/{id}/locks', {
          params: { path: { id: String(id) } },
          body: locked ? { lock: [field], unlock: [] } : { lock: [], unlock: [field] },
        }),
      ),
    onSettled: refresh,
  });
  const enrich = useMutation({
    mutationFn: (supersede: boolean) =>
      data(
        api.POST('/api/movies/{id}/enrich', { params: { path: { id: String(id) } }, body: { force: true, supersede } }),
      ),
    onSettled: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: ['enrichments'] });
    },
  });
  return { edit, setLock, enrich };
}
