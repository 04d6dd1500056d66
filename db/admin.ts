// Server-level statements, run on a connection to the `postgres` maintenance database.
import pg from 'pg';
import type { Queryable } from './pool.js';

/** Creates `database` unless it exists. */
export async function ensureDatabase(admin: Queryable, database: string): Promise<void> {
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
}
