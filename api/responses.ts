// The bodies the older routes answer with, described for the OpenAPI document (and checked against
// real answers by the schema fuzzer). Objects whose every column is not spelled out here stay open
// (`looseObject`): the named properties are checked, further ones allowed.
import { z } from '@hono/zod-openapi';

const isoTime = z.string().openapi({ format: 'date-time' });
const nullableTime = isoTime.nullable();

export const started = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    supersededRunId: z.string().optional().openapi({ description: 'the run only awaiting review that was ended' }),
  })
  .openapi('Started');

export const workflowView = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    status: z.string().openapi({ description: "Temporal's: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, …" }),
    startTime: isoTime,
    closeTime: nullableTime,
    progress: z.unknown().optional().openapi({ description: 'while running (null when no worker answered in time)' }),
    result: z.unknown().optional().openapi({ description: 'once completed' }),
    failure: z
      .object({ message: z.string(), type: z.string() })
      .nullable()
      .optional()
      .openapi({ description: 'once failed, terminated, cancelled or timed out' }),
  })
  .openapi('WorkflowView');

export const movieView = z
  .looseObject({
    id: z.number().int(),
    title: z.string(),
    year: z.number().int().nullable(),
    tmdb_id: z.number().int().nullable(),
    imdb_id: z.string().nullable(),
    identification_status: z.string(),
    locks: z.record(z.string(), z.boolean()),
    completeness: z.object({ pct: z.number().int(), class: z.string(), missing: z.array(z.string()) }),
    genres: z.array(z.string()),
    studios: z.array(z.string()),
    countries: z.array(z.string()),
    tags: z.array(z.string()),
    directors: z.array(z.string()),
    writers: z.array(z.string()),
    cast: z.array(z.looseObject({ name: z.string() })),
    selectedAssets: z.record(z.string(), z.array(z.looseObject({ id: z.number().int(), sha256: z.string() }))),
    publishedFiles: z
      .array(
        z.object({
          path: z.string(),
          kind: z.enum(['nfo', 'image']),
          assetType: z.string().nullable(),
          sha256: z.string(),
          publishedAt: isoTime,
        }),
      )
      .openapi({
        description: "what publishing wrote into the movie's folder (only these files are ever removed from it)",
      }),
  })
  .openapi('Movie');
export type MovieView = z.infer<typeof movieView>;

export const movieLocks = z
  .object({ id: z.number().int(), locks: z.record(z.string(), z.boolean()) })
  .openapi('MovieLocks');

export const movieDeleted = z
  .object({ id: z.number().int(), deleted: z.literal(true), removedCacheFiles: z.number().int() })
  .openapi('MovieDeleted');

export const library = z
  .object({
    id: z.number().int(),
    name: z.string(),
    path: z.string(),
    autoEnrich: z.boolean(),
    lastScanAt: nullableTime,
    lastScan: z.looseObject({}).nullable().openapi({ description: 'what the last scan found' }),
  })
  .openapi('Library');

export const scanRunning = z.object({ workflowId: z.string(), running: z.literal(true) }).openapi('ScanRunning');

export const webhookAnswer = z
  .looseObject({
    eventId: z.number().int(),
    outcome: z.string(),
    movieId: z.number().int().optional(),
    workflowId: z.string().optional(),
  })
  .openapi('WebhookAnswer');

export const webhookEvents = z
  .object({
    events: z.array(
      z.object({
        id: z.number().int(),
        source: z.string(),
        eventType: z.string().nullable(),
        payload: z.unknown(),
        receivedAt: isoTime,
        outcome: z.string(),
        workflowId: z.string().nullable(),
        error: z.string().nullable(),
      }),
    ),
    total: z.number().int().openapi({ description: 'events matching the filters, over all pages' }),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page' }),
  })
  .openapi('WebhookEvents');

export const reviewOutcome = z
  .looseObject({ decision: z.enum(['approve', 'reject']), picks: z.record(z.string(), z.array(z.number().int())) })
  .openapi('ReviewOutcome');

const fieldValue = z.union([z.string(), z.number(), z.array(z.string())]).nullable();
const diffImage = z.object({
  sha256: z.string(),
  candidateId: z.number().int().nullable(),
  url: z.string().nullable().openapi({ description: 'the cached image; null when it has left the cache' }),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

export const reviewPreview = z
  .object({
    movieId: z.number().int(),
    awaitingReview: z.boolean(),
    workflowId: z.string(),
    reviewDeadline: nullableTime,
    changes: z
      .array(z.object({ field: z.string(), before: fieldValue, after: fieldValue }))
      .openapi({ description: 'the fields the latest enrichment changed, lists as their names' }),
    artwork: z
      .array(
        z.object({
          assetType: z.string(),
          added: z.array(diffImage),
          removed: z.array(diffImage),
          kept: z.array(diffImage),
        }),
      )
      .openapi({
        description: "per type: selected and not yet in the movie's folder, there but no longer selected, both",
      }),
  })
  .openapi('ReviewPreview');

export const health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.object({
      postgres: z.enum(['ok', 'down']),
      temporal: z.enum(['ok', 'down']),
      worker: z.enum(['ok', 'down']),
    }),
    down: z.array(z.string()),
  })
  .openapi('Health');

export const completenessStats = z
  .object({
    movies: z.number().int(),
    counts: z.object({ enriched: z.number().int(), partial: z.number().int(), unenriched: z.number().int() }),
    average: z.number().int().nullable(),
    leastComplete: z.array(
      z.object({
        id: z.number().int(),
        title: z.string(),
        year: z.number().int().nullable(),
        completenessPct: z.number().int(),
        missing: z.array(z.string()),
      }),
    ),
  })
  .openapi('CompletenessStats');

export const bulkStarted = z.object({ id: z.number().int(), workflowId: z.string() }).openapi('BulkStarted');

export const bulkRun = workflowView.extend({ id: z.number().int(), selection: z.unknown() }).loose().openapi('BulkRun');

export const bulkRuns = z.object({ runs: z.array(bulkRun) }).openapi('BulkRuns');

export const bulkCancelling = z.object({ id: z.number().int(), cancelling: z.literal(true) }).openapi('BulkCancelling');
