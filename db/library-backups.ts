// `library_backups`: the user's files publishing moved out of the way (into the cache's backup
// folder) before writing ours at their names.
import type { Queryable } from './pool.js';

export interface LibraryBackup {
  id: number;
  movieId: number;
  originalPath: string;
  backupPath: string;
  sha256: string;
  size: number;
  createdAt: Date;
}

/** Records a backup; a backup file already recorded (a retry, the same bytes again) keeps its row. */
export async function recordLibraryBackup(
  q: Queryable,
  b: { movieId: number; originalPath: string; backupPath: string; sha256: string; size: number },
): Promise<void> {
  await q.query(
    `INSERT INTO library_backups (movie_id, original_path, backup_path, sha256, size) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (backup_path) DO NOTHING`,
    [b.movieId, b.originalPath, b.backupPath, b.sha256, b.size],
  );
}

/** A movie's backups, oldest first. */
export async function libraryBackupsOf(q: Queryable, movieId: number): Promise<LibraryBackup[]> {
  const { rows } = await q.query<LibraryBackup>(
    `SELECT id, movie_id AS "movieId", original_path AS "originalPath", backup_path AS "backupPath", sha256, size,
            created_at AS "createdAt"
       FROM library_backups WHERE movie_id = $1 ORDER BY created_at, id`,
    [movieId],
  );
  return rows;
}
