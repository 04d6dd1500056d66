// The system as separate processes that a test may kill and restart, the way a user's machine loses
// them: its own embedded PostgreSQL and Temporal dev server (history in a SQLite file), and per
// application database a worker process and an API process. Fake providers run in this process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { ensureDatabase } from '../../db/admin.js';
import { migrate } from '../../db/migrate.js';
import { createPool, type Pool } from '../../db/pool.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../dev/embedded-postgres.js';
import { freePort } from '../../dev/ports.js';
import { ensureTemporalCli } from '../../dev/temporal-cli.js';
import {
  startTemporalDevServer,
  startTemporalOnFreePort,
  type RunningTemporal,
} from '../../dev/temporal-dev-server.js';
import { fakeProviderEnv, startFakeProviders, type FakeProviders } from '../../fake-providers/server.js';
import { loadConfig, projectRoot, type Config } from '../../lib/config.js';
import { workflowsPath } from '../../lib/temporal.js';

export type Log = (source: string, line: string) => void;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const quietLogger = {
  info: () => undefined,
  warn: console.warn,
  error: console.error,
  debug: () => undefined,
  trace: () => undefined,
  log: () => undefined,
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process's children, from /proc (PostgreSQL's backends, which a container kill takes too). */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name (field 2) may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return kids;
}

/** SIGKILL, and resolves once every one is gone: a kill that did not happen fails the caller. */
async function killHard(pids: number[]): Promise<void> {
  if (!pids.some(alive)) throw new Error(`nothing to kill: ${pids.join(', ')} not running`);
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const deadline = Date.now() + 10_000; pids.some(alive); await sleep(50))
    if (Date.now() > deadline) throw new Error(`${pids.filter(alive).join(', ')} survived SIGKILL`);
}

/** PostgreSQL, Temporal and the fake providers, each killable and restartable on the same data. */
export class Servers {
  postgres!: RunningPostgres;
  temporal!: RunningTemporal;
  providers!: FakeProviders;
  private pgPort = 0;
  private temporalPort = 0;
  private cli = '';

  get workflowBundle(): string {
    return join(this.root, 'workflow-bundle.js');
  }

  private constructor(
    readonly root: string,
    private readonly log: Log,
  ) {}

  static async start(root: string, log: Log = () => undefined): Promise<Servers> {
    const s = new Servers(root, log);
    await mkdir(root, { recursive: true });
    // PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
    await chmod(root, 0o755);
    s.cli = await ensureTemporalCli((l) => log('setup', l));
    s.pgPort = await freePort();
    const bundle = bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger });
    await Promise.all([s.startPostgres(), s.startFirstTemporal()]);
    // Bundled once: a restarted worker is polling again in seconds, not after bundling anew.
    await writeFile(s.workflowBundle, (await bundle).code);
    s.providers = await startFakeProviders();
    return s;
  }

  /** `postgres://…/{database}` on this server. */
  databaseUrl(database: string): string {
    return this.postgres.url.replace(/\/[^/]+$/, `/${database}`);
  }

  get temporalAddress(): string {
    return this.temporal.address;
  }

  async startPostgres(): Promise<void> {
    // Right after a kill the port or the old shared memory may still be held for a moment.
    for (let attempt = 1; ; attempt++) {
      try {
        this.postgres = await startEmbeddedPostgres({
          dataDir: join(this.root, 'postgres'),
          port: this.pgPort,
          database: 'postgres',
          onLog: (l) => this.log('postgres', l),
        });
        return;
      } catch (err) {
        if (attempt >= 10) throw err;
        await sleep(500 * attempt);
      }
    }
  }

  /** SIGKILL to the postmaster and every process it started, as a container kill does. */
  async killPostgres(): Promise<void> {
    const pidFile = join(this.root, 'postgres', 'postmaster.pid');
    if (!existsSync(pidFile)) throw new Error('PostgreSQL is not running: no postmaster.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    await killHard([pid, ...childrenOf(pid)]);
  }

  /** The first start picks its port; restarts (a killed server) come back on the same one. */
  private async startFirstTemporal(): Promise<void> {
    const started = await startTemporalOnFreePort(this.temporalOptions(), (m) => this.log('setup', m));
    this.temporalPort = started.port;
    this.temporal = started;
  }

  private temporalOptions() {
    return {
      cli: this.cli,
      dbFile: join(this.root, 'temporal.sqlite'),
      namespace: 'default',
      onLog: (l: string) => this.log('temporal', l),
    };
  }

  async startTemporal(): Promise<void> {
    this.temporal = await startTemporalDevServer({ ...this.temporalOptions(), port: this.temporalPort });
  }

  async killTemporal(): Promise<void> {
    const pid = this.temporal.process.pid;
    if (!pid) throw new Error('the Temporal dev server has no pid');
    await killHard([pid]);
  }

  async stop(): Promise<void> {
    await this.providers?.close();
    await this.temporal?.stop();
    await this.postgres?.stop();
  }
}

export type AppProcess = 'worker' | 'api';

/**
 * One application: its database on the shared server, its cache and library folders, its task
 * queue, and a worker process and an API process on them.
 */
export class App {
  readonly config: Config;
  readonly api: string;
  readonly apiKey = 'chaos-test-key-0123456789abcdef0123456789';
  pool!: Pool;
  client!: Client;
  private connection!: Connection;
  private readonly procs = new Map<AppProcess, ChildProcess>();
  /** Exits nobody asked for: each one is a finding (the process is started again, as a supervisor would). */
  readonly unexpectedExits: string[] = [];
  private stopping = false;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(
    private readonly servers: Servers,
    readonly name: string,
    port: number,
    private readonly log: Log,
    extraEnv: Record<string, string>,
  ) {
    const dataDir = join(servers.root, name);
    const p = servers.providers;
    this.env = {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: servers.databaseUrl(name),
      TEMPORAL_ADDRESS: servers.temporalAddress,
      TASK_QUEUE: `queue-${name}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      API_KEY: this.apiKey,
      LIBRARY_ROOTS: join(dataDir, 'library'),
      ...fakeProviderEnv(p, 'chaos'),
      // Rate limits lifted: the fake providers do not need protecting, and the runs stay short.
      TMDB_RATE_LIMIT: '100000/1s',
      FANART_RATE_LIMIT: '100000/1s',
      OMDB_RATE_LIMIT: '100000/1s',
      MALLOC_ARENA_MAX: '2',
      WORKFLOW_BUNDLE: servers.workflowBundle,
      FORCE_COLOR: '0',
      ...extraEnv,
    };
    this.config = loadConfig(this.env as Record<string, string>);
    this.api = `http://127.0.0.1:${port}`;
  }

  static async start(servers: Servers, name: string, log: Log = () => undefined, env: Record<string, string> = {}) {
    const app = new App(servers, name, await freePort(), log, env);
    await mkdir(app.config.libraryRoots[0]!, { recursive: true });
    const admin = new pg.Client({ connectionString: servers.databaseUrl('postgres') });
    await admin.connect();
    await ensureDatabase(admin, name).finally(() => admin.end());
    app.pool = createPool(app.config.databaseUrl!, 4);
    await migrate(app.pool);
    app.connection = await Connection.connect({ address: servers.temporalAddress });
    app.client = new Client({ connection: app.connection });
    await Promise.all([app.startProcess('worker'), app.startProcess('api')]);
    return app;
  }

  /** Starts the process and resolves once it serves: the API answers /health, the worker polls. */
  async startProcess(which: AppProcess): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', `${which}/main.ts`], {
      cwd: projectRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [proc.stdout, proc.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) =>
        chunk
          .split('\n')
          .filter(Boolean)
          .forEach((l) => this.log(which, l)),
      );
    }
    this.procs.set(which, proc);
    proc.once('exit', (code, signal) => {
      if (this.stopping || this.procs.get(which) !== proc || this.killed.has(proc)) return;
      this.unexpectedExits.push(`${which} exited by itself (${signal ?? `code ${code}`})`);
      this.log(which, `exited by itself (${signal ?? `code ${code}`}); starting it again`);
      void this.startProcess(which).catch((err: Error) => this.log(which, `restart failed: ${err.message}`));
    });
    for (const deadline = Date.now() + 180_000; ; await sleep(300)) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`${this.name} ${which} exited (${proc.signalCode ?? proc.exitCode}) before it was ready`);
      if (Date.now() > deadline) throw new Error(`${this.name} ${which} not ready after 180 s`);
      if (which === 'api' ? await this.apiHealthy() : await this.workerPolls(proc.pid!)) return;
    }
  }

  private async apiHealthy(): Promise<boolean> {
    return fetch(`${this.api}/health`).then(
      (r) => r.ok,
      () => false,
    );
  }

  private async workerPolls(pid: number): Promise<boolean> {
    try {
      const res = await this.client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: this.config.temporal.taskQueue },
        taskQueueType: 1,
      });
      // The SDK's default identity is `{pid}@{hostname}`: only this process's poller counts.
      return (res.pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
    } catch {
      return false;
    }
  }

  /** The running process's id (for reading its memory from /proc). */
  pid(which: AppProcess): number | undefined {
    return this.procs.get(which)?.pid;
  }

  private readonly killed = new WeakSet<ChildProcess>();

  async kill(which: AppProcess): Promise<void> {
    const proc = this.procs.get(which);
    if (!proc?.pid) throw new Error(`${this.name} has no ${which} process to kill`);
    this.killed.add(proc);
    await killHard([proc.pid]);
  }

  /** SIGTERM and wait: a clean stop. */
  async stopProcess(which: AppProcess): Promise<void> {
    const proc = this.procs.get(which);
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    this.killed.add(proc);
    await new Promise<void>((resolveStop) => {
      const force = setTimeout(() => proc.kill('SIGKILL'), 60_000);
      proc.once('exit', () => {
        clearTimeout(force);
        resolveStop();
      });
      proc.kill('SIGTERM');
    });
  }

  /** Calls the API with the key; `undefined` when the API could not be reached at all. */
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any } | undefined> {
    try {
      const res = await fetch(`${this.api}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.stopProcess('api'), this.stopProcess('worker')]);
    await this.connection?.close();
    await this.pool?.end();
  }
}
