// A worker killed in the middle of a run's artwork walk: the walk resumes on the restarted worker
// from the candidates it had finished (their outcomes were written as each one finished), fetches
// none of them again, and ends with every type filled as an undisturbed walk would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITY } from '../domain/priority.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { enrichMovie } from '../workflows/index.js';
import { App, Servers } from './support/process-stack.js';

/** TMDB images answered before the rest hang: a few of the posters and backdrops finish, then the walk stalls. */
const ANSWERED = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let root: string;
let servers: Servers;
let app: App;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'walk-crash-'));
  servers = await Servers.start(root);
  app = await App.start(servers, 'walk', () => undefined, { REVIEW_TIMEOUT: '0', REFRESH_INTERVAL: '0' });
}, 300_000);
afterAll(async () => {
  await app?.stop();
  await servers?.stop();
  await rm(root, { recursive: true, force: true });
});

const tmdbImageRequests = () => servers.providers.requests.filter((r) => r.path.startsWith('/t/p/'));

describe('a worker killed mid-walk', () => {
  it('resumes the walk without downloading any finished candidate again', async () => {
    const movieId = (await app.call('POST', '/api/movies', { tmdbId: 603 }))!.body.id as number;
    servers.providers.clearLog();
    servers.providers.setFaults([{ match: '/t/p/', after: ANSWERED, delayMs: 120_000 }]);
    const handle = await app.client.workflow.start(enrichMovie, {
      workflowId: enrichWorkflowId(movieId),
      taskQueue: app.config.temporal.taskQueue,
      args: [{ movieId, trigger: 'bulk' }],
      priority: { priorityKey: PRIORITY.bulk },
    });

    // The answered images finish (downloaded, hashed, kept or let go, their outcomes written);
    // the next ones hang on the server.
    const runKey = `${handle.workflowId}-${handle.firstExecutionRunId}`;
    const finished = async () =>
      (
        await app.pool.query<{ url: string }>(
          `SELECT pa.provider_url AS url FROM artwork_walk_outcomes o
             JOIN provider_assets pa ON pa.id = o.candidate_id
            WHERE o.run_key = $1`,
          [runKey],
        )
      ).rows.map((r) => new URL(r.url).pathname);
    for (const deadline = Date.now() + 60_000; ; await sleep(200)) {
      const done = await finished();
      if (tmdbImageRequests().length > ANSWERED && done.filter((p) => p.startsWith('/t/p/')).length >= ANSWERED) break;
      if (Date.now() > deadline) throw new Error(`walk did not reach the hanging images: ${done.join(', ')}`);
    }
    const hanging = tmdbImageRequests()
      .slice(ANSWERED)
      .map((r) => r.path);
    const before = await finished();

    await app.kill('worker');
    servers.providers.clearFaults();
    servers.providers.clearLog();
    await app.startProcess('worker');
    const result = await handle.result();

    const fetchedAgain = servers.providers.requests.map((r) => r.path).filter((p) => before.includes(p));
    expect(fetchedAgain).toEqual([]);
    // The walk went on where it stopped: what hung is fetched now.
    for (const path of hanging) expect(servers.providers.requests.map((r) => r.path)).toContain(path);
    expect(result.status).toBe('enriched');
    for (const t of ['poster', 'fanart'] as const) {
      const counters = result.types[t]!;
      expect(counters.accepted).toBe(Math.min(counters.limit, counters.candidates - counters.failed));
      expect(counters.failed).toBe(0);
    }
    // Finished candidates count as downloaded once, as in a walk nobody interrupted.
    const downloaded = Object.values(result.types).reduce((n, t) => n + (t?.downloaded ?? 0), 0);
    const imageRequests = servers.providers.requests.filter(
      (r) => r.path.startsWith('/t/p/') || r.path.startsWith('/fanart/art/'),
    ).length;
    expect(downloaded).toBe(before.length + imageRequests);
    const { rows } = await app.pool.query('SELECT count(*)::int AS n FROM artwork_walk_outcomes WHERE run_key = $1', [
      runKey,
    ]);
    expect(rows[0].n).toBe(0);
    console.log(
      `[walk crash] killed with ${before.length} candidates finished and ${hanging.length} hanging; ` +
        `after the restart ${imageRequests} image requests, none for a finished candidate; ` +
        `${downloaded} downloads counted`,
    );
  }, 240_000);
});
