// The messages clients send to a running enrichment: the API uses these objects, never their names.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EnrichmentProgress, ReviewInput, ReviewOutcome } from '../domain/types.js';

/** The run's phase, per-type counters and per-provider state, at any moment. */
export const progressQuery = defineQuery<EnrichmentProgress>('progress');

/** The user's review of a run awaiting it: approve (with artwork picks) or reject. */
export const reviewUpdate = defineUpdate<ReviewOutcome, [ReviewInput]>('review');
