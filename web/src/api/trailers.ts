// A movie's trailer candidates, choosing one or a URL of one's own (each locks the trailer and
// starts its download), and the lock.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type Schemas } from './client';

export type TrailerCandidate = Schemas['TrailerCandidate'];

export function useTrailers(movieId: number) {
  return useQuery({
    queryKey: ['trailers', movieId],
    queryFn: () => data(api.GET('/api/movies/{id}/trailers', { params: { path: { id: String(movieId) } } })),
    // A download the user started shows up once it ends.
    refetchInterval: (q) => (q.state.data?.candidates.some((c) => c.selected && !c.cachedSha256) ? 3_000 : false),
  });
}

export function useTrailerActions(movieId: number) {
  const queryClient = useQueryClient();
  const path = { id: String(movieId) };
  const onSettled = () => void queryClient.invalidateQueries({ queryKey: ['trailers', movieId] });
  const choose = useMutation({
    mutationFn: (candidateId: number) =>
      data(
        api.POST('/api/movies/{id}/trailers/{candidateId}/select', {
          params: { path: { ...path, candidateId: String(candidateId) } },
        }),
      ),
    onSettled,
  });
  const addUrl = useMutation({
    mutationFn: (url: string) => data(api.POST('/api/movies/{id}/trailers', { params: { path }, body: { url } })),
    onSettled,
  });
  const setLock = useMutation({
    mutationFn: (locked: boolean) =>
      data(
        locked
          ? api.PUT('/api/movies/{id}/trailers/lock', { params: { path } })
          : api.DELETE('/api/movies/{id}/trailers/lock', { params: { path } }),
      ),
    onSettled,
  });
  return { choose, addUrl, setLock };
}
