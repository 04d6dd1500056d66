// The enrichment's activities called directly, in this process and without Temporal, in the order
// and with the inputs an enrichment run gives them: the baseline for what Temporal's bookkeeping
// costs. Each call gets an activity context of its own (heartbeats go nowhere), and at most as many
// calls run at once as a worker has activity slots.
import { MockActivityEnvironment } from '@temporalio/testing';
import pLimit from 'p-limit';
import type { Activities } from '../activities/index.js';

/** Enriches each movie as a bulk run would, up to the review (which these runs skip), `slots` calls at once. */
export async function enrichDirectly(activities: Activities, movieIds: number[], slots: number): Promise<void> {
  const slot = pLimit(slots);
  const call = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> =>
    slot(() => new MockActivityEnvironment().run(fn, ...args));

  await Promise.all(
    movieIds.map(async (movieId) => {
      const runKey = `direct-${movieId}`;
      const scrape = await call(activities.scrapeMovie, { movieId, trigger: 'bulk', force: false });
      if (scrape.status !== 'ok') throw new Error(`movie ${movieId}: ${scrape.status}`);
      await call(activities.fetchSupplementary, {
        cacheId: scrape.cacheId,
        tmdbId: scrape.tmdbId,
        imdbId: scrape.imdbId,
        force: false,
      });
      const plan = await call(activities.planCandidates, { movieId, cacheId: scrape.cacheId, manual: false });
      const walked = await call(activities.walkArtwork, {
        movieId,
        runKey,
        duplicateThreshold: plan.duplicateThreshold,
        plans: plan.types.filter((p) => !p.locked && p.limit > 0),
      });
      await call(activities.removeRunTemp, { runKey });
      const selections = walked.map((w) => w.selection);
      await call(activities.recordEnrichment, { movieId, cacheId: scrape.cacheId, selections, runKey });
      await call(activities.fetchHeadshots, { movieId, runKey });
      await call(activities.completionPolicy);
    }),
  );
}
