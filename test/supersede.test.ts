// A run that only waits for the user's review does not block automation: a webhook's enrichment of
// the movie ends it as `superseded` and starts afresh; the user's own button gets 409 unless it asks
// to supersede.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnrichmentStatusKey } from '../domain/search-attributes.js';
import { call, TEST_API_KEY, useHarness, waitForEnrichment } from './support/harness.js';

const h = useHarness({ REVIEW_TIMEOUT: '1h' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function awaitingReview(workflowId: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
    const res = await call(h.api, 'GET', `/api/enrichments/${workflowId}`);
    if (res.body.progress?.phase === 'awaiting_review') return;
  }
  throw new Error(`${workflowId} never awaited review`);
}

async function enrichUntilReview(tmdbId: number): Promise<{ movieId: number; workflowId: string; runId: string }> {
  const movieId = (await call(h.api, 'POST', '/api/movies', { tmdbId })).body.id as number;
  const started = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`);
  expect(started.status).toBe(202);
  await awaitingReview(started.body.workflowId);
  return { movieId, ...started.body };
}

describe('superseding a run that awaits review', () => {
  it('a Radarr import ends the waiting run as superseded and starts a fresh one; the user gets 409', async () => {
    const { movieId, workflowId, runId } = await enrichUntilReview(603);
    const again = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`);
    expect(again.status).toBe(409);

    const folder = join(h.config.dataDir, 'The Matrix (1999)');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'The Matrix (1999).mkv'), 'v');
    const res = await fetch(`${h.api}/api/webhooks/radarr?apikey=${TEST_API_KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        eventType: 'Download',
        movie: { id: 1, title: 'The Matrix', year: 1999, tmdbId: 603, imdbId: 'tt0133093', folderPath: folder },
        movieFile: { id: 7, relativePath: 'The Matrix (1999).mkv', path: join(folder, 'The Matrix (1999).mkv') },
        isUpgrade: false,
      }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(202);
    expect(body).toMatchObject({ outcome: 'enrichment_started', movieId, supersededRunId: runId });

    const old = h.client.workflow.getHandle(workflowId, runId);
    const result = await old.result();
    expect(result).toMatchObject({
      supersededBy: 'webhook',
      publish: { status: 'not_published', reason: 'superseded by a webhook enrichment' },
    });
    expect((await old.describe()).typedSearchAttributes.get(EnrichmentStatusKey)).toBe('superseded');
    const fresh = await waitForEnrichment(h.api, workflowId);
    expect(fresh).toMatchObject({ status: 'COMPLETED', runId: body.runId });
  });

  it('the user supersedes their own waiting run with {supersede: true}', async () => {
    const { movieId, workflowId, runId } = await enrichUntilReview(680);
    const res = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`, { supersede: true });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ workflowId, supersededRunId: runId });
    expect(await h.client.workflow.getHandle(workflowId, runId).result()).toMatchObject({ supersededBy: 'user' });
  });

  it('a run doing anything but waiting is never superseded', async () => {
    const movieId = (await call(h.api, 'POST', '/api/movies', { tmdbId: 550 })).body.id as number;
    // TMDB answers slowly: the run is still scraping when the second request comes.
    h.providers.setFaults([{ match: '/3/movie/550', delayMs: 2000, times: 1 }]);
    const first = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`);
    const second = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`, { supersede: true });
    expect(second.status).toBe(409);
    await awaitingReview(first.body.workflowId);
    h.providers.clearFaults();
  });
});

describe('a batch whose enrichments wait for review', () => {
  it('counts them as awaiting review and moves on, instead of holding its window for days', async () => {
    const movieIds = await Promise.all(
      [78, 348].map(async (tmdbId) => (await call(h.api, 'POST', '/api/movies', { tmdbId })).body.id as number),
    );
    const started = await call(h.api, 'POST', '/api/enrich/bulk', { movieIds });
    expect(started.status).toBe(202);
    const progress = await h.client.workflow.getHandle(started.body.workflowId).result();
    expect(progress).toMatchObject({ state: 'finished', total: 2, done: 0, awaitingReview: 2, failed: 0 });
    for (const m of movieIds) {
      const res = await call(h.api, 'GET', `/api/enrichments/enrich-movie-${m}`);
      expect(res.body).toMatchObject({ status: 'RUNNING', progress: { phase: 'awaiting_review' } });
    }
  });
});

describe('a batch meeting a run that awaits review', () => {
  it('supersedes it and enriches the movie afresh', async () => {
    const { movieId, workflowId, runId } = await enrichUntilReview(13);
    const started = await call(h.api, 'POST', '/api/enrich/bulk', { movieIds: [movieId] });
    expect(started.status).toBe(202);
    expect(await h.client.workflow.getHandle(workflowId, runId).result()).toMatchObject({ supersededBy: 'bulk' });
    const progress = await h.client.workflow.getHandle(started.body.workflowId).result();
    expect(progress).toMatchObject({ total: 1, skipped: 0, failed: 0 });
    expect(progress.done + progress.awaitingReview).toBe(1);
    const fresh = await h.client.workflow.getHandle(workflowId).describe();
    expect(fresh.runId).not.toBe(runId);
  });
});
