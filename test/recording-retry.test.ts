// A recording step whose first attempt committed but whose completion Temporal never heard (the
// worker died right after COMMIT) is retried: the retry must answer what the first attempt did.
// Otherwise it finds nothing left to change and the run skips publishing what it just recorded.
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import type { RecordOutcome, ScrapeOutcome } from '../domain/types.js';
import { createActivities } from '../activities/index.js';
import { call, useHarness } from './support/harness.js';

const h = useHarness();

describe('recordEnrichment retried after a lost completion', () => {
  it("answers the first attempt's outcome for the same run, and a new run finds nothing changed", async () => {
    const env = new MockActivityEnvironment();
    const activities = createActivities({ pool: h.pool, config: h.config });
    const movieId = (await call(h.api, 'POST', '/api/movies', { tmdbId: 129 })).body.id as number;
    const scrape = (await env.run(activities.scrapeMovie, {
      movieId,
      trigger: 'user' as const,
      force: false,
    })) as ScrapeOutcome;
    if (scrape.status !== 'ok') throw new Error(`scrape: ${scrape.status}`);
    const record = async (runKey: string) =>
      (await env.run(activities.recordEnrichment, {
        movieId,
        cacheId: scrape.cacheId,
        selections: [],
        runKey,
      })) as RecordOutcome;

    const first = await record('enrich-movie-1-run-a');
    expect(first.changedFields).toContain('title');
    expect(await record('enrich-movie-1-run-a')).toEqual(first);
    expect((await record('enrich-movie-1-run-b')).changedFields).toEqual([]);
  });
});
