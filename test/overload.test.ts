// Overload: 500 enrich requests within 10 s against a limit of 25 user enrichments in flight. Each is
// accepted (202) or refused (429 with Retry-After), the runs in flight never exceed the limit, every
// accepted run completes, and the stored state is consistent afterwards. With Temporal unreachable a
// start answers 503 with Retry-After.
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { knownMovies } from '../fake-providers/catalog.js';
import { checkState } from '../storage/invariants.js';
import { call, TEST_API_KEY, useHarness } from './support/harness.js';

const LIMIT = 25;
const REQUESTS = 500;
/** A wave every 500 ms: the last one leaves 9.5 s after the first. */
const WAVES = 20;
const WAVE_GAP_MS = 500;

const h = useHarness({
  ENRICH_LIMIT_USER: String(LIMIT),
  // The burst is about admission; the providers' politeness limits would only stretch the drain.
  TMDB_RATE_LIMIT: '1000/1s',
  FANART_RATE_LIMIT: '1000/1s',
  OMDB_RATE_LIMIT: '1000/1s',
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  movieId: number;
  status: number;
  retryAfter: string | null;
  body: any;
}

async function enrich(movieId: number): Promise<Answer> {
  const res = await fetch(`${h.api}/api/movies/${movieId}/enrich`, {
    method: 'POST',
    headers: { 'x-api-key': TEST_API_KEY },
  });
  return { movieId, status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

/**
 * 500 movies. Every 12th is one of the fake providers' 40 films, which enrich fully (TMDB,
 * Fanart.tv, OMDb, artwork); the rest are titles TMDB does not know, whose runs end cheaply as
 * "needs identification": still a whole workflow each, admitted and counted like any other, and
 * quick enough that slots free up and are taken again during the burst.
 */
async function registerMovies(): Promise<{ ids: number[]; catalogue: Set<number> }> {
  const every = Math.floor(REQUESTS / knownMovies.length);
  const bodies = Array.from({ length: REQUESTS }, (_, i) =>
    i % every === 0 && i / every < knownMovies.length
      ? { tmdbId: knownMovies[i / every]!.details.id }
      : { title: `Overload Burst ${i}`, year: 2001 },
  );
  const ids: number[] = [];
  const catalogue = new Set<number>();
  for (let i = 0; i < bodies.length; i += 50) {
    const chunk = await Promise.all(bodies.slice(i, i + 50).map((b) => call(h.api, 'POST', '/api/movies', b)));
    chunk.forEach((res, k) => {
      expect(res.status).toBe(201);
      ids.push(res.body.id);
      if ('tmdbId' in bodies[i + k]!) catalogue.add(res.body.id);
    });
  }
  return { ids, catalogue };
}

/** The most runs open at any one moment, from Temporal's own start and close times. */
function maxOverlap(runs: { start: number; close: number }[]): number {
  // At equal times a close goes first: a slot freed and taken in the same millisecond is one run.
  const events = runs.flatMap((r) => [
    { at: r.start, d: 1 },
    { at: r.close, d: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (open += e.d));
  return max;
}

describe('a burst of enrich requests', () => {
  it('is accepted up to the limit in flight or refused with 429 and Retry-After; everything accepted completes', async () => {
    const { ids: movieIds, catalogue } = await registerMovies();

    const began = Date.now();
    const waves: Promise<Answer[]>[] = [];
    const perWave = REQUESTS / WAVES;
    for (let w = 0; w < WAVES; w++) {
      await sleep(began + w * WAVE_GAP_MS - Date.now());
      waves.push(Promise.all(movieIds.slice(w * perWave, (w + 1) * perWave).map(enrich)));
    }
    const lastSent = Date.now() - began;
    const answers = (await Promise.all(waves)).flat();
    const answered = Date.now() - began;

    expect(answers).toHaveLength(REQUESTS);
    expect(lastSent).toBeLessThanOrEqual(10_000);
    const unexpected = answers.filter((a) => a.status !== 202 && a.status !== 429);
    expect(unexpected).toEqual([]);
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 429);
    for (const r of refused) {
      expect(r.retryAfter, `movie ${r.movieId}`).toMatch(/^[1-9]\d*$/);
      expect(r.body.error).toMatchObject({
        code: 'rate_limited',
        message: expect.stringMatching(/too many user enrichments/),
        details: { limit: LIMIT },
      });
    }
    expect(accepted.length).toBeGreaterThanOrEqual(LIMIT);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(accepted.map((a) => a.body.workflowId)).size).toBe(accepted.length);

    // None lost: each accepted run, by its own run id, closed as completed.
    const runs = await Promise.all(
      accepted.map(async (a) => {
        const handle = h.client.workflow.getHandle(a.body.workflowId, a.body.runId);
        // A failed run is reported by its status below, with the others.
        await handle.result().catch(() => undefined);
        const d = await handle.describe();
        return {
          workflowId: a.body.workflowId,
          status: d.status.name,
          start: d.startTime.getTime(),
          close: d.closeTime!.getTime(),
        };
      }),
    );
    expect(runs.filter((r) => r.status !== 'COMPLETED')).toEqual([]);
    const drained = Math.max(...runs.map((r) => r.close)) - began;
    const maxInFlight = maxOverlap(runs);
    expect(maxInFlight).toBeLessThanOrEqual(LIMIT);

    // And nothing else ran: every enrichMovie run on this queue is one of the accepted ones, completed.
    const onQueue = `WorkflowType = "enrichMovie" AND TaskQueue = "${h.config.temporal.taskQueue}"`;
    const deadline = Date.now() + 10_000;
    while ((await h.client.workflow.count(`${onQueue} AND ExecutionStatus = "Completed"`)).count < accepted.length) {
      if (Date.now() > deadline) break;
      await sleep(200);
    }
    expect((await h.client.workflow.count(onQueue)).count).toBe(accepted.length);
    expect((await h.client.workflow.count(`${onQueue} AND ExecutionStatus = "Completed"`)).count).toBe(accepted.length);

    expect(await checkState(h.pool, h.config, { tempGraceMs: 0, unreferencedGraceMs: 0 })).toEqual([]);

    const retryAfters = refused.map((r) => Number(r.retryAfter));
    console.log(
      `[overload] ${REQUESTS} requests in ${WAVES} waves, last sent at ${(lastSent / 1000).toFixed(1)} s, ` +
        `all answered at ${(answered / 1000).toFixed(1)} s: ${accepted.length} accepted (202), ` +
        `${refused.length} refused (429, Retry-After ${Math.min(...retryAfters)}–${Math.max(...retryAfters)} s); ` +
        `${accepted.filter((a) => catalogue.has(a.movieId)).length} of the accepted were catalogue films; ` +
        `max in flight ${maxInFlight} (limit ${LIMIT}); all ${runs.length} accepted COMPLETED, ` +
        `drained ${(drained / 1000).toFixed(1)} s after the first request; invariant checker green`,
    );
  });

  it('answers 503 with Retry-After when Temporal is unreachable', async () => {
    const movie = await call(h.api, 'POST', '/api/movies', { title: 'Overload Unreachable', year: 2001 });
    // Left open: the client keeps retrying the refused calls in the background after the API has
    // answered, and closing the connection under such a retry throws from the retry's timer.
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const app = createApp({ pool: h.pool, client: new Client({ connection }), config: h.config });
    const res = await app.request(`/api/movies/${movie.body.id}/enrich`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await res.json()).toEqual({
      error: {
        code: 'unavailable',
        message: 'Temporal is unavailable; try again shortly',
        details: { trigger: 'user', retryAfterSeconds: 5 },
      },
    });
  });
});
