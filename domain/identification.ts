import type { TmdbMovieResult } from './schemas.js';

const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Accept a search result only when confident: exactly one result whose normalised title
 * matches and whose year is within ±1, or a single result overall.
 */
export function identifyBySearch(
  title: string,
  year: number | null,
  results: TmdbMovieResult[],
): { ok: true; tmdbId: number } | { ok: false; reason: string } {
  if (results.length === 1) return { ok: true, tmdbId: results[0]!.id };
  const wanted = normalise(title);
  const matches = results.filter((r) => {
    const titles = [r.title, r.original_title ?? ''].map(normalise);
    const y = r.release_date ? Number(r.release_date.slice(0, 4)) : null;
    return titles.includes(wanted) && (year === null || (y !== null && Math.abs(y - year) <= 1));
  });
  if (matches.length === 1) return { ok: true, tmdbId: matches[0]!.id };
  return {
    ok: false,
    reason:
      results.length === 0
        ? `TMDB search for "${title}" found nothing`
        : `TMDB search for "${title}"${year ? ` (${year})` : ''} is ambiguous: ${matches.length} matching of ${results.length} results`,
  };
}
