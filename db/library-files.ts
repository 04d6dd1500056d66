// `library_files`: what publishing wrote into library folders. Only files listed here are ever
// removed from a user's folder, and only while they still hold the bytes we wrote.
import type { ArtworkState } from '../domain/artwork-diff.js';
import type { Queryable } from './pool.js';

/** Records a file as ours (its owner is whichever movie published it last); `fresh` when its bytes were just written. */
export async function recordLibraryFile(
  q: Queryable,
  f: {
    movieId: number;
    path: string;
    kind: 'nfo' | 'image' | 'video';
    assetType: string | null;
    sha256: string;
    fresh: boolean;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO library_files (movie_id, path, kind, asset_type, sha256) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (path) DO UPDATE SET movie_id = EXCLUDED.movie_id, kind = EXCLUDED.kind, asset_type = EXCLUDED.asset_type,
       sha256 = EXCLUDED.sha256, published_at = CASE WHEN $6 THEN now() ELSE library_files.published_at END`,
    [f.movieId, f.path, f.kind, f.assetType, f.sha256, f.fresh],
  );
}

/** The files a movie's publishes wrote, by path. */
export async function libraryFilesOf(
  q: Queryable,
  movieId: number,
): Promise<{ id: number; path: string; sha256: string }[]> {
  const { rows } = await q.query<{ id: number; path: string; sha256: string }>(
    'SELECT id, path, sha256 FROM library_files WHERE movie_id = $1 ORDER BY path',
    [movieId],
  );
  return rows;
}

export interface PublishedFile {
  path: string;
  kind: 'nfo' | 'image' | 'video';
  assetType: string | null;
  sha256: string;
  publishedAt: string;
}

/** What a movie's publishes put in its folder, as the API shows it. */
export async function publishedFilesOf(q: Queryable, movieId: number): Promise<PublishedFile[]> {
  const { rows } = await q.query<PublishedFile>(
    `SELECT path, kind, asset_type AS "assetType", sha256,
            to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt"
       FROM library_files WHERE movie_id = $1 ORDER BY path`,
    [movieId],
  );
  return rows;
}

/**
 * Each image a movie has selected or published (headshots aside), in selection order: whether it
 * is selected, published in its folder, and still cached.
 */
export async function artworkStates(q: Queryable, movieId: number): Promise<ArtworkState[]> {
  const { rows } = await q.query<ArtworkState>(
    `WITH selected AS (
       SELECT asset_type, content_hash AS sha256, min(id) AS candidate_id, min(pick_order) AS pick, max(score) AS score
         FROM provider_assets
        WHERE entity_type = 'movie' AND entity_id = $1 AND is_selected AND content_hash IS NOT NULL
        GROUP BY asset_type, content_hash
     ), published AS (
       SELECT DISTINCT asset_type, sha256 FROM library_files
        WHERE movie_id = $1 AND kind = 'image' AND asset_type <> 'actor_thumb'
     )
     SELECT COALESCE(s.asset_type, p.asset_type) AS "assetType", COALESCE(s.sha256, p.sha256) AS sha256,
            s.candidate_id AS "candidateId", s.sha256 IS NOT NULL AS selected, p.sha256 IS NOT NULL AS published,
            b.sha256 IS NOT NULL AS cached, b.width, b.height
       FROM selected s FULL JOIN published p ON p.asset_type = s.asset_type AND p.sha256 = s.sha256
       LEFT JOIN cache_blobs b ON b.sha256 = COALESCE(s.sha256, p.sha256)
      ORDER BY 1, s.pick NULLS LAST, s.score DESC NULLS LAST, 2`,
    [movieId],
  );
  return rows;
}

/** Forgets a file: removed, or replaced by the user and so theirs. */
export async function forgetLibraryFile(q: Queryable, id: number): Promise<void> {
  await q.query('DELETE FROM library_files WHERE id = $1', [id]);
}
