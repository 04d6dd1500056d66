import { stampRequestAnswered, takeRequestSlot } from '../db/politeness.js';
import type { Pool } from '../db/pool.js';

/** At most `limit` requests in any `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Safety margin after the oldest request leaves the window before the next one may go. */
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
  async acquire(
    provider: string,
    onWait: (waitMs: number) => void = () => undefined,
  ): Promise<{ slot: number | null; waitedMs: number }> {
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
    if (slot !== null) await stampRequestAnswered(this.pool, slot);
  }

  /** A slot when one was free, else how long until the oldest request in the window leaves it. */
  private tryAcquire(
    provider: string,
    { limit, windowMs }: RateLimit,
  ): Promise<{ slot: number | null; waitMs: number }> {
    // The margin widens the window itself, so requests arriving with a little network jitter still
    // fit the provider's window as it measures it.
    return takeRequestSlot(this.pool, provider, limit, windowMs + WINDOW_MARGIN_MS);
  }
}
