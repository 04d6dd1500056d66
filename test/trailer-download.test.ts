// A 200 MB trailer served slowly: the download's bytes and percentage reach the run's event stream
// while the worker's memory stays flat, and cancelling the enrichment stops yt-dlp and removes its
// temp file. (The full download and its peak RSS against a small one: bench/trailer-download.ts.)
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { progressEventSchema, type ProgressEvent } from '../domain/progress-events.js';
import { progressQuery, supersedeSignal } from '../workflows/index.js';
import { trailerMovies } from '../fake-providers/catalog.js';
import { readSse } from '../scripts/cli/sse.js';
import { call, TEST_API_KEY, useHarness } from './support/harness.js';
import { registerInLibrary } from './support/library.js';

const h = useHarness({ TRAILER_ENABLED: 'true', AUTO_PUBLISH: 'true' });
const MiB = 1 << 20;

/** The temp folders of trailer downloads under way, with the bytes in each. */
async function trailerTemps(): Promise<{ name: string; bytes: number }[]> {
  const root = join(h.config.cacheDir, '.tmp');
  const names = (await readdir(root).catch(() => [] as string[])).filter((n) => n.includes('-trailer-'));
  return Promise.all(
    names.map(async (name) => {
      let bytes = 0;
      for (const f of await readdir(join(root, name)).catch(() => [] as string[]))
        bytes += (await stat(join(root, name, f)).catch(() => ({ size: 0 }))).size;
      return { name, bytes };
    }),
  );
}

async function ytDlpProcesses(key: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'args']);
  return stdout.split('\n').filter((l) => l.includes('yt_dlp') && l.includes(key));
}

describe('a 200 MB trailer', () => {
  it('reports its progress on the event stream, and stops and cleans up when the enrichment is cancelled', async () => {
    const { id, folder } = await registerInLibrary(h, trailerMovies[2]!.details.id, 'Slow Trailer (2020)');
    const started = await call(h.api, 'POST', `/api/movies/${id}/enrich`);
    expect(started.status).toBe(202);
    const { workflowId, runId } = started.body;

    const events: ProgressEvent[] = [];
    const abort = new AbortController();
    const reading = (async () => {
      const res = await fetch(`${h.api}/api/enrichments/${workflowId}/events`, {
        headers: { 'x-api-key': TEST_API_KEY },
        signal: abort.signal,
      });
      for await (const m of readSse(res.body!)) events.push(progressEventSchema.parse(JSON.parse(m.data)));
    })().catch(() => undefined);

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const downloaded = (e: ProgressEvent) => (e.type === 'trailer' ? (e.trailer.download?.downloadedBytes ?? 0) : 0);
    const deadline = Date.now() + 120_000;
    while (!events.some((e) => downloaded(e) >= 40 * MiB)) {
      if (Date.now() > deadline) throw new Error(`no download progress: ${JSON.stringify(events.map((e) => e.type))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(sampler);
    const progress = events.filter((e) => e.type === 'trailer' && e.trailer.download);
    const last = progress.at(-1)! as Extract<ProgressEvent, { type: 'trailer' }>;
    expect(last.trailer).toMatchObject({
      status: 'downloading',
      download: {
        totalBytes: 200 * MiB,
        percent: expect.any(Number),
        speed: expect.any(Number),
        etaSeconds: expect.any(Number),
      },
    });
    expect(last.trailer.download!.percent).toBeGreaterThanOrEqual(20);
    // Growing from one event to the next.
    const bytes = progress.map(downloaded);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(new Set(bytes).size).toBeGreaterThan(1);
    const temps = await trailerTemps();
    expect(temps).toHaveLength(1);
    expect(temps[0]!.name.startsWith(`${workflowId}-${runId}-trailer-`)).toBe(true);
    expect(temps[0]!.bytes).toBeGreaterThan(30 * MiB);
    expect(await ytDlpProcesses('slow-200mb')).toHaveLength(1);
    console.log(
      `200 MB trailer, ${(bytes.at(-1)! / MiB).toFixed(0)} MiB in: this process (worker, API and fake sites; the run's images included) RSS ${(rssBefore / MiB).toFixed(0)} MiB before, ` +
        `peak ${(peakRss / MiB).toFixed(0)} MiB (+${((peakRss - rssBefore) / MiB).toFixed(0)} MiB); ${progress.length} progress events`,
    );

    // Cancelled: the run ends once the download is stopped, and nothing of it is left.
    const handle = h.client.workflow.getHandle(workflowId, runId);
    await handle.cancel();
    const error = await handle.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect(await trailerTemps()).toEqual([]);
    expect(await ytDlpProcesses('slow-200mb')).toEqual([]);
    await expect
      .poll(() => events.find((e) => e.type === 'failed'), { timeout: 10_000 })
      .toMatchObject({ type: 'failed', status: 'CANCELLED' });
    abort.abort();
    await reading;
    // Nothing reached the cache or the library.
    const { rows } = await h.pool.query(`SELECT count(*)::int AS n FROM cache_blobs WHERE namespace = 'videos'`);
    expect(rows[0].n).toBe(0);
    expect((await readdir(folder)).filter((f) => f.includes('trailer'))).toEqual([]);
  });

  it('gives way at once when superseded while it awaits review, its trailer download stopped', async () => {
    expect((await call(h.api, 'PATCH', '/api/settings', { autoPublish: false, reviewTimeout: '1h' })).status).toBe(200);
    // The 200 MiB file answers only after two minutes: the download is still under way at the review.
    h.providers.setFaults([{ match: '/videos/big-200mb-1080.mp4', delayMs: 120_000 }]);
    const { id } = await registerInLibrary(h, trailerMovies[1]!.details.id, 'Long Trailer (2020)');
    const started = await call(h.api, 'POST', `/api/movies/${id}/enrich`);
    const handle = h.client.workflow.getHandle(started.body.workflowId, started.body.runId);
    await expect
      .poll(async () => (await handle.query(progressQuery)).trailer?.status, { timeout: 60_000 })
      .toBe('downloading');
    await expect
      .poll(async () => (await handle.query(progressQuery)).phase, { timeout: 60_000 })
      .toBe('awaiting_review');

    const at = Date.now();
    await handle.signal(supersedeSignal, { trigger: 'webhook' });
    const result = await handle.result();
    const seconds = (Date.now() - at) / 1000;
    expect(result.supersededBy).toBe('webhook');
    expect(seconds).toBeLessThan(30);
    expect(await trailerTemps()).toEqual([]);
    h.providers.clearFaults();
  });
});
