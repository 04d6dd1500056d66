// `library_files`: what publishing wrote into library folders. Only files listed here are ever
// removed from a user's folder, and only while they still hold the bytes we wrote.
import type { Queryable } from './pool.js';

/** Records a file as ours (its owner is whichever movie published it last); `fresh` when its bytes were just written. */
export async function recordLibraryFile(
  q: Queryable,
  f: { movieId: number; path: string; kind: 'nfo' | 'image'; assetType: string | null; sha256: string; fresh: boolean },
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

/** Forgets a file: removed, or replaced by the user and so theirs. */
export async function forgetLibraryFile(q: Queryable, id: number): Promise<void> {
  await q.query('DELETE FROM library_files WHERE id = $1', [id]);
}
