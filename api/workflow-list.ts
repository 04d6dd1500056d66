// One page of a visibility list, with Temporal's own page token as the cursor: the list is in
// Temporal's order (running first, then by close time), which a cursor of ours could not follow.
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { EnrichmentStatusKey, EnrichmentTriggerKey, MovieIdKey } from '../domain/search-attributes.js';

/** `WorkflowExecutionStatus` numbers as the SDK names them. */
const STATUS_NAMES = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];
const GRPC_INVALID_ARGUMENT = 3;

export interface EnrichmentListItem {
  workflowId: string;
  runId: string;
  status: string;
  enrichmentStatus: string | null;
  movieId: number | null;
  trigger: string | null;
  startTime: string;
  closeTime: string | null;
}

type Timestamp = { seconds?: { toString(): string } | null; nanos?: number | null } | null | undefined;
const iso = (t: Timestamp) =>
  t?.seconds == null ? null : new Date(Number(t.seconds.toString()) * 1000 + (t.nanos ?? 0) / 1e6).toISOString();

/** The page of enrichments matching `query`, or `invalid_cursor` when Temporal does not take the token. */
export async function listEnrichmentPage(
  client: Client,
  namespace: string,
  query: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: EnrichmentListItem[]; nextCursor: string | null } | 'invalid_cursor'> {
  let res;
  try {
    res = await client.workflowService.listWorkflowExecutions({
      namespace,
      query,
      pageSize: limit,
      nextPageToken: cursor === undefined ? undefined : Buffer.from(cursor, 'base64url'),
    });
  } catch (err) {
    if (cursor !== undefined && isGrpcServiceError(err) && err.code === GRPC_INVALID_ARGUMENT) return 'invalid_cursor';
    throw err;
  }
  const items = (res.executions ?? []).map((raw) => {
    const fields = raw.searchAttributes?.indexedFields ?? {};
    const attribute = <T>(key: { name: string }): T | null => {
      const payload = fields[key.name];
      if (!payload) return null;
      const value = defaultPayloadConverter.fromPayload<unknown>(payload);
      return (Array.isArray(value) ? value[0] : value) as T;
    };
    return {
      workflowId: raw.execution?.workflowId ?? '',
      runId: raw.execution?.runId ?? '',
      status: STATUS_NAMES[raw.status ?? 0] ?? 'UNSPECIFIED',
      enrichmentStatus: attribute<string>(EnrichmentStatusKey),
      movieId: attribute<number>(MovieIdKey),
      trigger: attribute<string>(EnrichmentTriggerKey),
      startTime: iso(raw.startTime)!,
      closeTime: iso(raw.closeTime),
    };
  });
  const token = res.nextPageToken;
  return { items, nextCursor: token && token.length > 0 ? Buffer.from(token).toString('base64url') : null };
}
