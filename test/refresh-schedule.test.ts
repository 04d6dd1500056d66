// The scheduled refresh: its Temporal Schedule is made idempotently from REFRESH_INTERVAL, and a
// run of it enriches, at the schedule's priority, the movies whose provider data is past its age
// or that were never enriched, and leaves fresh ones alone.
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchProgress } from '../domain/batch.js';
import { EnrichmentTriggerKey } from '../domain/search-attributes.js';
import { refreshScheduleId } from '../domain/workflow-ids.js';
import { loadConfig } from '../lib/config.js';
import { ensureRefreshSchedule } from '../lib/refresh-schedule.js';
import { enrichBatch } from '../workflows/index.js';
import { call, useHarness, waitForEnrichment } from './support/harness.js';

const h = useHarness();
const scheduleId = () => refreshScheduleId(h.config.temporal.taskQueue);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
afterAll(() =>
  h.client.schedule
    .getHandle(scheduleId())
    .delete()
    .catch(() => undefined),
);

describe('the scheduled refresh', () => {
  it('is created once, updated in place, removed at 0, and refreshes only stale movies at priority 3', async () => {
    const [fresh, stale, never] = await Promise.all(
      [603, 680, 550].map(async (tmdbId) => (await call(h.api, 'POST', '/api/movies', { tmdbId })).body.id as number),
    );
    for (const m of [fresh, stale]) {
      const res = await call(h.api, 'POST', `/api/movies/${m}/enrich`);
      expect((await waitForEnrichment(h.api, res.body.workflowId)).status).toBe('COMPLETED');
    }
    // The stale film's TMDB data is eight days old; everything else about it is complete.
    await h.pool.query(
      `UPDATE provider_cache_movies SET tmdb_fetched_at = now() - interval '8 days'
        WHERE tmdb_id = (SELECT tmdb_id FROM movies WHERE id = $1)`,
      [stale],
    );
    await h.pool.query(`UPDATE movies SET completeness_pct = 100 WHERE id = ANY($1)`, [[fresh, stale]]);

    const weekly = { ...h.config, refreshIntervalMs: 7 * 86_400_000 };
    expect(await ensureRefreshSchedule(h.client, weekly)).toBe('created');
    expect(await ensureRefreshSchedule(h.client, weekly)).toBe('updated');
    expect(loadConfig({ REFRESH_INTERVAL: '7d' }).refreshIntervalMs).toBe(weekly.refreshIntervalMs);

    const handle = h.client.schedule.getHandle(scheduleId());
    await handle.trigger();
    let runId: string | undefined;
    for (const deadline = Date.now() + 30_000; !runId && Date.now() < deadline; await sleep(200))
      runId = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId;
    expect(runId).toBeDefined();
    const progress: BatchProgress = await h.client.workflow.getHandle(runId!).result();
    expect(progress).toMatchObject({ trigger: 'schedule', total: 2, done: 2, failed: 0 });
    for (const m of [stale, never]) {
      const run = await h.client.workflow.getHandle(`enrich-movie-${m}`).describe();
      expect(run.typedSearchAttributes.get(EnrichmentTriggerKey)).toBe('schedule');
      expect(run.priority?.priorityKey).toBe(3);
    }
    const freshRuns = [];
    for await (const r of h.client.workflow.list({ query: `WorkflowId = "enrich-movie-${fresh}"` })) freshRuns.push(r);
    expect(freshRuns).toHaveLength(1);
    expect((await h.client.workflow.getHandle(runId!).describe()).type).toBe(enrichBatch.name);

    expect(await ensureRefreshSchedule(h.client, { ...h.config, refreshIntervalMs: 0 })).toBe('removed');
    expect(await ensureRefreshSchedule(h.client, { ...h.config, refreshIntervalMs: 0 })).toBe('none');
  });
});
