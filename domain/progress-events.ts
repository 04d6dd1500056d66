// What the live-progress streams send about an enrichment: events derived from successive answers
// of its `progress` query, and the one event that ends a run. Pure: the API's hub produces them,
// clients (the `enrich` CLI) parse them with `progressEventSchema`.
import { z } from '@hono/zod-openapi';
import { TRAILER_FAILURES } from './trailer-failure.js';
import { TRAILER_STEP_STATUSES } from './trailers.js';
import { ASSET_TYPES, PROVIDERS, type EnrichmentProgress, type EnrichmentResult } from './types.js';

const phase = z.enum(['scrape', 'download', 'cache', 'record', 'awaiting_review', 'publish', 'complete']);
const assetType = z.enum(ASSET_TYPES);
const provider = z.enum(PROVIDERS);

const typeCounters = z.object({
  candidates: z.number(),
  limit: z.number(),
  downloaded: z.number(),
  reused: z.number(),
  accepted: z.number(),
  duplicates: z.number(),
  failed: z.number(),
});

const providerReport = z.object({
  status: z.enum(['pending', 'ok', 'skipped', 'failed', 'rate_limited']),
  reason: z.string().optional(),
});

const waitState = z.object({
  resource: z.enum(['database', 'cache volume']),
  message: z.string(),
  since: z.string(),
  reason: z.string(),
  retries: z.number(),
});

const trailerReport = z.object({
  status: z.enum(TRAILER_STEP_STATUSES),
  attempts: z.array(
    z.object({
      candidateId: z.number(),
      outcome: z.union([z.enum(['downloaded', 'locked']), z.enum(TRAILER_FAILURES)]),
      message: z.string().optional(),
    }),
  ),
  candidateId: z.number().optional(),
  sha256: z.string().optional(),
  download: z
    .object({
      downloadedBytes: z.number(),
      totalBytes: z.number().nullable(),
      percent: z.number().nullable(),
      speed: z.number().nullable(),
      etaSeconds: z.number().nullable(),
    })
    .optional(),
  error: z.string().optional(),
});

const progress = z.object({
  movieId: z.number(),
  phase,
  providers: z.partialRecord(provider, providerReport),
  types: z.partialRecord(assetType, typeCounters),
  reviewDeadline: z.string().optional(),
  waiting: waitState.optional(),
  trailer: trailerReport.optional(),
});

/** Which run an event is about: every event names it, so the all-runs feed can be told apart. */
const run = { workflowId: z.string(), runId: z.string(), movieId: z.number().nullable() };

export const progressEventSchema = z.discriminatedUnion('type', [
  /** The state on connecting (progress null when the run is closed or no worker answered yet). */
  z.object({ type: z.literal('snapshot'), ...run, status: z.string(), progress: progress.nullable() }),
  z.object({ type: z.literal('phase'), ...run, phase, previous: phase.nullable() }),
  z.object({ type: z.literal('counters'), ...run, assetType, counters: typeCounters }),
  z.object({ type: z.literal('provider'), ...run, provider, report: providerReport }),
  /** The run waits for the user's review until `deadline` (ISO time), then ends unpublished. */
  z.object({ type: z.literal('awaiting_review'), ...run, deadline: z.string().nullable() }),
  /** The trailer step moved on, or its download got further (bytes and percentage). */
  z.object({ type: z.literal('trailer'), ...run, trailer: trailerReport }),
  /** The run waits for the database or the cache volume (null: it no longer does). */
  z.object({ type: z.literal('waiting'), ...run, waiting: waitState.nullable() }),
  /** Completed; `outcome` is its `EnrichmentStatus` (published, enriched, needs_identification, …). */
  z.object({
    type: z.literal('done'),
    ...run,
    outcome: z.string(),
    completenessPct: z.number().nullable(),
    publish: z.string().nullable(),
    message: z.string().nullable(),
    providers: z.partialRecord(provider, providerReport),
    types: z.partialRecord(assetType, typeCounters),
  }),
  /** Failed, terminated, cancelled or timed out. */
  z.object({ type: z.literal('failed'), ...run, status: z.string(), reason: z.string(), failureType: z.string() }),
]);

export type ProgressEvent = z.infer<typeof progressEventSchema>;
export const PROGRESS_EVENT_TYPES = progressEventSchema.options.map((o) => o.shape.type.value) as [
  ProgressEvent['type'],
  ...ProgressEvent['type'][],
];
export type ProgressEventType = ProgressEvent['type'];
export type RunRef = Pick<ProgressEvent, 'workflowId' | 'runId' | 'movieId'>;

/** The two events that end a run's stream. */
export const isEndEvent = (e: ProgressEvent): e is Extract<ProgressEvent, { type: 'done' | 'failed' }> =>
  e.type === 'done' || e.type === 'failed';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What changed from `prev` to `next`: provider states and counters first, then the phase the run
 * is in now (a reader sees the phase after the numbers that led to it).
 */
export function diffProgress(ref: RunRef, prev: EnrichmentProgress | null, next: EnrichmentProgress): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  for (const name of PROVIDERS) {
    const report = next.providers[name];
    if (report && !same(report, prev?.providers[name]))
      events.push({ type: 'provider', ...ref, provider: name, report });
  }
  for (const type of ASSET_TYPES) {
    const counters = next.types[type];
    if (counters && !same(counters, prev?.types[type]))
      events.push({ type: 'counters', ...ref, assetType: type, counters: { ...counters } });
  }
  if (next.trailer && !same(next.trailer, prev?.trailer)) {
    // The analysed videos are the result's to show; the stream carries the step's state.
    const trailer = { ...next.trailer };
    delete trailer.videos;
    events.push({ type: 'trailer', ...ref, trailer });
  }
  if (next.phase !== prev?.phase) {
    events.push({ type: 'phase', ...ref, phase: next.phase, previous: prev?.phase ?? null });
    if (next.phase === 'awaiting_review')
      events.push({ type: 'awaiting_review', ...ref, deadline: next.reviewDeadline ?? null });
  }
  if (!same(next.waiting, prev?.waiting)) events.push({ type: 'waiting', ...ref, waiting: next.waiting ?? null });
  return events;
}

/** A completed run's end event; `status` is the run's `EnrichmentStatus` search attribute, if set. */
export function doneEvent(ref: RunRef, result: EnrichmentResult, status: string | undefined): ProgressEvent {
  return {
    type: 'done',
    ...ref,
    outcome: status ?? result.status,
    completenessPct: result.completenessPct,
    publish: result.publish?.status ?? null,
    message: result.message ?? null,
    providers: result.providers,
    types: result.types,
  };
}
