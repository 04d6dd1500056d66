// A movie's artwork candidates and what can be done to them: select (the type's first, locked),
// block, unblock. Each action refreshes the candidates and the movie.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type Schemas } from './client';

export type Candidate = Schemas['Candidate'];
export type AssetType = Candidate['assetType'];
/** Review picks per type: candidate ids, best first. */
export type Picks = Partial<Record<AssetType, number[]>>;

export const ASSET_LABELS: Record<AssetType, string> = {
  poster: 'Posters',
  fanart: 'Backdrops (fanart)',
  banner: 'Banners',
  clearlogo: 'Logos',
  clearart: 'Clear art',
  landscape: 'Landscapes',
  keyart: 'Key art',
  discart: 'Disc art',
};

/** Artwork types in the order enrichment handles them (the labels' order; the record names every type). */
export const ASSET_TYPES = Object.keys(ASSET_LABELS) as AssetType[];

export function useCandidates(movieId: number) {
  return useQuery({
    queryKey: ['candidates', movieId],
    queryFn: () => data(api.GET('/api/movies/{id}/candidates', { params: { path: { id: String(movieId) } } })),
  });
}

/** The candidates per type, ranked; types without candidates left out. */
export function byType(candidates: readonly Candidate[]): [AssetType, Candidate[]][] {
  return ASSET_TYPES.map((t): [AssetType, Candidate[]] => [
    t,
    candidates.filter((c) => c.assetType === t).sort((a, b) => a.rank - b.rank),
  ]).filter(([, list]) => list.length > 0);
}

/**
 * The picks after choosing `candidate` as its type's first: the other selected images keep their
 * order behind it, as many as the type's selection holds now.
 */
export function pickFirst(picks: Picks, candidate: Candidate, ofType: readonly Candidate[]): Picks {
  const current = picks[candidate.assetType] ?? ofType.filter((c) => c.state === 'selected').map((c) => c.id);
  const keep = Math.max(1, ofType.filter((c) => c.state === 'selected').length);
  const next = [candidate.id, ...current.filter((id) => id !== candidate.id)].slice(0, keep);
  return { ...picks, [candidate.assetType]: next };
}

export function useArtworkActions(movieId: number) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['candidates', movieId] });
    void queryClient.invalidateQueries({ queryKey: ['movie', movieId] });
    void queryClient.invalidateQueries({ queryKey: ['movies'] });
  };
  const select = useMutation({
    mutationFn: (id: number) => data(api.POST('/api/candidates/{id}/select', { params: { path: { id: String(id) } } })),
    onSettled: refresh,
  });
  const block = useMutation({
    mutationFn: (id: number) => data(api.POST('/api/candidates/{id}/block', { params: { path: { id: String(id) } } })),
    onSettled: refresh,
  });
  const unblock = useMutation({
    mutationFn: (id: number) =>
      data(api.POST('/api/candidates/{id}/unblock', { params: { path: { id: String(id) } } })),
    onSettled: refresh,
  });
  return { select, block, unblock };
}
