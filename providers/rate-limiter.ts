import { inTransaction, type Pool } from '../db/pool.js';

/** At most `limit` requests in any `windowMs` (§13.1). */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Safety margin after the oldest request leaves the window (§13.1, acceptance 54). */
export const WINDOW_MARGIN_MS = 100;

/**
 * A sliding-window limiter shared by every worker: the window is a log in PostgreSQL, read and
 * appended under a per-provider advisory lock, and timed by the database's clock, so any number of
 * processes on any number of hosts together stay under the provider's limit.
 */
export class SharedRateLimiter {
  constructor(
    private readonly pool: Pool,
    private readonly limits: Readonly<Record<string, RateLimit>>,
  ) {}

  /**
   * Takes a slot, waiting (and calling `onWait`, to heartbeat) until one is free. Pass the slot to
   * `release` once the answer is in.
   */
  async acquire(provider: string, onWait: (waitMs: number) => void = () => undefined): Promise<{ slot: number | null; waitedMs: number }> {
    const limit = this.limits[provider];
    if (!limit) return { slot: null, waitedMs: 0 };
    let waited = 0;
    for (;;) {
      const { slot, waitMs } = await this.tryAcquire(provider, limit);
      if (slot !== null) return { slot, waitedMs: waited };
      onWait(waitMs);
      // Sleep in short steps so a heartbeat goes out at least every few seconds.
      const step = Math.min(waitMs, 2000);
      await new Promise((r) => setTimeout(r, step));
      waited += step;
    }
  }

  /**
   * Moves the request's time to now, when it has been answered: the provider received it at some
   * moment before, so counting the window from here can only be stricter than the provider is,
   * however long the request took to leave this process or to cross the network.
   */
  async release(slot: number | null): Promise<void> {
    if (slot !== null) await this.pool.query('UPDATE provider_request_log SET at = clock_timestamp() WHERE id = $1', [slot]);
  }

  /** A slot when one was free, else how long until the oldest request in the window leaves it. */
  private tryAcquire(provider: string, { limit, windowMs: nominal }: RateLimit): Promise<{ slot: number | null; waitMs: number }> {
    // The margin widens the window itself, so requests arriving with a little network jitter still
    // fit the provider's window as it measures it.
    const windowMs = nominal + WINDOW_MARGIN_MS;
    return inTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rate:${provider}`]);
      const { rows } = await c.query<{ n: number; wait_ms: number | null }>(
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
      const slot = (await c.query<{ id: number }>('INSERT INTO provider_request_log (provider, at) VALUES ($1, clock_timestamp()) RETURNING id', [provider])).rows[0]!.id;
      // Entries older than the window are never read again.
      await c.query(`DELETE FROM provider_request_log WHERE provider = $1 AND at < clock_timestamp() - make_interval(secs => $2::float8 / 500)`, [
        provider,
        windowMs,
      ]);
      return { slot, waitMs: 0 };
    });
  }
}
