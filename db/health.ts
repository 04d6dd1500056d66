import type { Queryable } from './pool.js';

/** Resolves when the database answers a trivial query. */
export async function ping(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}
