// Publishing through the API, as the publish tests drive it.
import { expect } from 'vitest';
import type { PublishResult } from '../../domain/types.js';
import { call, waitForEnrichment, type Harness } from './harness.js';

/** POST /api/movies/:id/publish, then the closed workflow as GET /api/enrichments/:id shows it. */
export async function publish(h: Harness, movieId: number, timeoutMs = 60_000): Promise<any> {
  const res = await call(h.api, 'POST', `/api/movies/${movieId}/publish`);
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ workflowId: `publish-movie-${movieId}`, runId: expect.any(String) });
  return waitForEnrichment(h.api, res.body.workflowId, timeoutMs);
}

/** A publish that succeeds: its result. */
export async function published(h: Harness, movieId: number): Promise<PublishResult> {
  const view = await publish(h, movieId);
  expect(view.status, JSON.stringify(view.failure)).toBe('COMPLETED');
  return view.result;
}

/** A publish that fails on bad input: FAILED with the reason, after one attempt (non-retryable). */
export async function publishFails(
  h: Harness,
  movieId: number,
  timeoutMs?: number,
): Promise<{ message: string; type: string }> {
  const view = await publish(h, movieId, timeoutMs);
  expect(view.status).toBe('FAILED');
  const history = await h.client.workflow.getHandle(`publish-movie-${movieId}`).fetchHistory();
  const attempts = history
    .events!.filter((e) => e.activityTaskStartedEventAttributes)
    .map((e) => e.activityTaskStartedEventAttributes!.attempt);
  expect(attempts).toEqual([1]);
  return view.failure;
}
