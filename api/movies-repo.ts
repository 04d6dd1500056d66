import type { Pool } from '../db/pool.js';
import { classify } from '../domain/completeness.js';

type Row = Record<string, unknown>;

/** The movie as the API shows it: fields, locks grouped, lists and selected assets with cache paths. */
export async function loadMovieView(pool: Pool, id: number): Promise<Row | null> {
  const movie = (await pool.query<Row>('SELECT * FROM movies WHERE id = $1 AND deleted_at IS NULL', [id])).rows[0];
  if (!movie) return null;
  const locks: Record<string, boolean> = {};
  const fields: Row = {};
  for (const [k, v] of Object.entries(movie)) {
    if (k.endsWith('_locked')) locks[k.slice(0, -'_locked'.length)] = v as boolean;
    else fields[k] = v;
  }
  const names = (sql: string) => pool.query<{ name: string }>(sql, [id]).then((r) => r.rows.map((x) => x.name));
  const [genres, studios, countries, tags, crew, cast, assets] = await Promise.all([
    names('SELECT g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = $1 ORDER BY g.name'),
    names('SELECT s.name FROM movie_studios ms JOIN studios s ON s.id = ms.studio_id WHERE ms.movie_id = $1 ORDER BY s.name'),
    names('SELECT x.name FROM movie_countries mc JOIN countries x ON x.id = mc.country_id WHERE mc.movie_id = $1 ORDER BY x.name'),
    names('SELECT t.name FROM movie_tags mt JOIN tags t ON t.id = mt.tag_id WHERE mt.movie_id = $1 ORDER BY t.name'),
    pool.query<{ name: string; role: string }>(
      'SELECT c.name, mc.role FROM movie_crew mc JOIN crew c ON c.id = mc.crew_id WHERE mc.movie_id = $1 ORDER BY mc.role, mc.sort_order',
      [id],
    ),
    pool.query<Row>(
      `SELECT a.id AS actor_id, a.name, ma.role, ma.actor_order AS "order", ma.role_locked, ma.removed
         FROM movie_actors ma JOIN actors a ON a.id = ma.actor_id WHERE ma.movie_id = $1 ORDER BY ma.actor_order NULLS LAST, a.name`,
      [id],
    ),
    pool.query<Row>(
      `SELECT a.id, a.asset_type, a.provider_name, a.provider_url, a.score, a.selected_at, a.selected_by,
              b.sha256, b.file_path AS cache_path, b.format, b.width, b.height, b.file_size
         FROM provider_assets a JOIN cache_blobs b ON b.sha256 = a.content_hash
        WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.is_selected
        ORDER BY a.asset_type, a.score DESC, a.id`,
      [id],
    ),
  ]);
  const selected: Record<string, Row[]> = {};
  for (const a of assets.rows) (selected[a.asset_type as string] ??= []).push(a);
  return {
    ...fields,
    locks,
    completeness: { pct: movie.completeness_pct, class: classify(movie.completeness_pct as number), missing: movie.completeness_missing },
    genres,
    studios,
    countries,
    tags,
    cast: cast.rows,
    directors: crew.rows.filter((r) => r.role === 'director').map((r) => r.name),
    writers: crew.rows.filter((r) => r.role === 'writer').map((r) => r.name),
    selectedAssets: selected,
  };
}
