// The library: movies page by page with the list's filters, and the library folders with their scans.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type Schemas } from './client';
import type { paths } from './schema';

export type MovieSummary = Schemas['MovieSummary'];
export type Library = Schemas['Library'];
type MovieQuery = NonNullable<paths['/api/movies']['get']['parameters']['query']>;
export type MovieFilters = Pick<MovieQuery, 'q' | 'status' | 'sort'>;

/** Movies a page at a time (the first page is what the library shows first). */
export const PAGE_SIZE = 120;

export function useMovies(filters: MovieFilters) {
  return useInfiniteQuery({
    queryKey: ['movies', filters],
    queryFn: ({ pageParam }) =>
      data(
        api.GET('/api/movies', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useLibraries() {
  return useQuery({
    queryKey: ['libraries'],
    queryFn: () => data(api.GET('/api/libraries')),
  });
}

/** Adds a library folder and starts its first scan (new films are enriched as they are found). */
export function useImportLibrary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; path: string; autoEnrich: boolean }) => {
      const library = await data(api.POST('/api/libraries', { body }));
      await data(api.POST('/api/libraries/{id}/scan', { params: { path: { id: String(library.id) } } }));
      return library;
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['libraries'] });
      void queryClient.invalidateQueries({ queryKey: ['movies'] });
    },
  });
}

export function useRescan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => data(api.POST('/api/libraries/{id}/scan', { params: { path: { id: String(id) } } })),
    onSettled: (_, __, id) => void queryClient.invalidateQueries({ queryKey: ['scan', id] }),
  });
}

/** A library's latest scan, polled while it runs; the end of one seen running refreshes the movies. */
export function useScan(id: number, enabled: boolean) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['scan', id],
    queryFn: async () => {
      const { data: view, response } = await api
        .GET('/api/libraries/{id}/scan', { params: { path: { id: String(id) } } })
        .catch((err: unknown) => {
          // Never scanned: nothing to show yet.
          if ((err as { status?: number }).status === 404) return { data: null, response: null };
          throw err;
        });
      const before = queryClient.getQueryData<{ status?: string } | null>(['scan', id]);
      if (response && view && view.status !== 'RUNNING' && before?.status === 'RUNNING') {
        void queryClient.invalidateQueries({ queryKey: ['movies'] });
        void queryClient.invalidateQueries({ queryKey: ['libraries'] });
      }
      return view ?? null;
    },
    enabled,
    refetchInterval: (q) => (q.state.data?.status === 'RUNNING' ? 1_000 : false),
  });
}
