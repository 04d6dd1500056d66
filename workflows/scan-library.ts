import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import type { ScanLibraryOutcome } from '../domain/library-scan.js';
import { PRIORITY } from '../domain/priority.js';
import { enrichBatch } from './enrich-batch.js';
import { InfrastructureWait } from './infrastructure-wait.js';
import { activityGroups } from './proxies.js';

export interface ScanLibraryInput {
  libraryId: number;
  /** Whether new films are enriched (the library's `auto_enrich`). */
  enrichNew: boolean;
  window: number;
}

/**
 * `scan-library-{id}`: walks the library's folder (the activity resumes after a crash where it
 * was), then hands the films it registered to a batch at the scan's low priority. The batch runs on
 * its own: the scan's result is there as soon as the walk ends.
 */
export async function scanLibrary(input: ScanLibraryInput): Promise<ScanLibraryOutcome> {
  const { scan } = activityGroups(new InfrastructureWait(() => undefined));
  const result = await scan.scanLibraryFolder({ libraryId: input.libraryId });
  if (!input.enrichNew || result.added.length === 0) return { scan: result, enrichment: null };
  const movieIds = result.added.map((a) => a.movieId);
  const { workflowId, runId } = workflowInfo();
  const batch = await startChild(enrichBatch, {
    workflowId: `${workflowId}-enrich-${runId}`,
    args: [{ selection: { kind: 'movies', movieIds }, trigger: 'scan', window: input.window }],
    priority: { priorityKey: PRIORITY.scan },
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: `import of ${movieIds.length} new film(s) · scan`,
  });
  return { scan: result, enrichment: { workflowId: batch.workflowId, movies: movieIds.length } };
}
