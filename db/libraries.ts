// The `libraries` aggregate: the folders movies are imported from, with what their last scan found.
import type { LibraryScanResult } from '../domain/library-scan.js';
import type { Queryable } from './pool.js';

export interface Library {
  id: number;
  name: string;
  path: string;
  autoEnrich: boolean;
  lastScanAt: Date | null;
  lastScan: LibraryScanResult | null;
}

const COLUMNS = `id, name, path, auto_enrich AS "autoEnrich", last_scan_at AS "lastScanAt", last_scan AS "lastScan"`;

/** A new movie library at `path` (already checked to lie inside the library roots). */
export async function insertLibrary(
  q: Queryable,
  l: { name: string; path: string; autoEnrich: boolean },
): Promise<Library> {
  const { rows } = await q.query<Library>(
    `INSERT INTO libraries (name, path, type, auto_enrich) VALUES ($1, $2, 'movie', $3) RETURNING ${COLUMNS}`,
    [l.name, l.path, l.autoEnrich],
  );
  return rows[0]!;
}

export async function findLibrary(q: Queryable, id: number): Promise<Library | undefined> {
  return (await q.query<Library>(`SELECT ${COLUMNS} FROM libraries WHERE id = $1 AND type = 'movie'`, [id])).rows[0];
}

export async function findLibraryByPath(q: Queryable, path: string): Promise<Library | undefined> {
  return (await q.query<Library>(`SELECT ${COLUMNS} FROM libraries WHERE path = $1`, [path])).rows[0];
}

export async function listLibraries(q: Queryable): Promise<Library[]> {
  return (await q.query<Library>(`SELECT ${COLUMNS} FROM libraries WHERE type = 'movie' ORDER BY id`)).rows;
}

/** What a finished scan found, shown with the library until the next one. */
export async function recordScan(q: Queryable, id: number, result: LibraryScanResult): Promise<void> {
  await q.query(`UPDATE libraries SET last_scan_at = now(), last_scan = $2, updated_at = now() WHERE id = $1`, [
    id,
    JSON.stringify(result),
  ]);
}
