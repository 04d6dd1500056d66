// A worker keeps only WORKER_CACHED_WORKFLOWS runs in memory: with more in flight, each one pushed
// out replays its history on its next step, and its outcome is the one it has on its own.
import { NativeConnection } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { extraMovies } from '../fake-providers/catalog.js';
import { createWorker } from '../worker/create-worker.js';
import { artworkHelpers } from './support/artwork.js';
import { useHarness } from './support/harness.js';

const CACHED = 2;
const h = useHarness({ WORKER_CACHED_WORKFLOWS: String(CACHED) });
const { register, enrich, selected } = artworkHelpers(h);

describe('the worker’s workflow cache', () => {
  it('holds at most WORKER_CACHED_WORKFLOWS runs; six at once on a cache of two pick what each picks alone', async () => {
    await h.stopWorker();
    const connection = await NativeConnection.connect({ address: h.config.temporal.address! });
    const worker = await createWorker({
      config: h.config,
      pool: h.pool,
      connection,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    expect(worker.options.maxCachedWorkflows).toBe(CACHED);
    const running = worker.run();
    try {
      const ids = await Promise.all(extraMovies.slice(20, 26).map((m) => register(m.details.id)));
      let mostCached = 0;
      const sampler = setInterval(() => (mostCached = Math.max(mostCached, worker.getStatus().numCachedWorkflows)), 10);
      const together = await Promise.all(ids.map((id) => enrich(id, 'schedule'))).finally(() => clearInterval(sampler));
      expect(together.map((r) => r.status)).toEqual(ids.map(() => 'enriched'));
      expect(mostCached).toBe(CACHED);
      const picked = await Promise.all(ids.map((id) => selected(id)));
      expect(picked.every((rows) => rows.length > 0)).toBe(true);

      // One at a time, so each run stays cached from start to end: the same images are picked.
      for (const [k, id] of ids.entries()) {
        expect((await enrich(id, 'schedule', true)).status).toBe('enriched');
        const alone = await selected(id);
        expect(alone.map((r) => [r.asset_type, r.content_hash])).toEqual(
          picked[k]!.map((r) => [r.asset_type, r.content_hash]),
        );
      }
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }
  });
});
