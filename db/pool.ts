import pg from 'pg';

// BIGINT (int8) and NUMERIC come back as strings by default; our bigints (file sizes, budgets) fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// DATE stays a 'YYYY-MM-DD' string: a JS Date would shift it by the local time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** What every repository function runs on: the pool, or a client inside `inTransaction`. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** A statement running longer than this is cancelled by the server (a stuck lock wait included). */
export const STATEMENT_TIMEOUT_MS = 60_000;
/** A transaction left idle this long (a process stalled between statements) is ended by the server. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
/** Connecting gives up after this, rather than hanging on an unreachable server. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** `max` connections: size it to what runs at once (a worker's activity slots, the API's requests). */
export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A server that vanished without closing the connection (a host gone, a half-open socket) is
    // noticed by the client too, not only when the server's own timeout would have fired.
    query_timeout: STATEMENT_TIMEOUT_MS + 5_000,
    keepAlive: true,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error(`[db] idle client error: ${err.message}`));
  return pool;
}

/** Runs fn in one transaction; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection lost while no statement is running (between two statements, during file work) is
  // an 'error' event on the client: unheard, it would crash the process. The next statement fails
  // instead, and the broken client is discarded rather than returned to the pool.
  let lost: Error | undefined;
  const onError = (err: Error) => (lost = err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

/** Whether a query failed on a unique constraint (a concurrent insert of the same key won). */
export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** SQLSTATEs of a server that is going away, not accepting connections, or out of room. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53100']);
/** What node-postgres says when the connection itself failed, rather than a statement. */
const CONNECTION_LOST =
  /^Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|^Query read timeout/;

/**
 * Whether node-postgres or the server says the connection is gone or refused (terminated, the server
 * shutting down, full, or out of disk) rather than that a statement was wrong.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))) return true;
  return CONNECTION_LOST.test(err.message);
}

/** Socket errors node-postgres passes on as they are, e.g. `connect ECONNREFUSED` to a stopped server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether an error is a raw socket failure (whose socket it was, the caller knows or must find out). */
export function isSocketError(err: unknown): boolean {
  const e = err as { code?: unknown; syscall?: unknown } | null;
  return typeof e?.code === 'string' && SOCKET_CODES.has(e.code) && typeof e.syscall === 'string';
}
