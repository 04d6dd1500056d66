// Worker memory under a burst of large images: N enrichments at once, every TMDB image a 39.6 MP
// JPEG and every Fanart.tv image a 39.6 MP PNG (just under the 40 MP cap), byte-identical so that
// no type ever reaches its limit and every candidate is downloaded and decoded. One worker process
// (as `npm start` runs it) on its own embedded PostgreSQL and Temporal dev server; its peak RSS
// (VmHWM) is printed against the documented bound.
//
//   npm run bench:decode-memory [-- --movies 40]
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import sharp from 'sharp';
import { insertMovie } from '../db/movies.js';
import { migrate } from '../db/migrate.js';
import { createPool } from '../db/pool.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { freePort } from '../dev/ports.js';
import { ensureTemporalCli } from '../dev/temporal-cli.js';
import { startTemporalDevServer } from '../dev/temporal-dev-server.js';
import { PRIORITY } from '../domain/priority.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { demoMovies, extraMovies } from '../fake-providers/catalog.js';
import { fakeProviderEnv, startFakeProviders } from '../fake-providers/server.js';
import { projectRoot } from '../lib/config.js';
import { mb, memory, pollerOn } from './process-memory.js';
import { enrichMovie } from '../workflows/index.js';

/**
 * The bound the README documents for one worker with the default limits (40 MP cap, decode
 * concurrency = cores, 20 activity slots) and MALLOC_ARENA_MAX=2, on a 2-core machine.
 */
const RSS_BOUND_MB = 600;

const { values } = parseArgs({
  options: { movies: { type: 'string', default: '40' }, images: { type: 'string', default: 'large' } },
});
// `--images small` serves the fake providers' own artwork: the same burst without large pictures,
// to tell what the decoding adds from what the workflows in flight take.
const large = values.images !== 'small';
const movies = Number(values.movies);
const films = [...demoMovies, ...extraMovies].slice(0, movies);
if (films.length < movies) throw new Error(`the fake providers know ${films.length} films, not ${movies}`);

/** A busy picture (so the encoders cannot make it trivially small), drawn at width×height. */
async function largePicture(width: number, height: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const tile = await sharp({
    create: {
      width: 64,
      height: 64,
      channels: 3,
      background: 'grey',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer();
  const image = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } }).composite([
    { input: tile, tile: true, blend: 'overlay' },
  ]);
  return format === 'jpeg' ? image.jpeg({ quality: 80 }).toBuffer() : image.png({ compressionLevel: 6 }).toBuffer();
}

const root = await mkdtemp(join(tmpdir(), 'bench-decode-memory-'));
// PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
await chmod(root, 0o755);
const quiet = () => undefined;
console.log(
  `preparing: ${movies} films, ${large ? '6000×6600 JPEG for TMDB and 6000×6600 PNG for Fanart.tv' : 'the fake providers’ own artwork'}…`,
);
const [jpeg, png] = await Promise.all([largePicture(6000, 6600, 'jpeg'), largePicture(6000, 6600, 'png')]);
const [temporal, postgres, providers] = await Promise.all([
  ensureTemporalCli(console.log).then(async (cli) =>
    startTemporalDevServer({ cli, port: await freePort(), namespace: 'default', onLog: quiet }),
  ),
  freePort().then((port) =>
    startEmbeddedPostgres({ dataDir: join(root, 'pg'), port, database: 'bench', onLog: quiet }),
  ),
  startFakeProviders(),
]);
if (large)
  providers.setFaults([
    { match: '/t/p/', status: 200, body: jpeg, headers: { 'content-type': 'image/jpeg' } },
    { match: '/fanart/art/', status: 200, body: png, headers: { 'content-type': 'image/png' } },
  ]);
const pool = createPool(postgres.url);
await migrate(pool);
const env = {
  ...process.env,
  DATA_DIR: join(root, 'data'),
  DATABASE_URL: postgres.url,
  TEMPORAL_ADDRESS: temporal.address,
  TASK_QUEUE: 'bench-decode-memory',
  ...fakeProviderEnv(providers, 'bench'),
  REVIEW_TIMEOUT: '0',
  // As npm start and the Docker image run workers: glibc keeps fewer per-thread heaps.
  MALLOC_ARENA_MAX: '2',
  // Limits lifted: the burst is about memory, not politeness.
  TMDB_RATE_LIMIT: '100000/1s',
  FANART_RATE_LIMIT: '100000/1s',
  OMDB_RATE_LIMIT: '100000/1s',
};
const worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
  cwd: projectRoot,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection });

try {
  const ids = [];
  for (const film of films)
    ids.push(
      await insertMovie(pool, {
        tmdbId: film.details.id,
        imdbId: null,
        title: film.details.title,
        year: null,
        path: null,
        fileName: null,
      }),
    );
  // Wait for the worker to poll, so its start is not part of the figures.
  await pollerOn(client, env.TASK_QUEUE);
  const idle = await memory(worker.pid!);
  const started = Date.now();
  const handles = await Promise.all(
    ids.map((movieId) =>
      client.workflow.start(enrichMovie, {
        workflowId: enrichWorkflowId(movieId),
        taskQueue: env.TASK_QUEUE,
        args: [{ movieId, trigger: 'bulk' }],
        priority: { priorityKey: PRIORITY.bulk },
      }),
    ),
  );
  let sampledPeakKb = 0;
  const sampler = setInterval(
    () => void memory(worker.pid!).then((m) => (sampledPeakKb = Math.max(sampledPeakKb, m.rssKb))),
    100,
  );
  const results = await Promise.all(handles.map((h) => h.result()));
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const { peakKb } = await memory(worker.pid!);
  const downloads = results.reduce(
    (n, r) => n + Object.values(r.types).reduce((m, t) => m + (t?.downloaded ?? 0), 0),
    0,
  );
  console.log(
    `\n${movies} enrichments at once, ${downloads} images${large ? ' of 39.6 MP' : ''} downloaded and decoded in ${seconds.toFixed(1)} s`,
  );
  if (large) console.log(`  JPEG ${(jpeg.length / 1e6).toFixed(1)} MB, PNG ${(png.length / 1e6).toFixed(1)} MB`);
  console.log(`  worker RSS idle ${mb(idle.rssKb)} MB, peak ${mb(peakKb)} MB (sampled ${mb(sampledPeakKb)} MB)`);
  console.log(
    `  peak RSS ${mb(peakKb)} MB against the documented bound of ${RSS_BOUND_MB} MB: ${mb(peakKb) <= RSS_BOUND_MB ? 'within' : 'OVER'}`,
  );
  process.exitCode = mb(peakKb) <= RSS_BOUND_MB ? 0 : 1;
} finally {
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await connection.close();
  await pool.end();
  await providers.close();
  await temporal.stop();
  await postgres.stop();
  await rm(root, { recursive: true, force: true });
}
