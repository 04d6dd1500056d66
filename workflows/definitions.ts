// The messages clients send to a running enrichment: the API uses these objects, never their names.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { BatchProgress } from '../domain/batch.js';
import type { EnrichmentProgress, ReviewInput, ReviewOutcome, Trigger } from '../domain/types.js';

/** The run's phase, per-type counters and per-provider state, at any moment. */
export const progressQuery = defineQuery<EnrichmentProgress>('progress');

/** The user's review of a run awaiting it: approve (with artwork picks) or reject. */
export const reviewUpdate = defineUpdate<ReviewOutcome, [ReviewInput]>('review');

/**
 * Automation wants a fresh run of a movie whose run only waits for a review: that run ends as
 * `superseded` (a run doing anything else ignores it).
 */
export const supersedeSignal = defineSignal<[{ trigger: Trigger }]>('supersede');

/** A batch's counters, state and pauses. */
export const batchProgressQuery = defineQuery<BatchProgress>('batchProgress');

/**
 * Sent by an enrichment started by a batch when it begins waiting for a review: the batch counts it
 * and frees its place in the window (the wait may last days).
 */
export const childAwaitingReviewSignal = defineSignal<[{ movieId: number }]>('childAwaitingReview');
