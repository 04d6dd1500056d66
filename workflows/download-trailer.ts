// The trailer the user chose (a candidate, or a URL of theirs): downloaded into the cache as the
// movie's trailer. Their choice is tried alone, never replaced by another candidate.
import { workflowInfo } from '@temporalio/workflow';
import type { TrailerDownload } from '../domain/trailers.js';
import { InfrastructureWait } from './infrastructure-wait.js';
import { activityGroups } from './proxies.js';

export async function downloadChosenTrailer(input: { movieId: number; candidateId: number }): Promise<TrailerDownload> {
  const { trailerDownload } = activityGroups(new InfrastructureWait());
  const { workflowId, runId } = workflowInfo();
  return trailerDownload.downloadTrailer({ ...input, runKey: `${workflowId}-${runId}`, by: 'user' });
}
