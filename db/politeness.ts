// Provider politeness shared by every worker: the sliding-window request log behind the rate
// limits, the circuit breakers' state and spent quotas. Timed by the database's clock, so hosts agree.
import { inTransaction, type Pool, type Queryable } from './pool.js';

/**
 * Takes a request slot for `provider` when fewer than `limit` requests fall in the last `windowMs`,
 * else says how long until the oldest leaves the window. Serialised per provider by an advisory lock.
 */
export function takeRequestSlot(
  pool: Pool,
  provider: string,
  limit: number,
  windowMs: number,
): Promise<{ slot: number | null; waitMs: number }> {
  return inTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rate:${provider}`]);
    const { rows } = await tx.query<{ n: number; wait_ms: number | null }>(
      `WITH w AS (
         SELECT at FROM provider_request_log
          WHERE provider = $1 AND at > clock_timestamp() - make_interval(secs => $2::float8 / 1000)
          ORDER BY at DESC LIMIT $3)
       SELECT count(*)::int AS n,
              (extract(epoch FROM min(at) + make_interval(secs => $2::float8 / 1000) - clock_timestamp()) * 1000)::float8 AS wait_ms
         FROM w`,
      [provider, windowMs, limit],
    );
    const { n, wait_ms } = rows[0]!;
    if (n >= limit) return { slot: null, waitMs: Math.max(1, Math.ceil(wait_ms ?? 0)) };
    const slot = (
      await tx.query<{ id: number }>(
        'INSERT INTO provider_request_log (provider, at) VALUES ($1, clock_timestamp()) RETURNING id',
        [provider],
      )
    ).rows[0]!.id;
    // Entries older than two windows are never read again.
    await tx.query(
      `DELETE FROM provider_request_log WHERE provider = $1 AND at < clock_timestamp() - make_interval(secs => $2::float8 / 500)`,
      [provider, windowMs],
    );
    return { slot, waitMs: 0 };
  });
}

/** Moves a slot's time to now (the request has been answered). */
export async function stampRequestAnswered(q: Queryable, slot: number): Promise<void> {
  await q.query('UPDATE provider_request_log SET at = clock_timestamp() WHERE id = $1', [slot]);
}

export interface BreakerState {
  state: string;
  consecutive_failures: number;
  remaining_ms: number;
  last_failure: string | null;
}

/** The breaker's state, an open breaker whose time is up moved to half-open first. */
export async function breakerBeforeCall(
  q: Queryable,
  provider: string,
  openMs: number,
): Promise<BreakerState | undefined> {
  const { rows } = await q.query<BreakerState>(
    `UPDATE provider_breakers
        SET state = CASE WHEN state = 'open' AND opened_at + make_interval(secs => $2::float8 / 1000) <= now()
                         THEN 'half_open' ELSE state END,
            half_open_successes = CASE WHEN state = 'open' THEN 0 ELSE half_open_successes END
      WHERE provider = $1
      RETURNING state, consecutive_failures, last_failure,
                (extract(epoch FROM opened_at + make_interval(secs => $2::float8 / 1000) - now()) * 1000)::float8 AS remaining_ms`,
    [provider, openMs],
  );
  return rows[0];
}

/** A success: counts towards closing a half-open breaker, and resets the failure count. */
export async function breakerSuccess(q: Queryable, provider: string, closeAfterSuccesses: number): Promise<void> {
  await q.query(
    `UPDATE provider_breakers
        SET half_open_successes = CASE WHEN state = 'half_open' THEN half_open_successes + 1 ELSE 0 END,
            state = CASE WHEN state = 'half_open' AND half_open_successes + 1 >= $2 THEN 'closed' ELSE state END,
            consecutive_failures = CASE WHEN state = 'half_open' AND half_open_successes + 1 < $2
                                        THEN consecutive_failures ELSE 0 END,
            updated_at = now()
      WHERE provider = $1 AND (state <> 'closed' OR consecutive_failures > 0)`,
    [provider, closeAfterSuccesses],
  );
}

/** A failure: opens the breaker at the threshold, and at once when half-open. One atomic statement. */
export async function breakerFailure(q: Queryable, provider: string, reason: string, threshold: number): Promise<void> {
  await q.query(
    `INSERT INTO provider_breakers AS b (provider, consecutive_failures, last_failure, state, opened_at)
     VALUES ($1, 1, $2, CASE WHEN $3 <= 1 THEN 'open' ELSE 'closed' END, CASE WHEN $3 <= 1 THEN now() END)
     ON CONFLICT (provider) DO UPDATE SET
       consecutive_failures = b.consecutive_failures + 1,
       last_failure = EXCLUDED.last_failure,
       state = CASE WHEN b.state = 'half_open' OR b.consecutive_failures + 1 >= $3 THEN 'open' ELSE b.state END,
       opened_at = CASE WHEN b.state = 'half_open' OR (b.state = 'closed' AND b.consecutive_failures + 1 >= $3)
                        THEN now() ELSE b.opened_at END,
       half_open_successes = 0,
       updated_at = now()`,
    [provider, reason.slice(0, 500), threshold],
  );
}

/**
 * The provider's quota is spent until the next midnight UTC (by the database's clock, so every
 * worker agrees): records that, and returns the time requests may resume.
 */
export async function markQuotaSpent(q: Queryable, provider: string, reason: string): Promise<Date> {
  const { rows } = await q.query<{ until: Date }>(
    `INSERT INTO provider_quota_limits AS l (provider, limited_until, reason)
     VALUES ($1, (date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC', $2)
     ON CONFLICT (provider) DO UPDATE SET
       limited_until = EXCLUDED.limited_until, reason = EXCLUDED.reason, updated_at = now()
     RETURNING l.limited_until AS until`,
    [provider, reason.slice(0, 500)],
  );
  return rows[0]!.until;
}

/** While the provider's quota is spent: until when, and what it answered; null once it is over. */
export async function quotaSpentUntil(q: Queryable, provider: string): Promise<{ until: Date; reason: string } | null> {
  const { rows } = await q.query<{ until: Date; reason: string }>(
    `SELECT limited_until AS until, reason FROM provider_quota_limits WHERE provider = $1 AND limited_until > now()`,
    [provider],
  );
  return rows[0] ?? null;
}

/** A 429 from the provider: it asked us to wait `waitMs` (never shortening a longer wait already noted). */
export async function reportRateLimited(q: Queryable, provider: string, waitMs: number, reason: string): Promise<void> {
  await q.query(
    `INSERT INTO provider_rate_limit_reports AS r (provider, limited_until, reason)
     VALUES ($1, now() + $2 * interval '1 millisecond', $3)
     ON CONFLICT (provider) DO UPDATE SET
       limited_until = greatest(r.limited_until, EXCLUDED.limited_until), reason = EXCLUDED.reason,
       reported_at = now()`,
    [provider, waitMs, reason.slice(0, 500)],
  );
}

/** The provider whose reported rate limit lasts longest, while any does; null when none is limited. */
export async function rateLimitedNow(q: Queryable): Promise<{ provider: string; until: Date; reason: string } | null> {
  const { rows } = await q.query<{ provider: string; until: Date; reason: string }>(
    `SELECT provider, limited_until AS until, reason FROM provider_rate_limit_reports
      WHERE limited_until > now() ORDER BY limited_until DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Until when the provider asked us to wait, while it does. */
export async function rateLimitedUntil(q: Queryable, provider: string): Promise<Date | null> {
  const { rows } = await q.query<{ until: Date }>(
    `SELECT limited_until AS until FROM provider_rate_limit_reports WHERE provider = $1 AND limited_until > now()`,
    [provider],
  );
  return rows[0]?.until ?? null;
}
