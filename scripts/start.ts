// `npm start`: the whole system on embedded defaults, supervised as one command with prefixed logs.
// Temporal dev server (unless TEMPORAL_ADDRESS), PostgreSQL (unless DATABASE_URL), fake providers
// (demo mode: no TMDB_API_KEY), one worker, the API; then, in demo mode, the demo enrichments.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createPool } from '../db/pool.js';
import { migrate } from '../db/migrate.js';
import { loadConfig, projectRoot } from '../lib/config.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../dev/embedded-postgres.js';
import { freePort } from '../dev/ports.js';
import { ensureTemporalCli } from '../dev/temporal-cli.js';
import { startTemporalDevServer, type RunningTemporal } from '../dev/temporal-dev-server.js';
import { loadOrCreateApiKey } from '../api/api-key.js';
import { runDemo } from './demo.js';

const COLORS = { setup: 90, temporal: 35, postgres: 34, providers: 33, worker: 32, api: 36, demo: 95 } as const;
type Source = keyof typeof COLORS;
const tty = process.stdout.isTTY;
function log(source: Source, line: string): void {
  const tag = source.padEnd(9);
  console.log(tty ? `\x1b[${COLORS[source]}m${tag}|\x1b[0m ${line}` : `${tag}| ${line}`);
}

const config = loadConfig();
const dataDir = config.dataDir;
const stateFile = join(dataDir, 'supervisor.json');
const started = Date.now();

interface Child {
  name: Source;
  proc: ChildProcess;
}
const children: Child[] = [];
let temporal: RunningTemporal | undefined;
let postgres: RunningPostgres | undefined;
let stopping = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A previous supervisor that was killed outright may have left its children behind: end them. */
async function reapLeftovers(): Promise<void> {
  if (!existsSync(stateFile)) return;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { supervisor: number; pids: number[] };
  if (alive(state.supervisor)) throw new Error(`npm start is already running (pid ${state.supervisor}) on ${dataDir}`);
  for (const pid of state.pids.filter(alive)) {
    log('setup', `stopping leftover process ${pid} from an earlier run`);
    process.kill(pid, 'SIGTERM');
  }
  const deadline = Date.now() + 10_000;
  while (state.pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const pid of state.pids.filter(alive)) process.kill(pid, 'SIGKILL');
}

async function saveState(): Promise<void> {
  const pids = children.map((c) => c.proc.pid).filter((p): p is number => p !== undefined);
  if (temporal?.process.pid) pids.push(temporal.process.pid);
  const pgPid = join(dataDir, 'postgres', 'postmaster.pid');
  if (postgres && existsSync(pgPid)) pids.push(Number(readFileSync(pgPid, 'utf8').split('\n')[0]));
  // The database's address too: `npx enrich check` finds the embedded server through it.
  await writeFile(stateFile, JSON.stringify({ supervisor: process.pid, pids, databaseUrl: postgres?.url }));
}

function pipeLines(source: Source, stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) log(source, line);
  });
}

function startChild(name: Source, entry: string, env: NodeJS.ProcessEnv): void {
  const proc = spawn(process.execPath, ['--import', 'tsx', resolve(projectRoot, entry)], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeLines(name, proc.stdout);
  pipeLines(name, proc.stderr);
  proc.on('exit', (code, signal) => {
    if (stopping) return;
    log(name, `exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  children.push({ name, proc });
}

function stopChild(child: Child): Promise<void> {
  const { proc } = child;
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    proc.kill('SIGTERM');
  });
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  log('setup', 'stopping…');
  // Reverse start order: the API and worker first, so nothing talks to a server that is already gone.
  for (const child of [...children].reverse()) await stopChild(child);
  await temporal?.stop();
  await postgres?.stop();
  await rm(stateFile, { force: true });
  log('setup', 'stopped');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
// If whoever started us dies without a signal reaching us, shut down rather than run on unowned.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && void shutdown(0), 500).unref();

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not healthy after ${timeoutMs / 1000} s: ${last}`);
}

async function main(): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await reapLeftovers();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    CACHE_DIR: config.cacheDir,
    FORCE_COLOR: tty ? '1' : '0',
  };

  const pgReady = (async () => {
    if (config.databaseUrl) return config.databaseUrl;
    const port = await freePort(5433);
    postgres = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      port,
      database: 'enrichment',
      onLog: () => undefined,
    });
    log(
      'postgres',
      `embedded PostgreSQL on ${postgres.url.replace(/:[^:@/]+@/, ':***@')} (data in ${join(dataDir, 'postgres')})`,
    );
    return postgres.url;
  })();
  const temporalReady = (async () => {
    if (config.temporal.address) {
      log('temporal', `using external Temporal at ${config.temporal.address}, namespace ${config.temporal.namespace}`);
      return config.temporal.address;
    }
    const cli = await ensureTemporalCli((l) => log('setup', l));
    temporal = await startTemporalDevServer({
      cli,
      port: 7233,
      uiPort: 8233,
      dbFile: join(dataDir, 'temporal.sqlite'),
      namespace: config.temporal.namespace,
      onLog: (l) => log('temporal', l),
    });
    log(
      'temporal',
      `dev server on ${temporal.address}; Web UI ${temporal.uiUrl} (history in ${join(dataDir, 'temporal.sqlite')})`,
    );
    return temporal.address;
  })();
  const [databaseUrl, temporalAddress] = await Promise.all([pgReady, temporalReady]);
  env.DATABASE_URL = databaseUrl;
  env.TEMPORAL_ADDRESS = temporalAddress;

  const pool = createPool(databaseUrl, 2);
  const applied = await migrate(pool);
  await pool.end();
  log('postgres', applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');

  // The API key: API_KEY, or the one generated into the data folder on the first start (printed once).
  const apiKeyFile = join(dataDir, 'api-key');
  const generated = config.apiKey ? undefined : await loadOrCreateApiKey(dataDir);
  if (generated?.created) log('setup', `API key (kept in ${apiKeyFile}): ${generated.key}`);
  const apiKey = config.apiKey ?? generated!.key;

  const demo = !config.tmdb.apiKey;
  if (demo) {
    const port = await freePort(3999);
    env.FAKE_PROVIDERS_PORT = String(port);
    env.TMDB_API_URL = `http://127.0.0.1:${port}/3`;
    env.TMDB_IMAGE_URL = `http://127.0.0.1:${port}/t/p`;
    env.TMDB_API_KEY = 'demo';
    env.FANART_API_URL = `http://127.0.0.1:${port}/fanart/v3`;
    env.FANART_IMAGE_URL = `http://127.0.0.1:${port}/fanart/art`;
    env.LIBRARY_ROOTS ||= join(dataDir, 'library');
    env.FANART_API_KEY = 'demo';
    env.OMDB_API_URL = `http://127.0.0.1:${port}/omdb`;
    env.OMDB_API_KEY = 'demo';
    log(
      'setup',
      `DEMO MODE: no TMDB_API_KEY, so providers are the fake server on http://127.0.0.1:${port} (set TMDB_API_KEY for real TMDB)`,
    );
    startChild('providers', 'fake-providers/main.ts', env);
  } else {
    log('setup', `providers: real TMDB at ${config.tmdb.apiUrl}`);
  }
  // glibc's default of a heap per thread lets a worker decoding images grow far past what it uses.
  startChild('worker', 'worker/main.ts', { MALLOC_ARENA_MAX: '2', ...env });
  // Only the API needs the key.
  startChild('api', 'api/main.ts', { ...env, API_KEY: apiKey });
  await saveState();

  // Where the API can be reached from here: listening on every interface includes loopback.
  const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const api = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  await waitForHealth(`${api}/health`, 180_000);
  log(
    'setup',
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: API ${api}  ·  Temporal Web UI ${temporal?.uiUrl ?? '(external)'}`,
  );
  const apiKeyShell = config.apiKey ? '$API_KEY' : `$(cat '${apiKeyFile.replaceAll("'", "'\\''")}')`;
  if (demo) await runDemo(api, apiKey, join(dataDir, 'library'), (l) => log('demo', l), apiKeyShell);
}

main().catch((err: Error) => {
  if (stopping) return; // interrupted by Ctrl-C while starting: not a failure
  log('setup', `failed: ${err.message}`);
  void shutdown(1);
});
