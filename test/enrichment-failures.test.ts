// Finding and retrying failures: a failing enrichment is listed by status with its film in the run's
// summary (what the Temporal Web UI's list shows), and once the fault is gone a retry completes it.
import { describe, expect, it } from 'vitest';
import { call, useHarness, waitForEnrichment } from './support/harness.js';

const h = useHarness();

describe('failed enrichments', () => {
  it('are listed with their status and summary, and a retry with the same trigger completes them', async () => {
    const movieId = (await call(h.api, 'POST', '/api/movies', { tmdbId: 603 })).body.id as number;
    const first = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`);
    expect((await waitForEnrichment(h.api, first.body.workflowId)).status).toBe('COMPLETED');
    // TMDB refusing our key fails a forced refresh's scrape at once, without retries.
    h.providers.setFaults([{ match: '/3/movie/603', status: 401 }]);
    const started = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`, { force: true });
    expect(started.status).toBe(202);
    const failed = await waitForEnrichment(h.api, started.body.workflowId);
    expect(failed.status).toBe('FAILED');

    const listed = await call(h.api, 'GET', `/api/enrichments?status=failed&movieId=${movieId}`);
    // The runs before it completed: only the failed one is listed.
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        workflowId: started.body.workflowId,
        runId: started.body.runId,
        status: 'FAILED',
        enrichmentStatus: 'failed',
        movieId,
        trigger: 'user',
      }),
    ]);
    const handle = h.client.workflow.getHandle(started.body.workflowId, started.body.runId);
    const summary = await (await handle.describe()).staticSummary();
    expect(summary).toBe('The Matrix (1999) · user');
    console.log(`failed run listed: ${JSON.stringify(listed.body.items[0])}; its summary: "${summary}"`);

    h.providers.clearFaults();
    const retried = await call(h.api, 'POST', `/api/enrichments/${started.body.workflowId}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.runId).not.toBe(started.body.runId);
    const done = await waitForEnrichment(h.api, retried.body.workflowId);
    expect(done.status).toBe('COMPLETED');
    expect(done.result.status).toBe('enriched');

    const latest = await call(h.api, 'GET', `/api/enrichments?movieId=${movieId}`);
    expect(latest.body.items[0]).toEqual(
      expect.objectContaining({ runId: retried.body.runId, status: 'COMPLETED', enrichmentStatus: 'enriched' }),
    );
    // Only what failed is retried.
    expect((await call(h.api, 'POST', `/api/enrichments/${started.body.workflowId}/retry`)).status).toBe(409);
    expect((await call(h.api, 'POST', '/api/enrichments/enrich-movie-999999/retry')).status).toBe(404);
    expect((await call(h.api, 'GET', '/api/enrichments?status=bogus')).status).toBe(400);
  });
});
