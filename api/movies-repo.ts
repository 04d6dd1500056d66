import type { Pool } from '../db/pool.js';

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
  const [genres, crew, assets] = await Promise.all([
    pool.query<{ name: string }>(
      'SELECT g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = $1 ORDER BY g.name',
      [id],
    ),
    pool.query<{ name: string; role: string }>(
      'SELECT c.name, mc.role FROM movie_crew mc JOIN crew c ON c.id = mc.crew_id WHERE mc.movie_id = $1 ORDER BY mc.role, mc.sort_order',
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
    genres: genres.rows.map((r) => r.name),
    directors: crew.rows.filter((r) => r.role === 'director').map((r) => r.name),
    writers: crew.rows.filter((r) => r.role === 'writer').map((r) => r.name),
    selectedAssets: selected,
  };
}
