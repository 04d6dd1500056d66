// `npm start`: the whole system on embedded defaults, supervised as one command with prefixed logs.
// Temporal dev server (unless TEMPORAL_ADDRESS), PostgreSQL (unless DATABASE_URL), fake providers
// (demo mode: no TMDB_API_KEY), one worker, the API; then, in demo mode, the demo enrichments.
// Every process it starts is watched: one that dies is restarted on the same port and data (see
// dev/restart-policy.ts), and a stop (Ctrl-C) ends them in order within a bounded time.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createPool } from '../db/pool.js';
import { migrate } from '../db/migrate.js';
import { loadConfig, projectRoot } from '../lib/config.js';
import { watch, type Watched } from '../dev/child-process.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { freePort } from '../dev/ports.js';
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartPolicy } from '../dev/restart-policy.js';
import { owned, reapLeftovers, saveState as writeState, type OwnedProcess } from '../dev/supervisor-state.js';
import { ensureTemporalCli } from '../dev/temporal-cli.js';
import { ensureYtDlp } from '../dev/yt-dlp.js';
import { videoSiteEnv } from '../fake-providers/video-site.js';
import { startTemporalDevServer } from '../dev/temporal-dev-server.js';
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
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A stop takes at most this long: the worker may use its whole grace to finish its activities, and
// the rest (the API, then PostgreSQL and Temporal) takes seconds. Whatever is still running then is killed.
const STOP_DEADLINE_MS = config.workerShutdownGraceMs + 10_000;
/** How long a stopping process other than the worker gets before it is killed. */
const CHILD_STOP_MS = 10_000;
/** Clients first, so that nothing talks to a server that is already gone; then what serves them. */
const STOP_ORDER: Source[][] = [['api', 'worker'], ['providers'], ['temporal', 'postgres']];

interface Service {
  name: Source;
  /** Starts it; resolves once it runs (a server: once it answers). */
  start(): Promise<Watched>;
  running?: Watched;
  /** A start in progress: a stop waits for it, then stops what it started. */
  starting?: Promise<void>;
  restarts: RestartPolicy;
}
const services = new Map<Source, Service>();
let stopping = false;
/** Aborted when the stop begins: a server still starting gives up rather than hold the stop up. */
const stopSignal = new AbortController();
let temporalUi: string | undefined;
/** What every process is started with; main() adds the servers' addresses and, in demo mode, the providers. */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  CACHE_DIR: config.cacheDir,
  FORCE_COLOR: tty ? '1' : '0',
};

let stateWritten = Promise.resolve();

/** Records what runs now in the state file; one write at a time, each with the state of its turn. */
function saveState(): Promise<void> {
  stateWritten = stateWritten.then(async () => {
    if (stopping) return;
    const processes = [...services.values()]
      .map((s) => s.running && owned(s.name, s.running.pid))
      .filter((p): p is OwnedProcess => p !== undefined);
    await writeState(stateFile, {
      supervisor: owned('supervisor', process.pid)!,
      processes,
      databaseUrl: config.databaseUrl ? undefined : env.DATABASE_URL,
      temporalAddress: config.temporal.address ? undefined : env.TEMPORAL_ADDRESS,
      imageUrls: { tmdb: env.TMDB_IMAGE_URL, fanart: env.FANART_IMAGE_URL },
    }).catch((err: Error) => log('setup', `could not record the running processes in ${stateFile}: ${err.message}`));
  });
  return stateWritten;
}

/** Starts `name` and keeps it running: when it dies unexpectedly it is restarted (see `restart`). */
async function supervise(name: Source, start: () => Promise<Watched>): Promise<void> {
  const service: Service = { name, start, restarts: new RestartPolicy() };
  services.set(name, service);
  await launch(service);
}

async function launch(service: Service): Promise<void> {
  if (stopping) throw new Error('stopping');
  service.starting = (async () => {
    const running = await service.start();
    service.running = running;
    void running.exited.then((how) => stopping || void restart(service, `exited unexpectedly (${how})`));
  })();
  try {
    await service.starting;
  } finally {
    service.starting = undefined;
  }
  await saveState();
}

async function restart(service: Service, why: string): Promise<void> {
  for (;;) {
    const delay = service.restarts.next();
    if (delay === undefined) {
      const window = `${RESTART_WINDOW_MS / 60_000} minutes`;
      log(service.name, `${why}, after ${MAX_RESTARTS} restarts within ${window}: giving up, stopping everything`);
      return shutdown(1);
    }
    log(service.name, `${why}; restarting it in ${delay / 1000} s`);
    await sleep(delay);
    if (stopping) return;
    try {
      await launch(service);
      log(service.name, `restarted (pid ${service.running!.pid})`);
      return;
    } catch (err) {
      if (stopping) return;
      why = `did not restart (${(err as Error).message})`;
    }
  }
}

function pipeLines(source: Source, stream: NodeJS.ReadableStream): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) log(source, line);
  });
}

/** A Node entry point of ours as a supervised process, in its own process group (see `shutdown`). */
function nodeProcess(name: Source, entry: string, childEnv: NodeJS.ProcessEnv, stopMs = CHILD_STOP_MS) {
  return async (): Promise<Watched> => {
    const proc = spawn(process.execPath, ['--import', 'tsx', resolve(projectRoot, entry)], {
      cwd: projectRoot,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    pipeLines(name, proc.stdout);
    pipeLines(name, proc.stderr);
    return watch(proc, 'SIGTERM', stopMs);
  };
}

/**
 * Stops everything in STOP_ORDER, each group once the one before has exited. Every process runs in
 * its own process group, so a terminal's Ctrl-C reaches only us (and npm) and this order holds;
 * whatever has not exited by STOP_DEADLINE_MS is killed.
 */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  stopSignal.abort();
  log('setup', 'stopping…');
  setTimeout(() => {
    log('setup', `not stopped within ${STOP_DEADLINE_MS / 1000} s: killing what is left`);
    for (const s of services.values()) s.running?.kill();
    rmSync(stateFile, { force: true });
    process.exit(1);
  }, STOP_DEADLINE_MS);
  for (const group of STOP_ORDER) {
    await Promise.all(
      group.map(async (name) => {
        const service = services.get(name);
        await service?.starting?.catch(() => undefined);
        await service?.running?.stop();
      }),
    );
  }
  await stateWritten;
  rmSync(stateFile, { force: true });
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
    await sleep(500);
  }
  throw new Error(`${url} not healthy after ${timeoutMs / 1000} s: ${last}`);
}

async function main(): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await reapLeftovers(stateFile, (l) => log('setup', l));

  const pgReady = (async () => {
    if (config.databaseUrl) return config.databaseUrl;
    // Chosen once: a restarted server comes back where the worker and the API look for it.
    const port = await freePort(5433);
    const pgData = join(dataDir, 'postgres');
    let url = '';
    await supervise('postgres', async () => {
      const pg = await startEmbeddedPostgres({
        dataDir: pgData,
        port,
        database: 'enrichment',
        ownProcessGroup: true,
        signal: stopSignal.signal,
      });
      url = pg.url;
      return pg;
    });
    log('postgres', `embedded PostgreSQL on ${url.replace(/:[^:@/]+@/, ':***@')} (data in ${pgData})`);
    return url;
  })();
  const temporalReady = (async () => {
    if (config.temporal.address) {
      log('temporal', `using external Temporal at ${config.temporal.address}, namespace ${config.temporal.namespace}`);
      return config.temporal.address;
    }
    const cli = await ensureTemporalCli((l) => log('setup', l));
    // 7233 and 8233 as everyone expects, unless taken (by another dev server, say); kept for restarts.
    const [port, uiPort] = [await freePort(7233), await freePort(8233)];
    const dbFile = join(dataDir, 'temporal.sqlite');
    await supervise('temporal', () =>
      startTemporalDevServer({
        cli,
        port,
        uiPort,
        dbFile,
        namespace: config.temporal.namespace,
        ownProcessGroup: true,
        signal: stopSignal.signal,
        // Once we stop, its internal pollers complain about the connections it is closing itself.
        onLog: (l) => stopping || log('temporal', l),
      }),
    );
    temporalUi = `http://127.0.0.1:${uiPort}`;
    // The web UI links each run to it.
    env.TEMPORAL_UI_URL ??= temporalUi;
    log('temporal', `dev server on 127.0.0.1:${port}; Web UI ${temporalUi} (history in ${dbFile})`);
    return `127.0.0.1:${port}`;
  })();
  [env.DATABASE_URL, env.TEMPORAL_ADDRESS] = await Promise.all([pgReady, temporalReady]);
  await saveState();

  const pool = createPool(env.DATABASE_URL, 2);
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
    // Trailers from the fake video site, downloaded like real ones.
    Object.assign(env, videoSiteEnv(`http://127.0.0.1:${port}`));
    env.TRAILER_ENABLED ||= 'true';
    log(
      'setup',
      `DEMO MODE: no TMDB_API_KEY, so providers are the fake server on http://127.0.0.1:${port} (set TMDB_API_KEY for real TMDB)`,
    );
    await supervise('providers', nodeProcess('providers', 'fake-providers/main.ts', env));
  } else {
    log('setup', `providers: real TMDB at ${config.tmdb.apiUrl}`);
  }
  // yt-dlp for trailers: the project's pinned copy, installed now (never by the worker) unless YTDLP_PATH names one.
  if (env.TRAILER_ENABLED === 'true' && !env.YTDLP_PATH)
    env.YTDLP_PATH = await ensureYtDlp((l) => log('setup', l)).catch((err: Error) => {
      log('setup', `trailers will fail until yt-dlp is installed: ${err.message}`);
      return undefined;
    });
  // glibc's default of a heap per thread lets a worker decoding images grow far past what it uses.
  // It may take its whole shutdown grace to finish its activities before it is killed.
  const workerStopMs = config.workerShutdownGraceMs + 5_000;
  await supervise('worker', nodeProcess('worker', 'worker/main.ts', { MALLOC_ARENA_MAX: '2', ...env }, workerStopMs));
  // Only the API needs the key.
  await supervise('api', nodeProcess('api', 'api/main.ts', { ...env, API_KEY: apiKey }));

  // Where the API can be reached from here: listening on every interface includes loopback.
  const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const api = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  await waitForHealth(`${api}/health`, 180_000);
  log(
    'setup',
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: API ${api}  ·  Temporal Web UI ${temporalUi ?? '(external)'}`,
  );
  const apiKeyShell = config.apiKey ? '$API_KEY' : `$(cat '${apiKeyFile.replaceAll("'", "'\\''")}')`;
  if (!demo) return;
  // The demo is a client like any other: when it cannot go on (the API restarting), the system runs on.
  await runDemo(api, apiKey, join(dataDir, 'library'), (l) => log('demo', l), apiKeyShell).catch(
    (err: Error) => stopping || log('demo', `demo stopped: ${err.message}`),
  );
}

main().catch((err: Error) => {
  if (stopping) return; // interrupted by Ctrl-C while starting: not a failure
  log('setup', `failed: ${err.message}`);
  void shutdown(1);
});
