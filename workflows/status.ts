// The run's `EnrichmentStatus` search attribute, kept current as it moves, so the API and the
// Temporal Web UI can list runs by where they stand (and the in-flight limits leave out runs that
// only wait for a person).
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { EnrichmentStatusKey } from '../domain/search-attributes.js';
import type { EnrichmentStatus } from '../domain/types.js';

/** Runs recorded before the status was kept replay without it. */
const STATUS_PATCH = 'enrichment-status-search-attribute';

export function reportStatus(status: EnrichmentStatus): void {
  if (patched(STATUS_PATCH)) upsertSearchAttributes([{ key: EnrichmentStatusKey, value: status }]);
}
