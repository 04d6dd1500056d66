import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { projectRoot } from '../lib/config.js';
import type { Pool } from './pool.js';

// Read from the project root, not next to this file: the compiled copy lives under dist/.
export const migrationsDir = resolve(projectRoot, 'db', 'migrations');

// Arbitrary constant: every process applying migrations to this database serialises on it.
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending `NNNN_name.sql` files in order, each in its own transaction, recorded in
 * schema_migrations. Safe to run twice and from several processes at once (advisory lock).
 * Returns the versions applied by this call.
 */
export async function migrate(pool: Pool, dir = migrationsDir): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sql = await readFile(join(dir, file), 'utf8');
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}
