// `library_backups`: the user's files publishing moved out of the way (into the cache's backup
// folder) before writing ours at their names.
import type { Queryable } from './pool.js';

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
