// A database connection lost in the middle of a transaction, between two statements (while the
// step does file work), fails that transaction and nothing else: the process lives on and the pool
// serves the next caller. Found by the chaos suite (seed 837491-4): a PostgreSQL kill made the
// worker exit on an 'error' event nobody listened to.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, inTransaction, isDatabaseUnavailable, type Pool } from '../db/pool.js';
import { useHarness } from './support/harness.js';

const h = useHarness();
let pool: Pool;
let admin: pg.Client;

beforeAll(async () => {
  pool = createPool(h.config.databaseUrl!, 2);
  admin = new pg.Client({ connectionString: h.config.databaseUrl! });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await pool.end();
});

describe('a connection lost inside a transaction', () => {
  it('fails the transaction as the database being unavailable, without crashing the process', async () => {
    const outcome = await inTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // As a server restart would: the backend ends while the transaction waits between statements.
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await new Promise((r) => setTimeout(r, 500));
      await tx.query('SELECT 1');
    }).then(
      () => 'committed',
      (err: Error) => err,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(outcome)).toBe(true);
    // The broken connection was dropped, not handed to the next caller.
    for (let i = 0; i < 3; i++) expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});
