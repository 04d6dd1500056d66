// The API's read model: movies as a person sees them, with locks grouped, lists, cast and the
// selected artwork with its cache paths.
import { classify } from '../domain/completeness.js';
import { castLinks, crewNames, listNames } from './relations.js';
import type { Queryable } from './pool.js';

type Row = Record<string, unknown>;

/** One movie with its locks, completeness, lists, cast and selection; null when it does not exist. */
export async function loadMovieView(q: Queryable, movieId: number): Promise<Row | null> {
  const movie = (await q.query<Row>('SELECT * FROM movies WHERE id = $1 AND deleted_at IS NULL', [movieId])).rows[0];
  if (!movie) return null;
  const locks: Record<string, boolean> = {};
  const fields: Row = {};
  for (const [k, v] of Object.entries(movie)) {
    if (k.endsWith('_locked')) locks[k.slice(0, -'_locked'.length)] = v as boolean;
    else fields[k] = v;
  }
  const [genres, studios, countries, tags, directors, writers, cast, assets] = await Promise.all([
    listNames(q, movieId, 'genres'),
    listNames(q, movieId, 'studios'),
    listNames(q, movieId, 'countries'),
    listNames(q, movieId, 'tags'),
    crewNames(q, movieId, 'directors'),
    crewNames(q, movieId, 'writers'),
    castLinks(q, movieId),
    q.query<Row>(
      `SELECT a.id, a.asset_type, a.provider_name, a.provider_url, a.score, a.selected_at, a.selected_by,
              b.sha256, b.file_path AS cache_path, b.format, b.width, b.height, b.file_size
         FROM provider_assets a JOIN cache_blobs b ON b.sha256 = a.content_hash
        WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.is_selected
        ORDER BY a.asset_type, a.score DESC, a.id`,
      [movieId],
    ),
  ]);
  const selected: Record<string, Row[]> = {};
  for (const a of assets.rows) (selected[a.asset_type as string] ??= []).push(a);
  return {
    ...fields,
    locks,
    completeness: {
      pct: movie.completeness_pct,
      class: classify(movie.completeness_pct as number),
      missing: movie.completeness_missing,
    },
    genres,
    studios,
    countries,
    tags,
    cast,
    directors,
    writers,
    selectedAssets: selected,
  };
}

/** Every live movie's summary, by id. */
export async function listMovies(q: Queryable): Promise<Row[]> {
  const { rows } = await q.query<Row>(
    `SELECT id, title, year, tmdb_id, imdb_id, identification_status, completeness_pct, enriched_at
       FROM movies WHERE deleted_at IS NULL ORDER BY id`,
  );
  return rows;
}

/** Every live movie's completeness, least complete first. */
export async function completenessOfMovies(q: Queryable) {
  const { rows } = await q.query<{
    id: number;
    title: string;
    year: number | null;
    completeness_pct: number;
    completeness_missing: string[];
  }>(
    `SELECT id, title, year, completeness_pct, completeness_missing FROM movies
      WHERE deleted_at IS NULL ORDER BY completeness_pct, id`,
  );
  return rows;
}
