// The `webhook_events` aggregate: each call from Radarr or Sonarr, stored as it arrives, then
// given its outcome once handled.
import type { Queryable } from './pool.js';

export type WebhookSource = 'radarr' | 'sonarr';

/**
 * What came of an event: `received` until handled (one left so was cut short by a crash), then
 * what was done, or why nothing was.
 */
export type WebhookOutcome =
  | 'received'
  | 'test'
  | 'stored'
  | 'ignored'
  | 'invalid'
  | 'refused'
  | 'unknown_movie'
  | 'marked_missing'
  | 'updated'
  | 'enrichment_started'
  | 'joined_running'
  | 'busy'
  | 'failed';

/**
 * Stores an event as received; its id. A JSON `raw` is kept as JSON when PostgreSQL takes it (it
 * refuses NUL characters and lone surrogates), otherwise, like a body that was not JSON, as a string.
 */
export async function insertWebhookEvent(
  q: Queryable,
  e: { source: WebhookSource; eventType: string | null; raw: string; isJson: boolean },
): Promise<number> {
  const insert = async (payload: string) =>
    (
      await q.query<{ id: number }>(
        `INSERT INTO webhook_events (source, event_type, payload) VALUES ($1, $2, $3::jsonb)
         RETURNING id`,
        [e.source, e.eventType?.replaceAll('\u0000', ''), payload],
      )
    ).rows[0]!.id;
  if (e.isJson)
    try {
      return await insert(e.raw);
    } catch (err) {
      // 22xxx: a value PostgreSQL cannot represent; anything else is a real failure.
      if (!/^22/.test((err as { code?: string }).code ?? '')) throw err;
    }
  return insert(JSON.stringify(e.raw.replaceAll('\u0000', '\ufffd')));
}

export async function setWebhookOutcome(
  q: Queryable,
  id: number,
  r: { outcome: WebhookOutcome; workflowId?: string; error?: string },
): Promise<void> {
  await q.query('UPDATE webhook_events SET outcome = $2, workflow_id = $3, error = $4 WHERE id = $1', [
    id,
    r.outcome,
    r.workflowId ?? null,
    r.error ?? null,
  ]);
}

/**
 * One page of events, newest first, with the number matching and the next page's cursor (the last
 * id shown: ids only grow, so a page never repeats or skips an event as new ones arrive).
 */
export async function listWebhookEvents(
  q: Queryable,
  f: { limit: number; cursor?: number; source?: WebhookSource; outcome?: string },
) {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.source) where.push(`source = $${params.push(f.source)}`);
  if (f.outcome) where.push(`outcome = $${params.push(f.outcome)}`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { rows: counted } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_events ${filter}`,
    params,
  );
  if (f.cursor !== undefined) where.push(`id < $${params.push(f.cursor)}`);
  const { rows } = await q.query<{
    id: number;
    source: WebhookSource;
    eventType: string | null;
    payload: unknown;
    receivedAt: Date;
    outcome: WebhookOutcome;
    workflowId: string | null;
    error: string | null;
  }>(
    `SELECT id, source, event_type AS "eventType", payload, received_at AS "receivedAt", outcome,
            workflow_id AS "workflowId", error
       FROM webhook_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT $${params.push(f.limit + 1)}`,
    params,
  );
  const events = rows.slice(0, f.limit);
  const nextCursor = rows.length > f.limit ? String(events.at(-1)!.id) : null;
  return { events, total: counted[0]!.n, nextCursor };
}
