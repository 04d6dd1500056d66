// The API's read model: movies as a person sees them, with locks grouped, lists, cast and the
// selected artwork with its cache paths.
import { classify, COMPLETENESS_WEIGHTS } from '../domain/completeness.js';
import {
  decodeCursor,
  encodeCursor,
  type MovieListQuery,
  type MovieSort,
  type MovieSummary,
} from '../domain/movie-list.js';
import { ASSET_TYPES } from '../domain/types.js';
import { publishedFilesOf } from './library-files.js';
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
  const [genres, studios, countries, tags, directors, writers, cast, assets, publishedFiles] = await Promise.all([
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
        ORDER BY a.asset_type, a.pick_order NULLS LAST, a.score DESC, a.id`,
      [movieId],
    ),
    publishedFilesOf(q, movieId),
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
    publishedFiles,
    // Searching TMDB on every read would make it slow and spend the rate limit: the guesses are
    // one request away, at the search route, which defaults to the movie's own title and year.
    ...(movie.identification_status === 'needs_identification'
      ? { identification: { status: 'needs_identification', guesses: `/api/movies/${movieId}/search` } }
      : {}),
  };
}

/** The sort's key for a row; the cursor holds it (years unknown sort first, as 0). */
const SORT_KEYS: Record<MovieSort, string> = {
  id: 'm.id',
  title: 'lower(m.title)',
  year: 'COALESCE(m.year, 0)',
  completeness: 'm.completeness_pct',
};

/** One page of live movies matching the filters, the number matching, and the next page's cursor. */
export async function listMovies(
  q: Queryable,
  f: MovieListQuery,
): Promise<{ movies: MovieSummary[]; total: number; nextCursor: string | null }> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ['m.deleted_at IS NULL'];
  if (f.status === 'file_missing') where.push('m.file_missing_since IS NOT NULL');
  else if (f.status) where.push(`m.identification_status = ${p(f.status)}`);
  if (f.library !== undefined) where.push(`m.library_id = ${p(f.library)}`);
  if (f.q !== undefined) {
    const tmdb = /^\d{1,9}$/.test(f.q) ? Number(f.q) : null;
    where.push(
      `(m.title ILIKE ${p(`%${f.q.replace(/[\\%_]/g, '\\$&')}%`)} OR m.original_title ILIKE $${params.length}` +
        ` OR m.imdb_id = ${p(f.q.toLowerCase())} OR m.tmdb_id = ${p(tmdb)})`,
    );
  }
  for (const name of f.missing ?? []) {
    const isAsset = (ASSET_TYPES as readonly string[]).includes(name);
    const isField = name in COMPLETENESS_WEIGHTS;
    const clauses = [];
    if (isAsset)
      clauses.push(`NOT EXISTS (SELECT 1 FROM provider_assets a WHERE a.entity_type = 'movie' AND a.entity_id = m.id
                      AND a.asset_type = ${p(name)} AND a.is_selected)`);
    if (isField) clauses.push(`${p(name)} = ANY(m.completeness_missing)`);
    where.push(`(${clauses.join(' OR ')})`);
  }
  if (f.completenessBelow !== undefined) where.push(`m.completeness_pct < ${p(f.completenessBelow)}`);
  if (f.completenessAtLeast !== undefined) where.push(`m.completeness_pct >= ${p(f.completenessAtLeast)}`);
  const filters = where.join(' AND ');
  const filterParams = [...params];

  const key = SORT_KEYS[f.sort];
  const cursor = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
  if (cursor) where.push(`(${key}, m.id) > (${p(cursor.value)}, ${p(cursor.id)})`);
  const { rows } = await q.query<MovieSummary & { sortKey: string | number }>(
    `SELECT m.id, m.title, m.year, m.tmdb_id AS "tmdbId", m.imdb_id AS "imdbId", m.library_id AS "libraryId",
            m.identification_status AS "identificationStatus", m.completeness_pct AS "completenessPct",
            m.completeness_missing AS missing, m.file_missing_since IS NOT NULL AS "fileMissing",
            to_char(m.enriched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "enrichedAt",
            (SELECT a.content_hash FROM provider_assets a
              WHERE a.entity_type = 'movie' AND a.entity_id = m.id AND a.asset_type = 'poster' AND a.is_selected
              ORDER BY a.pick_order NULLS LAST, a.score DESC NULLS LAST, a.id LIMIT 1) AS "posterSha256",
            ${key} AS "sortKey"
       FROM movies m WHERE ${where.join(' AND ')}
      ORDER BY ${key}, m.id LIMIT ${p(f.limit + 1)}`,
    params,
  );
  const { rows: counted } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM movies m WHERE ${filters}`,
    filterParams,
  );
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    movies: page.map(({ sortKey: _, ...movie }) => movie),
    total: counted[0]!.n,
    nextCursor: more && last ? encodeCursor({ sort: f.sort, value: last.sortKey, id: last.id }) : null,
  };
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
