import { EDITABLE_LISTS, lockColumn, type EditableList, type Lockable } from './locks.js';
import { unlockedRecordedColumns } from './recording.js';
import type { TmdbMovieResult } from './schemas.js';
import { ASSET_TYPES, type AssetType } from './types.js';

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

/** What a title search is matched against: the words typed (or the movie's title) and a year. */
export interface SearchQuery {
  title: string;
  year: number | null;
}

/** A TMDB search result as the identify dialog lists it, with how well it matches the query. */
export interface ScoredResult {
  tmdbId: number;
  title: string;
  originalTitle: string | null;
  year: number | null;
  overview: string | null;
  posterPath: string | null;
  popularity: number | null;
  score: number;
}

const yearOf = (releaseDate: string | null | undefined): number | null =>
  releaseDate && /^\d{4}/.test(releaseDate) ? Number(releaseDate.slice(0, 4)) : null;

/** The character pairs of each word, with repeats: "aaa" has "aa" twice. */
function bigrams(s: string): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const word of s.split(' '))
    for (let i = 0; i + 1 < word.length; i++) {
      const pair = word.slice(i, i + 2);
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
    }
  return pairs;
}

/**
 * 0–1: equal normalised titles score 1; otherwise the Dice coefficient of their character pairs,
 * which forgives a typo, a missing article or a subtitle more than a different film's name.
 */
function titleSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [x, y] = [bigrams(a), bigrams(b)];
  let shared = 0;
  for (const [pair, n] of x) shared += Math.min(n, y.get(pair) ?? 0);
  const total = [...x.values(), ...y.values()].reduce((sum, n) => sum + n, 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * How well a result matches the query, 0–100. The better of its title and original title counts
 * for 80 and the year for 20: full when equal, half when one year off (release years differ by
 * country and festival). Without a year in the query the title alone decides, on the whole scale.
 */
export function matchScore(
  query: SearchQuery,
  result: { title: string; originalTitle: string | null; year: number | null },
): number {
  const wanted = normalise(query.title);
  const title = Math.max(
    ...[result.title, result.originalTitle ?? ''].map((t) => titleSimilarity(wanted, normalise(t))),
  );
  if (query.year === null) return Math.round(title * 100);
  const distance = result.year === null ? Infinity : Math.abs(result.year - query.year);
  const year = distance === 0 ? 1 : distance === 1 ? 0.5 : 0;
  return Math.round(title * 80 + year * 20);
}

/** TMDB's results scored against the query, best first; equal scores by TMDB's popularity. */
export function rankSearchResults(query: SearchQuery, results: readonly TmdbMovieResult[]): ScoredResult[] {
  return results
    .map((r) => {
      const candidate = {
        tmdbId: r.id,
        title: r.title,
        originalTitle: r.original_title ?? null,
        year: yearOf(r.release_date),
        overview: r.overview || null,
        posterPath: r.poster_path || null,
        popularity: r.popularity ?? null,
      };
      return { ...candidate, score: matchScore(query, candidate) };
    })
    .sort((a, b) => b.score - a.score || (b.popularity ?? 0) - (a.popularity ?? 0) || a.tmdbId - b.tmdbId);
}

/** What re-identifying a movie resets and what it keeps. */
export interface Reidentification {
  /** Recorded columns the old film filled that no lock protects. */
  clearColumns: string[];
  /** Lists the user did not lock: the new film's replace them. */
  clearLists: EditableList[];
  /** The cast goes unless the user locked its order (links with a locked role stay either way). */
  clearCast: boolean;
  /**
   * Artwork types the user locked keep their candidates and selection: a lock is the user saying
   * "this one", even if it came with the old identity. Every other type starts afresh.
   */
  keptArtwork: AssetType[];
}

/**
 * A movie matched to the wrong film keeps what the user set (locked fields, lists, artwork types)
 * and loses everything else the wrong film supplied, so the right film's enrichment fills it.
 */
export function reidentification(movie: Readonly<Record<string, unknown>>): Reidentification {
  const locked = (name: Lockable) => movie[lockColumn(name)] === true;
  return {
    clearColumns: unlockedRecordedColumns(movie),
    clearLists: EDITABLE_LISTS.filter((l) => !locked(l)),
    clearCast: !locked('actors_order'),
    keptArtwork: ASSET_TYPES.filter((t) => locked(t)),
  };
}
