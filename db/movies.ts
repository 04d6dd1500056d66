// The `movies` aggregate: registration, identification state, recorded fields with their locks,
// completeness and publishing state. A deleted movie keeps its row (`deleted_at`) and is invisible.
import { completeness } from '../domain/completeness.js';
import { lockColumn, type Lockable } from '../domain/locks.js';
import { filmName } from '../domain/run-summary.js';
import { ASSET_TYPES, type AssetType } from '../domain/types.js';
import type { Queryable } from './pool.js';

/** A `movies` row as stored, by column name. */
export type MovieRow = Record<string, string | number | boolean | null>;

/** A movie the API may act on: present and not deleted. */
export async function movieExists(q: Queryable, movieId: number): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM movies WHERE id = $1 AND deleted_at IS NULL', [movieId])).rowCount ?? 0) > 0;
}

/** The live movie's whole row; undefined when it does not exist or was deleted. */
export async function findMovie(q: Queryable, movieId: number): Promise<MovieRow | undefined> {
  return (await q.query<MovieRow>('SELECT * FROM movies WHERE id = $1 AND deleted_at IS NULL', [movieId])).rows[0];
}

/** The live movie's row, locked until the transaction ends: recording and edits serialise on it. */
export async function lockMovie(tx: Queryable, movieId: number): Promise<MovieRow | undefined> {
  return (await tx.query<MovieRow>('SELECT * FROM movies WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [movieId]))
    .rows[0];
}

export interface Registration {
  tmdbId: number | null;
  imdbId: string | null;
  title: string | null;
  year: number | null;
  path: string | null;
}

/**
 * The live movie a registration names: the same TMDB or IMDb id, or, without ids, the same title
 * and year (a rescan, say) unless it names another file.
 */
export async function findRegisteredMovie(q: Queryable, r: Registration): Promise<number | undefined> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM movies WHERE deleted_at IS NULL AND (tmdb_id = $1 OR imdb_id = $2
        OR ($1::int IS NULL AND $2::text IS NULL AND lower(title) = lower($3) AND year = $4
            AND (file_path = $5 OR $5::text IS NULL)))
      ORDER BY id LIMIT 1`,
    [r.tmdbId, r.imdbId, r.title, r.year, r.path],
  );
  return rows[0]?.id;
}

/** Inserts a new movie; a concurrent registration of the same id fails with a unique violation. */
export async function insertMovie(
  q: Queryable,
  m: Registration & { title: string; fileName: string | null; libraryId?: number; scanKey?: string },
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO movies (title, year, tmdb_id, imdb_id, file_path, file_name, identification_status, library_id,
                         registered_by_scan)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      m.title,
      m.year,
      m.tmdbId,
      m.imdbId,
      m.path,
      m.fileName,
      m.tmdbId ? 'identified' : 'unidentified',
      m.libraryId ?? null,
      m.scanKey ?? null,
    ],
  );
  return rows[0]!.id;
}

/**
 * The movie's file is (again) at `path`: a new or renamed file, which also ends its being missing.
 * A scan passes its library, which a movie registered without one joins.
 */
export async function setMovieFile(
  q: Queryable,
  movieId: number,
  path: string,
  fileName: string,
  libraryId?: number,
): Promise<void> {
  await q.query(
    `UPDATE movies SET file_path = $2, file_name = $3, file_missing_since = NULL,
            library_id = coalesce(library_id, $4), updated_at = now()
      WHERE id = $1 AND deleted_at IS NULL`,
    [movieId, path, fileName, libraryId ?? null],
  );
}

/** The live movie whose file is at `path`, with where it stands. */
export async function findMovieByFile(
  q: Queryable,
  path: string,
): Promise<{ id: number; missing: boolean; libraryId: number | null } | undefined> {
  const { rows } = await q.query<{ id: number; missing: boolean; libraryId: number | null }>(
    `SELECT id, file_missing_since IS NOT NULL AS missing, library_id AS "libraryId" FROM movies
      WHERE file_path = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1`,
    [path],
  );
  return rows[0];
}

/** The file a live movie has, if any. */
export async function movieFilePath(q: Queryable, movieId: number): Promise<string | null> {
  const { rows } = await q.query<{ file_path: string | null }>(
    'SELECT file_path FROM movies WHERE id = $1 AND deleted_at IS NULL',
    [movieId],
  );
  return rows[0]?.file_path ?? null;
}

/** The live movies a scan run registered, by id. */
export async function registeredByScan(q: Queryable, scanKey: string): Promise<{ movieId: number; path: string }[]> {
  const { rows } = await q.query<{ movieId: number; path: string }>(
    `SELECT id AS "movieId", file_path AS path FROM movies
      WHERE registered_by_scan = $1 AND deleted_at IS NULL ORDER BY id`,
    [scanKey],
  );
  return rows;
}

/** The library's live movies that have a file not yet known to be missing. */
export async function libraryFiles(q: Queryable, libraryId: number): Promise<{ id: number; path: string }[]> {
  const { rows } = await q.query<{ id: number; path: string }>(
    `SELECT id, file_path AS path FROM movies
      WHERE library_id = $1 AND deleted_at IS NULL AND file_path IS NOT NULL AND file_missing_since IS NULL
      ORDER BY id`,
    [libraryId],
  );
  return rows;
}

/** Its file was reported gone: noted, keeping everything else (a first report's time stays). */
export async function markFileMissing(q: Queryable, movieId: number): Promise<void> {
  await q.query(
    `UPDATE movies SET file_missing_since = coalesce(file_missing_since, now()), updated_at = now()
      WHERE id = $1 AND deleted_at IS NULL`,
    [movieId],
  );
}

export async function softDeleteMovie(q: Queryable, movieId: number): Promise<void> {
  await q.query('UPDATE movies SET deleted_at = now(), updated_at = now() WHERE id = $1', [movieId]);
}

/** What scraping needs to identify a movie. */
export async function movieIdentity(q: Queryable, movieId: number) {
  const { rows } = await q.query<{
    id: number;
    tmdb_id: number | null;
    imdb_id: string | null;
    title: string;
    year: number | null;
    monitored: boolean;
  }>('SELECT id, tmdb_id, imdb_id, title, year, monitored FROM movies WHERE id = $1 AND deleted_at IS NULL', [movieId]);
  return rows[0];
}

/** Another live movie that already has this TMDB or IMDb id. */
export async function otherMovieWithId(
  q: Queryable,
  movieId: number,
  id: { tmdbId: number } | { imdbId: string },
): Promise<{ id: number; title: string } | undefined> {
  const [column, value] = 'tmdbId' in id ? ['tmdb_id', id.tmdbId] : ['imdb_id', id.imdbId];
  const { rows } = await q.query<{ id: number; title: string }>(
    `SELECT id, title FROM movies WHERE ${column} = $1 AND id <> $2 AND deleted_at IS NULL`,
    [value, movieId],
  );
  return rows[0];
}

/** No confident match: the user identifies the movie. A movie identified meanwhile is left alone. */
export async function markNeedsIdentification(q: Queryable, movieId: number): Promise<void> {
  await q.query(
    `UPDATE movies SET identification_status = 'needs_identification', updated_at = now()
      WHERE id = $1 AND tmdb_id IS NULL AND identification_status IN ('unidentified', 'needs_identification')`,
    [movieId],
  );
}

/**
 * Writes the columns an enrichment recorded (names from the recording rules, never from input)
 * and stamps the enrichment.
 */
export async function writeRecordedFields(
  tx: Queryable,
  movieId: number,
  values: Readonly<Record<string, unknown>>,
): Promise<void> {
  const columns = Object.keys(values);
  const sets = columns.map((column, i) => `${column} = $${i + 2}`);
  sets.push('enriched_at = now()', 'last_enrichment_date = now()', 'updated_at = now()');
  await tx.query(`UPDATE movies SET ${sets.join(', ')} WHERE id = $1`, [movieId, ...Object.values(values)]);
}

/**
 * A user's edit: the given columns take their values, every edited field and list is locked so
 * enrichment never overwrites it, and each is marked as the user's.
 */
export async function writeUserEdits(
  tx: Queryable,
  movieId: number,
  values: Readonly<Partial<Record<Lockable, unknown>>>,
  lists: readonly Lockable[],
): Promise<void> {
  const params: unknown[] = [movieId];
  const sets: string[] = [];
  const sources: Record<string, string> = {};
  for (const [field, value] of Object.entries(values) as [Lockable, unknown][]) {
    params.push(value);
    sets.push(`${field} = $${params.length}`, `${lockColumn(field)} = true`);
    sources[field] = 'user';
  }
  for (const list of lists) {
    sets.push(`${lockColumn(list)} = true`);
    sources[list] = 'user';
  }
  params.push(JSON.stringify(sources));
  sets.push(`field_sources = field_sources || $${params.length}::jsonb`, 'updated_at = now()');
  await tx.query(`UPDATE movies SET ${sets.join(', ')} WHERE id = $1`, params);
}

/** Sets and clears locks by name; false when the movie does not exist. */
export async function setLocks(
  q: Queryable,
  movieId: number,
  lock: readonly Lockable[],
  unlock: readonly Lockable[],
): Promise<boolean> {
  const sets = [...lock.map((n) => `${lockColumn(n)} = true`), ...unlock.map((n) => `${lockColumn(n)} = false`)];
  const res = await q.query(
    `UPDATE movies SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND deleted_at IS NULL`,
    [movieId],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Which artwork types the user locked; undefined when the movie is gone. */
export async function artworkLocks(q: Queryable, movieId: number): Promise<Record<AssetType, boolean> | undefined> {
  const { rows } = await q.query<Record<string, boolean>>(
    `SELECT ${ASSET_TYPES.map((t) => lockColumn(t)).join(', ')} FROM movies WHERE id = $1`,
    [movieId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return Object.fromEntries(ASSET_TYPES.map((t) => [t, row[lockColumn(t)] === true])) as Record<AssetType, boolean>;
}

/** Completeness from what the movie now holds, stored with the missing fields. */
export async function refreshCompleteness(tx: Queryable, movieId: number): Promise<{ pct: number; missing: string[] }> {
  const now = (
    await tx.query<MovieRow>(
      `SELECT m.*,
         (SELECT count(*)::int FROM provider_assets WHERE entity_type = 'movie' AND entity_id = m.id
             AND asset_type = 'poster' AND is_selected) AS posters,
         (SELECT count(*)::int FROM provider_assets WHERE entity_type = 'movie' AND entity_id = m.id
             AND asset_type = 'fanart' AND is_selected) AS fanarts,
         (SELECT count(*)::int FROM movie_genres WHERE movie_id = m.id) AS genre_count,
         (SELECT count(*)::int FROM movie_crew WHERE movie_id = m.id AND role = 'director') AS director_count
       FROM movies m WHERE m.id = $1`,
      [movieId],
    )
  ).rows[0]!;
  const score = completeness({
    title: now.title as string | null,
    plot: now.plot as string | null,
    release_date: now.release_date as string | null,
    runtime: now.runtime as number | null,
    content_rating: now.content_rating as string | null,
    poster: now.posters as number,
    fanart: now.fanarts as number,
    imdb_rating: now.imdb_rating as number | null,
    genres: now.genre_count as number,
    directors: now.director_count as number,
  });
  await tx.query('UPDATE movies SET completeness_pct = $2, completeness_missing = $3 WHERE id = $1', [
    movieId,
    score.pct,
    score.missing,
  ]);
  return score;
}

/** Publishing succeeded; false when the movie was deleted meanwhile. */
export async function markPublished(q: Queryable, movieId: number): Promise<boolean> {
  const res = await q.query(
    `UPDATE movies SET identification_status = 'published', published_at = now(), updated_at = now()
      WHERE id = $1 AND deleted_at IS NULL`,
    [movieId],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Which movies a batch enriches, by id; `stale` takes the ages after which provider data is refreshed. */
export type BatchMovieQuery =
  | { kind: 'all' }
  | { kind: 'library'; libraryId: number }
  | { kind: 'movies'; movieIds: number[] }
  | { kind: 'stale'; tmdbTtlMs: number; artworkTtlMs: number };

/**
 * The live movies a batch takes, by id. Automation leaves out movies that are not monitored or wait
 * for the user to identify them; a list of ids is taken as given.
 */
export async function batchMovies(q: Queryable, b: BatchMovieQuery): Promise<{ id: number; film: string }[]> {
  const columns = 'm.id, m.title, m.year';
  const automated = `m.deleted_at IS NULL AND m.monitored AND m.identification_status <> 'needs_identification'`;
  let sql: string;
  let params: unknown[];
  switch (b.kind) {
    case 'all':
      [sql, params] = [`SELECT ${columns} FROM movies m WHERE ${automated}`, []];
      break;
    case 'library':
      [sql, params] = [`SELECT ${columns} FROM movies m WHERE ${automated} AND m.library_id = $1`, [b.libraryId]];
      break;
    case 'movies':
      sql = `SELECT ${columns} FROM movies m WHERE m.deleted_at IS NULL AND m.id = ANY($1::int[])`;
      params = [b.movieIds];
      break;
    case 'stale':
      // Never enriched, TMDB's data past its age, or artwork missing while Fanart.tv's answer is old
      // enough to ask again (new artwork appears there every day).
      sql = `SELECT ${columns} FROM movies m LEFT JOIN provider_cache_movies c ON c.tmdb_id = m.tmdb_id
              WHERE ${automated} AND (m.enriched_at IS NULL OR c.id IS NULL
                 OR c.tmdb_fetched_at IS NULL OR c.tmdb_fetched_at < now() - $1 * interval '1 millisecond'
                 OR (m.completeness_pct < 100 AND (c.fanart_fetched_at IS NULL
                     OR c.fanart_fetched_at < now() - $2 * interval '1 millisecond')))`;
      params = [b.tmdbTtlMs, b.artworkTtlMs];
      break;
  }
  const { rows } = await q.query<{ id: number; title: string; year: number | null }>(`${sql} ORDER BY m.id`, params);
  return rows.map((r) => ({ id: r.id, film: filmName(r.title, r.year) }));
}
