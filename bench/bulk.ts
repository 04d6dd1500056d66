// Bulk runs at library scale, on one worker process with its own embedded PostgreSQL, Temporal dev
// server and fake providers (rate limits lifted):
//  1. priority: a user's enrich on an idle system, then during a low-priority bulk run of
//     --priority-movies films; the second should take at most 2× the first;
//  2. --movies films through POST /api/enrich/bulk: total time, films per minute, the worker's peak
//     RSS, the largest history of any run (the batch's runs under 10,000 events), and a TMDB
//     rate-limit phase a third of the way in, with when the batch paused and resumed.
//
//   npm run bench:bulk [-- --movies 1000 --priority-movies 300]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchProgress } from '../domain/batch.js';
import { GENERATED_FIRST_ID } from '../fake-providers/catalog.js';
import { App, Servers } from '../test/support/process-stack.js';
import { runTimings } from './run-timings.js';

const { values } = parseArgs({
  options: {
    movies: { type: 'string', default: '1000' },
    'priority-movies': { type: 'string', default: '300' },
  },
});
const MOVIES = Number(values.movies);
const PRIORITY_MOVIES = Number(values['priority-movies']);
/** The batch of the bulk run stays under this many events per run. */
const HISTORY_TARGET = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const root = await mkdtemp(join(tmpdir(), 'bench-bulk-'));
const log = (source: string, line: string) => {
  if (/error|fatal/i.test(line) && source !== 'temporal') console.error(`${source}| ${line}`);
};
const servers = await Servers.start(root, log);
const app = await App.start(servers, 'bulk', log, { REVIEW_TIMEOUT: '0', REFRESH_INTERVAL: '0' });

async function api(method: string, path: string, body?: unknown) {
  for (let attempt = 0; ; attempt++) {
    const res = await app.call(method, path, body);
    if (res && res.status < 500 && res.status !== 429) return res;
    if (attempt > 100) throw new Error(`${method} ${path}: ${JSON.stringify(res)}`);
    await sleep(500);
  }
}

let nextFilm = 0;
async function registerFilms(count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api('POST', '/api/movies', { tmdbId: GENERATED_FIRST_ID + nextFilm++ });
    ids.push(res.body.id as number);
  }
  return ids;
}

/** A user's enrich of a fresh film, start to end, in ms; `label` prints where its time went. */
async function userEnrich(label?: string): Promise<number> {
  const [movieId] = await registerFilms(1);
  const started = Date.now();
  const res = await api('POST', `/api/movies/${movieId}/enrich`);
  if (res.status !== 202) throw new Error(`user enrich: ${res.status} ${JSON.stringify(res.body)}`);
  await app.client.workflow.getHandle(res.body.workflowId).result();
  const took = Date.now() - started;
  if (label) console.log(`priority: ${label}: ${await runTimings(app.client, res.body.workflowId)}`);
  return took;
}

async function bulk(movieIds: number[], during?: (p: BatchProgress) => Promise<void>) {
  const res = await api('POST', '/api/enrich/bulk', { movieIds });
  if (res.status !== 202) throw new Error(`bulk: ${res.status} ${JSON.stringify(res.body)}`);
  const { id, workflowId } = res.body as { id: number; workflowId: string };
  for (;;) {
    const view = (await api('GET', `/api/enrich/bulk/${id}`)).body;
    if (view.status !== 'RUNNING') return { workflowId, progress: view.result as BatchProgress };
    if (view.progress) await during?.(view.progress);
    await sleep(1000);
  }
}

async function peakRssMb(): Promise<number> {
  const status = await readFile(`/proc/${app.pid('worker')}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

try {
  // 1. Priority.
  await userEnrich(); // warms the worker's workflow cache and connections
  const idle = await userEnrich('idle');
  const background = await registerFilms(PRIORITY_MOVIES);
  let busy = 0;
  let measured = false;
  const priorityRun = await bulk(background, async (p) => {
    if (measured || p.done < 10) return;
    measured = true;
    busy = await userEnrich('during the bulk run');
  });
  console.log(`priority: a user's enrich took ${(idle / 1000).toFixed(2)} s on an idle system`);
  console.log(
    `priority: during a bulk run of ${PRIORITY_MOVIES} films it took ${(busy / 1000).toFixed(2)} s ` +
      `(${(busy / idle).toFixed(2)}× idle; target ≤ 2×: ${busy <= 2 * idle ? 'met' : 'NOT met'}); ` +
      `the bulk run: ${priorityRun.progress.done} done, ${priorityRun.progress.failed} failed`,
  );

  // 2. Scale, with a rate-limit phase a third of the way in.
  const movieIds = await registerFilms(MOVIES);
  let faulted = false;
  let faultAt = 0;
  const started = Date.now();
  const run = await bulk(movieIds, async (p) => {
    if (faulted || p.done < MOVIES / 3) return;
    faulted = true;
    faultAt = Date.now();
    // TMDB answers 429 (Retry-After 15 s) to the next 6 film requests.
    servers.providers.setFaults([{ match: '/3/movie', status: 429, headers: { 'retry-after': '15' }, times: 6 }]);
    console.log(`rate limit: TMDB starts answering 429 at ${new Date().toISOString()} (${p.done} done)`);
  });
  const seconds = (Date.now() - started) / 1000;
  const p = run.progress;
  let batchLargest = 0;
  let batchRuns = 0;
  for await (const r of app.client.workflow.list({ query: `WorkflowId = "${run.workflowId}"` })) {
    batchRuns++;
    batchLargest = Math.max(batchLargest, r.historyLength);
  }
  let childLargest = 0;
  const starts: number[] = [];
  for (const m of movieIds) {
    const d = await app.client.workflow.getHandle(`enrich-movie-${m}`).describe();
    childLargest = Math.max(childLargest, d.historyLength);
    starts.push(d.startTime.getTime());
  }
  // The batch's own account of pauses lists those it saw with a free place in its window; the
  // children's start times show every stretch in which it started nothing.
  starts.sort((a, b) => a - b);
  let gap = { from: 0, to: 0 };
  for (let i = 1; i < starts.length; i++)
    if (starts[i - 1]! >= faultAt - 1000 && starts[i]! - starts[i - 1]! > gap.to - gap.from)
      gap = { from: starts[i - 1]!, to: starts[i]! };
  console.log(
    `bulk: ${MOVIES} films in ${seconds.toFixed(1)} s = ${((MOVIES / seconds) * 60).toFixed(1)} films/min ` +
      `(${p.done} done, ${p.awaitingReview} awaiting review, ${p.failed} failed, ${p.skipped} skipped)`,
  );
  console.log(`bulk: worker peak RSS ${(await peakRssMb()).toFixed(0)} MB`);
  console.log(
    `bulk: the batch ran as ${batchRuns} run(s) (continued as new ${p.continuedRuns}×); its largest history ` +
      `${batchLargest} events (target < ${HISTORY_TARGET}: ${batchLargest < HISTORY_TARGET ? 'met' : 'NOT met'}); ` +
      `the largest enrichment history ${childLargest} events`,
  );
  for (const pause of p.pauses)
    console.log(
      `bulk: paused ${pause.from} for ${pause.provider} (${pause.reason}); asked until ${pause.until}; resumed ${pause.resumedAt}`,
    );
  if (faultAt)
    console.log(
      `bulk: TMDB rate-limited from ${new Date(faultAt).toISOString()}; the longest stretch without a new ` +
        `enrichment after it: ${new Date(gap.from).toISOString()} to ${new Date(gap.to).toISOString()} ` +
        `(${((gap.to - gap.from) / 1000).toFixed(1)} s; the Retry-After was 15 s)`,
    );
} finally {
  await app.stop();
  await servers.stop();
  await rm(root, { recursive: true, force: true });
}
