// Worker memory while a trailer downloads: one enrichment with a 1 MiB trailer, then one with a
// 200 MiB trailer, both downloaded by yt-dlp from the fake video site, hashed, moved into the cache
// and published beside the film. One worker process (as `npm start` runs it) on its own embedded
// PostgreSQL and Temporal dev server; its peak RSS (VmHWM) after each run is printed: the 200 MiB
// file must not raise it by more than a few megabytes (the bytes stream through files, never memory).
//
//   npm run bench:trailer
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { insertMovie } from '../db/movies.js';
import { migrate } from '../db/migrate.js';
import { createPool } from '../db/pool.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { freePort } from '../dev/ports.js';
import { ensureTemporalCli } from '../dev/temporal-cli.js';
import { startTemporalDevServer } from '../dev/temporal-dev-server.js';
import { ensureYtDlp } from '../dev/yt-dlp.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { demoMovies, trailerMovies } from '../fake-providers/catalog.js';
import { fakeProviderEnv, startFakeProviders } from '../fake-providers/server.js';
import { projectRoot } from '../lib/config.js';
import { mb, memory, pollerOn } from './process-memory.js';
import { enrichMovie } from '../workflows/index.js';

/** What the 200 MiB download may add to the worker's peak RSS over the 1 MiB one. */
const GROWTH_BOUND_MB = 32;

const root = await mkdtemp(join(tmpdir(), 'bench-trailer-'));
// PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
await chmod(root, 0o755);
const quiet = () => undefined;
const [temporal, postgres, providers, ytDlp] = await Promise.all([
  ensureTemporalCli(console.log).then(async (cli) =>
    startTemporalDevServer({ cli, port: await freePort(), namespace: 'default', onLog: quiet }),
  ),
  freePort().then((port) =>
    startEmbeddedPostgres({ dataDir: join(root, 'pg'), port, database: 'bench', onLog: quiet }),
  ),
  startFakeProviders(),
  ensureYtDlp(console.log),
]);
const pool = createPool(postgres.url);
await migrate(pool);
const library = join(root, 'library');
const env = {
  ...process.env,
  DATA_DIR: join(root, 'data'),
  DATABASE_URL: postgres.url,
  TEMPORAL_ADDRESS: temporal.address,
  TASK_QUEUE: 'bench-trailer',
  LIBRARY_ROOTS: library,
  ...fakeProviderEnv(providers, 'bench'),
  YTDLP_PATH: ytDlp,
  TRAILER_ENABLED: 'true',
  AUTO_PUBLISH: 'true',
  REVIEW_TIMEOUT: '0',
  MALLOC_ARENA_MAX: '2',
};
const worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
  cwd: projectRoot,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const connection = await Connection.connect({ address: temporal.address });
const client = new Client({ connection });

async function run(tmdbId: number, title: string) {
  const folder = join(library, title);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, `${title}.mkv`), '');
  const movieId = await insertMovie(pool, {
    tmdbId,
    imdbId: null,
    title,
    year: null,
    path: join(folder, `${title}.mkv`),
    fileName: `${title}.mkv`,
  });
  let sampledKb = 0;
  const sampler = setInterval(
    () => void memory(worker.pid!).then((m) => (sampledKb = Math.max(sampledKb, m.rssKb))),
    100,
  );
  const started = Date.now();
  const result = await client.workflow.execute(enrichMovie, {
    workflowId: enrichWorkflowId(movieId),
    taskQueue: env.TASK_QUEUE,
    args: [{ movieId, trigger: 'user' }],
  });
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  if (result.trailer?.status !== 'downloaded') throw new Error(`${title}: trailer ${JSON.stringify(result.trailer)}`);
  const published = await stat(join(folder, `${title}-trailer.mp4`));
  const { peakKb } = await memory(worker.pid!);
  console.log(
    `  ${title}: ${(published.size / 2 ** 20).toFixed(0)} MiB trailer downloaded, cached and published in ${seconds.toFixed(1)} s; ` +
      `worker RSS sampled peak ${mb(sampledKb)} MB, VmHWM ${mb(peakKb)} MB`,
  );
  return peakKb;
}

try {
  await pollerOn(client, env.TASK_QUEUE);
  console.log(`worker idle: RSS ${mb((await memory(worker.pid!)).rssKb)} MB`);
  const small = await run(demoMovies[0]!.details.id, 'Small Trailer');
  const big = await run(trailerMovies[1]!.details.id, 'Long Trailer');
  const growth = mb(big - small);
  console.log(
    `peak RSS: ${mb(small)} MB after the 1 MiB trailer, ${mb(big)} MB after the 200 MiB one (+${growth} MB; bound +${GROWTH_BOUND_MB} MB): ${growth <= GROWTH_BOUND_MB ? 'within' : 'OVER'}`,
  );
  process.exitCode = growth <= GROWTH_BOUND_MB ? 0 : 1;
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
