// End-to-end throughput as a new user meets it: its own stack (Temporal dev server, embedded
// PostgreSQL, a worker process, an API process, fake providers with generated films, rate limits
// lifted), N films enriched at once, and where the machine's time went:
//   films per minute and wall time; CPU seconds per film of the Temporal server, the worker, the API
//   and PostgreSQL; the decode floor (the same kept images hashed in one process, as `enrich phash`
//   does) and the ratio to it; history events and activities per run; the worker's peak RSS; bytes
//   downloaded per kept image; and the same activities called directly in this process (no
//   Temporal) on as many more films (or `--direct N`), for Temporal's overhead. Each figure is
//   printed against the target it has.
//
//   npm run bench:e2e [-- --movies 100 [--direct 100] [--types poster,fanart,clearlogo]]
//
// `--types` keeps only those asset types (the others' limits set to 0, as a user who wants only
// them would): poster, fanart and clearlogo are 8 kept images per generated film at the default
// limits (3, 4, 1), all types 12.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { perceptualHash } from '../activities/image-hash.js';
import { createActivities } from '../activities/index.js';
import { createPool } from '../db/pool.js';
import { workerPoolSize } from '../worker/create-worker.js';
import { enrichDirectly } from './direct-run.js';
import { movieImageFiles } from '../db/blobs.js';
import { PRIORITY } from '../domain/priority.js';
import { ASSET_TYPES } from '../domain/types.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { findDemoMovie, GENERATED_FIRST_ID } from '../fake-providers/catalog.js';
import { App, Servers } from '../test/support/process-stack.js';
import { enrichMovie } from '../workflows/index.js';
import { mb, memory } from './process-memory.js';

const { values } = parseArgs({
  options: { movies: { type: 'string', default: '100' }, direct: { type: 'string' }, types: { type: 'string' } },
});
const MOVIES = Number(values.movies);
if (!Number.isInteger(MOVIES) || MOVIES < 1 || MOVIES > 4500) throw new Error('--movies: 1 to 4500');
// Films for the direct run: as many by default; fewer saves drawing their pictures on a long run.
const DIRECT = Number(values.direct ?? MOVIES);
if (!Number.isInteger(DIRECT) || DIRECT < 1 || DIRECT > MOVIES) throw new Error(`--direct: 1 to ${MOVIES}`);
const TYPES = values.types ? values.types.split(',').map((t) => t.trim()) : [...ASSET_TYPES];
const unknownType = TYPES.find((t) => !(ASSET_TYPES as readonly string[]).includes(t));
if (unknownType !== undefined) throw new Error(`--types: ${unknownType} is none of ${ASSET_TYPES.join(', ')}`);
// The types left out, switched off for the worker and the direct run alike.
const typesOff = Object.fromEntries(
  ASSET_TYPES.filter((t) => !TYPES.includes(t)).map((t) => [`ASSET_LIMIT_${t.toUpperCase()}`, '0']),
);
const TARGETS = { filmsPerMinute: 300, floorRatio: 3.5, historyEvents: 60, workerPeakMb: 400, temporalOverhead: 1.5 };
const TICKS = 100; // USER_HZ, what /proc/<pid>/stat counts CPU time in on Linux

/** CPU seconds a process used, with its reaped children (PostgreSQL's backends that exited). */
function cpuSeconds(pid: number, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // Fields 14–17 of stat (utime, stime, cutime, cstime); the slice starts at field 3.
    const own = f[11]! + f[12]!;
    return (withChildren ? own + f[13]! + f[14]! : own) / TICKS;
  } catch {
    return 0;
  }
}

/** The postmaster and its live backends (those that exited count in its children's time). */
function postgresSeconds(root: string): number {
  const pidFile = join(root, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return 0;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
        total += cpuSeconds(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * Registers generated films `first` to `first + count - 1`. The fake providers draw each picture on
 * its first request, in this process and on the same cores: drawn here, before any clock starts,
 * so the runs measure our work, not theirs.
 */
async function registerFilms(first: number, count: number): Promise<number[]> {
  const draw = async (filePath: string) => {
    const route = filePath.lastIndexOf('/') === 0 ? `/t/p/original${filePath}` : `/fanart/art${filePath}`;
    const drawn = await fetch(`${servers.providers.url}${route}`);
    if (!drawn.ok) throw new Error(`drawing ${route}: HTTP ${drawn.status}`);
    await drawn.arrayBuffer();
  };
  const slot = pLimit(4);
  return Promise.all(
    Array.from({ length: count }, (_, k) =>
      slot(async () => {
        const i = first + k;
        const res = await app.call('POST', '/api/movies', { tmdbId: GENERATED_FIRST_ID + i });
        if (res?.status !== 201) throw new Error(`registering film ${i}: ${JSON.stringify(res)}`);
        for (const { filePath } of findDemoMovie(GENERATED_FIRST_ID + i)!.images) await draw(filePath);
        return res.body.id as number;
      }),
    ),
  );
}

const root = await mkdtemp(join(tmpdir(), 'bench-e2e-'));
const log = (source: string, line: string) => {
  if (/error|fatal/i.test(line) && source !== 'temporal' && source !== 'postgres') console.error(`${source}| ${line}`);
};
console.log(`starting the stack for ${MOVIES} films, asset types ${TYPES.join(', ')}…`);
const servers = await Servers.start(root, log);
const app = await App.start(servers, 'e2e', log, {
  REVIEW_TIMEOUT: '0',
  REFRESH_INTERVAL: '0',
  ...typesOff,
  ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: '--import ' + process.env.BENCH_PROFILE } : {}),
});
try {
  const ids = await registerFilms(0, MOVIES);
  const workerPid = app.pid('worker')!;
  const apiPid = app.pid('api')!;
  const temporalPid = servers.temporal.process.pid!;
  const before = {
    temporal: cpuSeconds(temporalPid, true),
    worker: cpuSeconds(workerPid),
    api: cpuSeconds(apiPid),
    postgres: postgresSeconds(root),
  };
  const benchBefore = process.cpuUsage();
  servers.providers.clearLog();
  let sampledKb = 0;
  const sampler = setInterval(
    () => void memory(workerPid).then((m) => (sampledKb = Math.max(sampledKb, m.rssKb))),
    200,
  );
  const started = Date.now();
  const handles = await Promise.all(
    ids.map((movieId) =>
      app.client.workflow.start(enrichMovie, {
        workflowId: enrichWorkflowId(movieId),
        taskQueue: app.config.temporal.taskQueue,
        args: [{ movieId, trigger: 'bulk' }],
        priority: { priorityKey: PRIORITY.bulk },
      }),
    ),
  );
  const results = await Promise.all(handles.map((h) => h.result()));
  const seconds = (Date.now() - started) / 1000;
  const benchUsage = process.cpuUsage(benchBefore);
  clearInterval(sampler);
  const after = {
    temporal: cpuSeconds(temporalPid, true),
    worker: cpuSeconds(workerPid),
    api: cpuSeconds(apiPid),
    postgres: postgresSeconds(root),
  };
  const { peakKb } = await memory(workerPid);

  const kept = await movieImageFiles(app.pool);
  const keptPerFilm = kept.length / MOVIES;
  const imageBytes = servers.providers.requests
    .filter((r) => r.path.startsWith('/t/p/') || r.path.startsWith('/fanart/art/'))
    .reduce((n, r) => n + (r.bytes ?? 0), 0);
  // The decode floor: the same kept images, hashed one after another in this process.
  const floorStart = Date.now();
  for (const file of kept) await perceptualHash(file);
  const floorSeconds = (Date.now() - floorStart) / 1000;

  const sample = handles.slice(0, Math.min(50, handles.length));
  let events = 0;
  let activities = 0;
  for (const h of sample) {
    const history = (await h.fetchHistory()).events ?? [];
    events += history.length;
    activities += history.filter((e) => e.activityTaskScheduledEventAttributes).length;
  }
  const perRun = { events: events / sample.length, activities: activities / sample.length };
  const downloads = results.reduce(
    (n, r) => n + Object.values(r.types).reduce((m, t) => m + (t?.downloaded ?? 0), 0),
    0,
  );
  const filmsPerMinute = (MOVIES / seconds) * 60;
  const cpu = (k: keyof typeof before) => (after[k] - before[k]) / MOVIES;
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `\n${MOVIES} films enriched at once in ${seconds.toFixed(1)} s: ${filmsPerMinute.toFixed(1)} films per minute`,
  );
  console.log(`  target ≥ ${TARGETS.filmsPerMinute} films/min: ${mark(filmsPerMinute >= TARGETS.filmsPerMinute)}`);
  console.log(
    `  kept images: ${kept.length} (${keptPerFilm.toFixed(1)} per film), downloads ${downloads} ` +
      `(${(downloads / MOVIES).toFixed(1)} per film), ${(imageBytes / Math.max(1, kept.length) / 1024).toFixed(0)} KiB downloaded per kept image`,
  );
  console.log(
    `  CPU seconds per film: Temporal server ${cpu('temporal').toFixed(3)}, worker ${cpu('worker').toFixed(3)}, ` +
      `API ${cpu('api').toFixed(3)}, PostgreSQL ${cpu('postgres').toFixed(3)}; ` +
      `the fake providers and this driver ${((benchUsage.user + benchUsage.system) / 1e6 / MOVIES).toFixed(3)}`,
  );
  const ratio = seconds / floorSeconds;
  console.log(
    `  decode floor (the ${kept.length} kept images hashed in one process): ${floorSeconds.toFixed(1)} s; ` +
      `end to end is ${ratio.toFixed(1)}× it (target ≤ ${TARGETS.floorRatio}×: ${mark(ratio <= TARGETS.floorRatio)})`,
  );
  console.log(
    `  per run (${sample.length} runs read): ${perRun.events.toFixed(0)} history events ` +
      `(target ≤ ${TARGETS.historyEvents}: ${mark(perRun.events <= TARGETS.historyEvents)}), ${perRun.activities.toFixed(1)} activities`,
  );
  console.log(
    `  worker peak RSS ${mb(peakKb)} MB (sampled ${mb(sampledKb)} MB; target ≤ ${TARGETS.workerPeakMb} MB: ${mark(mb(peakKb) <= TARGETS.workerPeakMb)})`,
  );

  // The same work called directly in this process, on as many more films.
  const directIds = await registerFilms(MOVIES, DIRECT);
  const directPool = createPool(app.config.databaseUrl!, workerPoolSize(app.config));
  try {
    const activities = createActivities({ pool: directPool, config: app.config });
    const directStart = Date.now();
    await enrichDirectly(activities, directIds, app.config.workerActivitySlots);
    const directSeconds = (Date.now() - directStart) / 1000;
    // Films per minute against films per minute: the direct run may have fewer films.
    const overhead = ((DIRECT / directSeconds) * 60) / filmsPerMinute;
    console.log(
      `  Temporal overhead: ${filmsPerMinute.toFixed(1)} films per minute through workflows against ` +
        `${((DIRECT / directSeconds) * 60).toFixed(1)} for the same activities called directly (${DIRECT} films in ` +
        `${directSeconds.toFixed(1)} s), ${overhead.toFixed(2)}× (target ≤ ${TARGETS.temporalOverhead}×: ${mark(overhead <= TARGETS.temporalOverhead)})`,
    );
  } finally {
    await directPool.end();
  }
} finally {
  await app.stop();
  await servers.stop();
  await rm(root, { recursive: true, force: true });
}
