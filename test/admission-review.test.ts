// Runs waiting for the user's review (for days, by default) are not enrichments in flight: with a
// limit of two, three films awaiting review leave room for a fourth enrichment.
import { describe, expect, it } from 'vitest';
import { call, useHarness } from './support/harness.js';

const h = useHarness({ ENRICH_LIMIT_USER: '2', REVIEW_TIMEOUT: '1d' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function awaitingReview(workflowId: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(300)) {
    const res = await call(h.api, 'GET', `/api/enrichments/${workflowId}`);
    if (res.body.progress?.phase === 'awaiting_review') return;
    expect(res.body.status).toBe('RUNNING');
  }
  throw new Error(`${workflowId} did not reach awaiting_review`);
}

describe('the in-flight limit and runs awaiting review', () => {
  it('leaves runs that wait for a person out of the count', async () => {
    const ids: number[] = [];
    for (const tmdbId of [603, 680, 550, 78]) {
      const res = await call(h.api, 'POST', '/api/movies', { tmdbId });
      ids.push(res.body.id);
    }
    for (const id of ids.slice(0, 3)) {
      let res = await call(h.api, 'POST', `/api/movies/${id}/enrich`);
      // The limit refreshes its count at most every 200 ms: a refusal right after a run settled is fine.
      for (let i = 0; res.status === 429 && i < 50; i++) {
        await sleep(300);
        res = await call(h.api, 'POST', `/api/movies/${id}/enrich`);
      }
      expect(res.status).toBe(202);
      await awaitingReview(res.body.workflowId);
    }
    await sleep(500);
    const fourth = await call(h.api, 'POST', `/api/movies/${ids[3]}/enrich`);
    expect(fourth.status, JSON.stringify(fourth.body)).toBe(202);
  });
});
