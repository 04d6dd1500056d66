// Bulk runs through the API: one at a time, a sliding window of enrichments, a pause while TMDB
// answers 429 and the resumption after, cancelling (running enrichments finish, nothing new
// starts), retrying every failed enrichment, and a batch continuing as new as its history grows.
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '../domain/batch.js';
import { GENERATED_FIRST_ID } from '../fake-providers/catalog.js';
import { enrichBatch } from '../workflows/index.js';
import { call, useHarness, waitForEnrichment } from './support/harness.js';

const WINDOW = 2;
const h = useHarness({ BATCH_WINDOW: String(WINDOW) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers generated films `from` … `from + count - 1`; their movie ids. */
async function register(from: number, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await call(h.api, 'POST', '/api/movies', { tmdbId: GENERATED_FIRST_ID + from + i });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

async function bulkResult(id: number): Promise<{ status: string; progress: BatchProgress }> {
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; await sleep(250)) {
    const res = await call(h.api, 'GET', `/api/enrich/bulk/${id}`);
    expect(res.status).toBe(200);
    if (res.body.status !== 'RUNNING') return { status: res.body.status, progress: res.body.result };
  }
  throw new Error(`bulk run ${id} still running after 180 s`);
}

describe('bulk runs', () => {
  it('enrich a list in a window of two, one bulk run at a time, pausing while TMDB rate-limits and resuming after', async () => {
    const movieIds = await register(100, 8);
    // Films 2–5 were enriched a moment ago: their runs reuse the fresh provider data and end quickly.
    for (const m of movieIds.slice(1, 5)) {
      const res = await call(h.api, 'POST', `/api/movies/${m}/enrich`);
      await waitForEnrichment(h.api, res.body.workflowId);
    }
    // TMDB answers the first film 429 with Retry-After: 10 s. The quick runs beside it free their
    // places meanwhile, and the batch starts nothing more until the 10 s are over.
    h.providers.setFaults([
      { match: `/3/movie/${GENERATED_FIRST_ID + 100}`, status: 429, headers: { 'retry-after': '10' }, times: 1 },
    ]);
    const started = await call(h.api, 'POST', '/api/enrich/bulk', { movieIds });
    expect(started.status).toBe(202);
    const { id, workflowId } = started.body;
    expect(workflowId).toBe(`enrich-bulk-${id}`);

    const second = await call(h.api, 'POST', '/api/enrich/bulk', {});
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/one at a time/),
      details: { id },
    });

    let mostInFlight = 0;
    let sawPause = false;
    for (;;) {
      const res = await call(h.api, 'GET', `/api/enrich/bulk/${id}`);
      if (res.body.status !== 'RUNNING') break;
      const p = res.body.progress as BatchProgress | null;
      if (p) {
        mostInFlight = Math.max(mostInFlight, p.running);
        sawPause ||= p.state === 'paused';
      }
      await sleep(100);
    }
    const { status, progress } = await bulkResult(id);
    expect(status).toBe('COMPLETED');
    expect(progress).toMatchObject({ state: 'finished', total: 8, done: 8, failed: 0, skipped: 0, remaining: 0 });
    expect(mostInFlight).toBeLessThanOrEqual(WINDOW);
    expect(sawPause).toBe(true);
    expect(progress.pauses.length).toBeGreaterThanOrEqual(1);
    const pause = progress.pauses[0]!;
    expect(pause).toMatchObject({ provider: 'tmdb', reason: expect.stringMatching(/HTTP 429/) });
    expect(Date.parse(pause.resumedAt!)).toBeGreaterThanOrEqual(Date.parse(pause.until) - 1000);
    // Nothing started while paused.
    const starts = await Promise.all(
      movieIds.map(async (m) =>
        (await h.client.workflow.getHandle(`enrich-movie-${m}`).describe()).startTime.getTime(),
      ),
    );
    const pausedFrom = Date.parse(pause.from);
    expect(starts.filter((t) => t > pausedFrom + 100 && t < Date.parse(pause.resumedAt!) - 100)).toEqual([]);
    expect(starts.filter((t) => t > pausedFrom).length).toBeGreaterThan(0);
    console.log(
      `[bulk] rate-limit pause: paused ${pause.from}, TMDB asked until ${pause.until}, resumed ${pause.resumedAt}`,
    );
    // Finished: the next bulk run may start.
    const next = await call(h.api, 'POST', '/api/enrich/bulk', { movieIds: movieIds.slice(0, 1) });
    expect(next.status).toBe(202);
    expect((await bulkResult(next.body.id)).progress).toMatchObject({ done: 1 });
  });

  it('cancelled: nothing new starts, the enrichments already running finish', async () => {
    const movieIds = await register(200, 6);
    const started = await call(h.api, 'POST', '/api/enrich/bulk', { movieIds });
    expect(started.status).toBe(202);
    const { id } = started.body;
    for (;;) {
      const p = (await call(h.api, 'GET', `/api/enrich/bulk/${id}`)).body.progress as BatchProgress | null;
      if (p && p.running === WINDOW) break;
      await sleep(20);
    }
    expect((await call(h.api, 'DELETE', `/api/enrich/bulk/${id}`)).status).toBe(202);
    const { progress } = await bulkResult(id);
    expect(progress.state).toBe('cancelled');
    expect((await call(h.api, 'DELETE', `/api/enrich/bulk/${id}`)).status).toBe(409);
    const runs = await Promise.all(
      movieIds.map((m) =>
        h.client.workflow
          .getHandle(`enrich-movie-${m}`)
          .result()
          .then(
            () => 'completed',
            (err) => (err instanceof WorkflowNotFoundError ? 'never started' : `failed: ${err.message}`),
          ),
      ),
    );
    const completed = runs.filter((r) => r === 'completed').length;
    expect(completed).toBeGreaterThanOrEqual(WINDOW);
    expect(completed).toBeLessThan(movieIds.length);
    expect(runs.filter((r) => r !== 'completed').every((r) => r === 'never started')).toBe(true);
  });

  it('lists the latest runs newest first, as each one shows alone, and refuses a limit out of range', async () => {
    const all = await call(h.api, 'GET', '/api/enrich/bulk?limit=100');
    expect(all.status).toBe(200);
    const ids = all.body.runs.map((r: { id: number }) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(3); // the runs of the tests above
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const [newest] = all.body.runs;
    expect(newest).toEqual((await call(h.api, 'GET', `/api/enrich/bulk/${newest.id}`)).body);
    expect(newest.result.state).toBe('cancelled');
    expect((await call(h.api, 'GET', '/api/enrich/bulk?limit=2')).body.runs.map((r: { id: number }) => r.id)).toEqual(
      ids.slice(0, 2),
    );
    for (const bad of ['0', '101', 'x']) {
      const res = await call(h.api, 'GET', `/api/enrich/bulk?limit=${bad}`);
      expect([bad, res.status, res.body.error.details.issues[0].field]).toEqual([bad, 400, 'limit']);
    }
  });

  it('cancelled while waiting for a running enrichment of its movie to give way, ends at once', async () => {
    const [movieId] = await register(250, 1);
    // The user's run of the movie is slow to scrape: the batch finds it running and waits to retry.
    h.providers.setFaults([{ match: `/3/movie/${GENERATED_FIRST_ID + 250}`, delayMs: 8000, times: 1 }]);
    const user = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`);
    expect(user.status).toBe(202);
    const started = await call(h.api, 'POST', '/api/enrich/bulk', { movieIds: [movieId] });
    expect(started.status).toBe(202);
    await sleep(1000);
    expect((await call(h.api, 'DELETE', `/api/enrich/bulk/${started.body.id}`)).status).toBe(202);
    const { status, progress } = await bulkResult(started.body.id);
    expect(status).toBe('COMPLETED');
    expect(progress).toMatchObject({ state: 'cancelled', done: 0, failed: 0 });
    // The slot is free again.
    const next = await call(h.api, 'POST', '/api/enrich/bulk', { movieIds: [movieId] });
    expect(next.status).toBe(202);
    await bulkResult(next.body.id);
    await waitForEnrichment(h.api, user.body.workflowId);
  });

  it('{status: "failed"} retries every movie whose latest enrichment failed, and only those', async () => {
    const [ok, broken] = await register(300, 2);
    const brokenTmdb = GENERATED_FIRST_ID + 301;
    h.providers.setFaults([{ match: `/3/movie/${brokenTmdb}`, status: 401 }]);
    for (const m of [ok, broken]) {
      const res = await call(h.api, 'POST', `/api/movies/${m}/enrich`);
      expect(res.status).toBe(202);
      await waitForEnrichment(h.api, res.body.workflowId);
    }
    expect((await waitForEnrichment(h.api, `enrich-movie-${broken}`)).status).toBe('FAILED');
    h.providers.clearFaults();
    // Visibility shows a closed run within a moment.
    for (let i = 0; i < 50; i++) {
      const listed = await call(h.api, 'GET', `/api/enrichments?status=failed&movieId=${broken}`);
      if (listed.body.items.length > 0) break;
      await sleep(100);
    }
    const started = await call(h.api, 'POST', '/api/enrich/bulk', { status: 'failed' });
    expect(started.status).toBe(202);
    const { progress } = await bulkResult(started.body.id);
    expect(progress).toMatchObject({ total: 1, done: 1, failed: 0 });
    const latest = await h.client.workflow.getHandle(`enrich-movie-${broken}`).describe();
    expect(latest.status.name).toBe('COMPLETED');
  });

  it('continues as new when its history passes the limit, carrying its counters', async () => {
    const movieIds = await register(400, 6);
    const handle = await h.client.workflow.start(enrichBatch, {
      workflowId: `batch-continue-${movieIds[0]}`,
      taskQueue: h.config.temporal.taskQueue,
      args: [{ selection: { kind: 'movies', movieIds }, trigger: 'bulk', window: 2, historyLimit: 40 }],
    });
    const result = await handle.result();
    expect(result).toMatchObject({ state: 'finished', total: 6, done: 6, failed: 0 });
    expect(result.continuedRuns).toBeGreaterThanOrEqual(1);
    const runs = [];
    for await (const run of h.client.workflow.list({ query: `WorkflowId = "${handle.workflowId}"` })) runs.push(run);
    expect(runs.length).toBe(result.continuedRuns + 1);
  });

  it('refuses a body naming two selections, naming the field', async () => {
    const res = await call(h.api, 'POST', '/api/enrich/bulk', { libraryId: 1, status: 'failed' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/libraryId: give at most one/);
  });
});
