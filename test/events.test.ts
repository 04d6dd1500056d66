// Live progress over Server-Sent Events: one run followed to its end, resumed with Last-Event-ID,
// a run named by its id while the next run of its workflow starts, the all-runs feed, and 50
// listeners costing the same Temporal queries as one.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { call, TEST_API_KEY, useHarness } from './support/harness.js';
import { eventHub } from '../api/event-hub.js';
import { progressEventSchema, type ProgressEvent } from '../domain/progress-events.js';
import { readSse } from '../scripts/cli/sse.js';

// Runs wait for a review: a state that lasts, and the `awaiting_review` event.
const h = useHarness({ REVIEW_TIMEOUT: '1h' });

type Received = ProgressEvent & { id: string };

interface Listener {
  status: Promise<number>;
  events: Received[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  waitFor(pred: (e: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): void;
}

const open: Listener[] = [];
afterEach(() => {
  // An open stream would keep the harness's server from closing.
  for (const l of open.splice(0)) l.close();
});

function listen(path: string, lastEventId?: string): Listener {
  const abort = new AbortController();
  const events: Received[] = [];
  let resolveStatus!: (s: number) => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const ended = (async () => {
    const res = await fetch(`${h.api}${path}`, {
      headers: { 'x-api-key': TEST_API_KEY, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: abort.signal,
    });
    resolveStatus(res.status);
    if (res.status !== 200 || !res.body) return;
    for await (const m of readSse(res.body)) {
      // The feed says it is connected first, with no id to resume from.
      if (m.event === 'ready') {
        expect([path, events.length, m.id, m.data]).toEqual(['/api/events', 0, undefined, '{"type":"ready"}']);
        continue;
      }
      const event = progressEventSchema.parse(JSON.parse(m.data));
      expect(m.event).toBe(event.type);
      events.push({ ...event, id: m.id! });
    }
  })().catch((err: Error) => {
    if (!abort.signal.aborted) throw err;
  });
  const listener: Listener = {
    status,
    events,
    ended,
    async waitFor(pred, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(pred);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no such event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => abort.abort(),
  };
  open.push(listener);
  return listener;
}

const PHASES = ['scrape', 'download', 'cache', 'record', 'awaiting_review', 'publish', 'complete'];
const phasesOf = (events: Received[]) => events.flatMap((e) => (e.type === 'phase' ? [e.phase] : []));
/** Where an event stands in its run's numbering (`<runId>:<watcher>-<n>`, the end last). */
const seqOf = (id: string) => (id.endsWith(':end') ? Infinity : Number(id.slice(id.lastIndexOf('-') + 1)));
const withoutIds = (events: Received[]) => events.map(({ id: _, ...e }) => e);

async function startRun(tmdbId: number): Promise<{ movieId: number; workflowId: string; runId: string }> {
  const movieId = (await call(h.api, 'POST', '/api/movies', { tmdbId })).body.id as number;
  const started = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`);
  expect(started.status).toBe(202);
  return { movieId, workflowId: started.body.workflowId, runId: started.body.runId };
}

describe('GET /api/enrichments/{workflowId}/events', () => {
  it('follows a run to its end, resumes after a disconnect, and always delivers the end event', async () => {
    // Each image takes 300 ms: the download phase lasts long enough to be seen.
    h.providers.setFaults([{ match: '/t/p/', delayMs: 300 }]);
    const feed = listen('/api/events');
    expect(await feed.status).toBe(200);
    const { movieId, workflowId } = await startRun(603);

    const full = listen(`/api/enrichments/${workflowId}/events`);
    const partial = listen(`/api/enrichments/${workflowId}/events`);
    expect(await full.status).toBe(200);
    const first = await full.waitFor(() => true);
    expect(first).toMatchObject({ type: 'snapshot', workflowId, movieId, status: 'RUNNING' });

    // One listener leaves mid-run and comes back with the last id it saw.
    const lastSeen = await partial.waitFor((e) => e.type === 'counters');
    partial.close();
    const cut = partial.events.indexOf(lastSeen);
    const seenBefore = partial.events.slice(0, cut + 1);
    await full.waitFor((e) => e.type === 'awaiting_review');
    const resumed = listen(`/api/enrichments/${workflowId}/events`, lastSeen.id);
    await resumed.waitFor((e) => e.type === 'awaiting_review');
    h.providers.clearFaults();
    const review = await call(h.api, 'POST', `/api/movies/${movieId}/review`, { decision: 'reject' });
    expect(review.status).toBe(200);

    await Promise.all([full.ended, resumed.ended]);
    const end = full.events.at(-1)!;
    expect(end).toMatchObject({ type: 'done', workflowId, outcome: 'enriched', publish: 'not_published' });
    expect(Object.keys(end.type === 'done' ? end.types : {})).toContain('poster');
    const phases = phasesOf(full.events);
    expect(phases).toEqual([...phases].sort((a, b) => PHASES.indexOf(a) - PHASES.indexOf(b)));
    expect(phases).toEqual(expect.arrayContaining(['download', 'awaiting_review', 'complete']));
    expect(full.events.find((e) => e.type === 'awaiting_review')).toMatchObject({ deadline: expect.any(String) });
    const posterCounters = full.events.filter((e) => e.type === 'counters' && e.assetType === 'poster');
    expect(posterCounters.length).toBeGreaterThan(0);
    const providers = full.events.flatMap((e) => (e.type === 'provider' ? [`${e.provider}:${e.report.status}`] : []));
    expect(providers).toEqual(expect.arrayContaining(['tmdb:ok', 'fanart.tv:ok', 'omdb:ok']));

    // The resumed listener got exactly what it missed (a replay), then the rest, the end included.
    const after = (id: string) => full.events.filter((e) => e.type !== 'snapshot' && seqOf(e.id) > seqOf(id));
    expect(withoutIds([...seenBefore.slice(1), ...resumed.events])).toEqual(withoutIds(after(seenBefore[0]!.id)));
    expect(resumed.events.at(-1)!.id).toBe(end.id);

    // After the end: an earlier id still gets the end event; the end's id gets 204; no id gets snapshot + end.
    const late = listen(`/api/enrichments/${workflowId}/events`, first.id);
    await late.ended;
    expect(late.events.at(-1)).toMatchObject({ type: 'done', outcome: 'enriched' });
    expect(withoutIds(late.events)).toEqual(withoutIds(full.events.slice(1)));
    const again = listen(`/api/enrichments/${workflowId}/events`, end.id);
    expect(await again.status).toBe(204);
    const fresh = listen(`/api/enrichments/${workflowId}/events`);
    await fresh.ended;
    expect(fresh.events.map((e) => e.type)).toEqual(['snapshot', 'done']);
    expect(fresh.events[0]).toMatchObject({ status: 'COMPLETED' });

    // The all-runs feed saw the run from its start to its end.
    await feed.waitFor((e) => e.workflowId === workflowId && e.type === 'done');
    const fed = feed.events.filter((e) => e.workflowId === workflowId);
    expect(fed[0]!.type).toBe('snapshot');
    expect(phasesOf(fed)).toEqual(expect.arrayContaining(['awaiting_review', 'complete']));
    console.log(
      `one run: ${full.events.length} events (${full.events.map((e) => (e.type === 'phase' ? e.phase : e.type)).join(' ')}); feed: ${fed.length} for it`,
    );
  });

  it('follows the run named by runId: the next run of the workflow gets its own stream, the old one its end', async () => {
    const { movieId, workflowId, runId: oldRun } = await startRun(13);
    const old = listen(`/api/enrichments/${workflowId}/events?runId=${oldRun}`);
    await old.waitFor((e) => e.type === 'awaiting_review');
    // The old run's watcher is live when the next run starts in its place.
    const next = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`, { force: true, supersede: true });
    expect(next.status).toBe(202);
    expect(next.body.supersededRunId).toBe(oldRun);
    const newRun = next.body.runId as string;
    // Nothing new to review: the next run ends on its own.
    const fresh = listen(`/api/enrichments/${workflowId}/events?runId=${newRun}`);
    await fresh.ended;
    expect(fresh.events[0]).toMatchObject({ type: 'snapshot', runId: newRun });
    expect(fresh.events.at(-1)).toMatchObject({ type: 'done', runId: newRun });
    expect(fresh.events.every((e) => e.runId === newRun)).toBe(true);

    await old.ended;
    expect(old.events.every((e) => e.runId === oldRun)).toBe(true);
    expect(old.events.at(-1)).toMatchObject({ type: 'done', outcome: 'superseded' });
    // Asked for after the next run started, the old run is still the one streamed: its snapshot and end.
    const late = listen(`/api/enrichments/${workflowId}/events?runId=${oldRun}`);
    await late.ended;
    expect(late.events.map((e) => [e.type, e.runId])).toEqual([
      ['snapshot', oldRun],
      ['done', oldRun],
    ]);
    expect((await call(h.api, 'GET', `/api/enrichments/${workflowId}/events?runId=${randomUUID()}`)).status).toBe(404);
    expect((await call(h.api, 'GET', `/api/enrichments/${workflowId}/events?runId=nope`)).status).toBe(400);
  });

  it('ends a failed run with its reason, and answers 404 for an unknown workflow', async () => {
    h.providers.setFaults([{ match: '/3/movie/348', status: 401 }]);
    const { workflowId } = await startRun(348);
    const l = listen(`/api/enrichments/${workflowId}/events`);
    await l.ended;
    h.providers.clearFaults();
    expect(l.events.at(-1)).toMatchObject({ type: 'failed', status: 'FAILED', reason: expect.stringMatching(/scrap/) });
    const missing = await call(h.api, 'GET', '/api/enrichments/enrich-movie-999999999/events');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('50 listeners of one run', () => {
  it('cost one query loop: Temporal queries do not grow with listeners', async () => {
    const hub = eventHub(h.client, h.config.temporal.taskQueue);
    const { movieId, workflowId } = await startRun(550);
    const watch = listen(`/api/enrichments/${workflowId}/events`);
    await watch.waitFor((e) => e.type === 'awaiting_review');
    const WINDOW_MS = 6000;

    const measure = async (label: string, during?: () => Promise<void>) => {
      const queries = hub.counters.queries;
      const cpu = process.cpuUsage();
      const started = Date.now();
      await Promise.all([new Promise((r) => setTimeout(r, WINDOW_MS)), during?.()]);
      const used = process.cpuUsage(cpu);
      const seconds = (Date.now() - started) / 1000;
      const figures = {
        label,
        hubQueriesPerS: (hub.counters.queries - queries) / seconds,
        cpuMsPerS: (used.user + used.system) / 1000 / seconds,
      };
      console.log(
        `${label}: ${figures.hubQueriesPerS.toFixed(2)} progress queries/s from the hub, ` +
          `${figures.cpuMsPerS.toFixed(1)} ms CPU/s (API + worker + these test clients, one process)`,
      );
      return figures;
    };

    const one = await measure('1 listener');
    const many = Array.from({ length: 49 }, () => listen(`/api/enrichments/${workflowId}/events`));
    await Promise.all(many.map((l) => l.waitFor((e) => e.type === 'snapshot')));
    const fifty = await measure('50 listeners');
    for (const l of many) l.close();
    // For comparison: 50 clients each polling the status route once a second (a query each time).
    let statusCalls = 0;
    await measure('50 clients polling GET /api/enrichments/{id} at 1/s, no SSE', async () => {
      const until = Date.now() + WINDOW_MS - 1000;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (Date.now() < until) {
            await call(h.api, 'GET', `/api/enrichments/${workflowId}`);
            statusCalls++;
            await new Promise((r) => setTimeout(r, 1000));
          }
        }),
      );
    });
    console.log(`  (those clients made ${statusCalls} status calls: a describe and a progress query each)`);

    expect(one.hubQueriesPerS).toBeGreaterThan(0.5);
    expect(one.hubQueriesPerS).toBeLessThanOrEqual(1.2);
    expect(fifty.hubQueriesPerS).toBeLessThanOrEqual(one.hubQueriesPerS + 0.35);

    // Nobody listening: the watcher stops querying.
    watch.close();
    await new Promise((r) => setTimeout(r, 1500));
    const idle = hub.counters.queries;
    await new Promise((r) => setTimeout(r, 2500));
    expect(hub.counters.queries).toBe(idle);
    expect((await call(h.api, 'POST', `/api/movies/${movieId}/review`, { decision: 'reject' })).status).toBe(200);
  });
});
