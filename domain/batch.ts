// Batch enrichment: which movies, how many at once, and what the batch reports while it runs.
// Pure types and rules: the workflow bundle imports them.
import type { Trigger } from './types.js';

/** What a batch enriches: every monitored movie, a library's, a list, the failed ones, or stale ones. */
export type BatchSelection =
  | { kind: 'all' }
  | { kind: 'library'; libraryId: number }
  | { kind: 'movies'; movieIds: number[] }
  | { kind: 'failed' }
  /** What a scheduled refresh takes: provider data past its age, incomplete artwork, and failed runs. */
  | { kind: 'stale' };

/** A movie a batch enriches, with its name for the run's summary. */
export interface BatchMovie {
  movieId: number;
  film: string;
}

export type BatchTrigger = Extract<Trigger, 'bulk' | 'schedule' | 'scan'>;

export interface BatchCounts {
  total: number;
  /** Enrichments that finished, whatever they found. */
  done: number;
  /** Enrichments now waiting for the user's review: out of the window, counted apart. */
  awaitingReview: number;
  failed: number;
  /** Not enriched: a run of the movie was already going (and was not only waiting for a review). */
  skipped: number;
}

/** A pause while a provider reported rate limiting: when it began and when the batch went on. */
export interface BatchPause {
  provider: string;
  reason: string;
  from: string;
  until: string;
  resumedAt?: string;
}

export interface BatchFailure {
  movieId: number;
  reason: string;
}

/** What one run of the batch hands the next when it continues as new. */
export interface BatchCarry {
  remaining: BatchMovie[];
  counts: BatchCounts;
  pauses: BatchPause[];
  failures: BatchFailure[];
  startedAt: string;
  /** How many runs the batch had before this one. */
  continuedRuns: number;
}

export interface EnrichBatchInput {
  selection: BatchSelection;
  trigger: BatchTrigger;
  /** Enrichments in flight at once. */
  window: number;
  /** The `bulk_runs` row a bulk run marks finished when it ends. */
  bulkRunId?: number;
  /** History events after which the batch continues as new (default BATCH_HISTORY_LIMIT). */
  historyLimit?: number;
  carried?: BatchCarry;
}

export type BatchState = 'selecting' | 'running' | 'paused' | 'draining' | 'finished' | 'cancelled';

export interface BatchProgress extends BatchCounts {
  state: BatchState;
  trigger: BatchTrigger;
  running: number;
  remaining: number;
  startedAt: string;
  pauses: BatchPause[];
  /** The latest failures (the batch keeps the last few dozen). */
  failures: BatchFailure[];
  continuedRuns: number;
}

/** Failures kept in the batch's state: enough to see a pattern, small enough for its history. */
export const MAX_KEPT_FAILURES = 50;
/** Pauses kept, for the same reason. */
export const MAX_KEPT_PAUSES = 50;
/**
 * Past this many history events a batch stops starting children, lets those in flight finish, and
 * continues as new: well under Temporal's 10,240-event warning whatever the window.
 */
export const BATCH_HISTORY_LIMIT = 4000;
