// One page of a visibility list, with Temporal's own page token as the cursor: the list is in
// Temporal's order (running first, then by close time), which a cursor of ours could not follow.
// The token is signed: Temporal answers a forged one with an internal error after long retries,
// so a cursor this API did not give out is refused before Temporal sees it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
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

/**
 * Covers the query the token was made for: Temporal would page a token through another filter's
 * results. The query's length first, so no query and token pair reads as another.
 */
const mac = (secret: string, query: string, token: Buffer) =>
  createHmac('sha256', secret)
    .update(`${Buffer.byteLength(query)}:${query}`)
    .update(token)
    .digest()
    .subarray(0, 16);

function signCursor(secret: string, query: string, token: Uint8Array): string {
  const t = Buffer.from(token);
  return `${t.toString('base64url')}.${mac(secret, query, t).toString('base64url')}`;
}

/** The page token inside a cursor this API gave out for `query`, else undefined. */
function openCursor(secret: string, query: string, cursor: string): Buffer | undefined {
  const [token, signature, ...rest] = cursor.split('.');
  if (token === undefined || signature === undefined || rest.length > 0) return undefined;
  const t = Buffer.from(token, 'base64url');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, query, t);
  return given.length === expected.length && timingSafeEqual(given, expected) ? t : undefined;
}

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

/**
 * The page of enrichments matching `query`, or `invalid_cursor` for a cursor not signed with
 * `secret` (the API key: cursors stay valid across restarts of the API, not across key changes)
 * for this same query.
 */
export async function listEnrichmentPage(
  client: Client,
  secret: string,
  query: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: EnrichmentListItem[]; nextCursor: string | null } | 'invalid_cursor'> {
  const nextPageToken = cursor === undefined ? undefined : openCursor(secret, query, cursor);
  if (cursor !== undefined && nextPageToken === undefined) return 'invalid_cursor';
  const res = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize: limit,
    nextPageToken,
  });
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
  return { items, nextCursor: token && token.length > 0 ? signCursor(secret, query, token) : null };
}
