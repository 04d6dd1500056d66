import { rateLimitedUntil, reportRateLimited } from '../db/politeness.js';
import type { Pool } from '../db/pool.js';
import { SharedCircuitBreaker } from './circuit-breaker.js';
import { countsAgainstBreaker, ProviderError, QuotaExhausted } from './errors.js';
import { SharedRateLimiter, type RateLimit } from './rate-limiter.js';

/** A 429 without Retry-After: about one rate-limit window of the providers we call. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
/** A Retry-After beyond this is not believed (a day's quota is handled apart). */
const MAX_RATE_LIMIT_WAIT_MS = 3600_000;
/** A wait for a provider's Retry-After is reported (a heartbeat) at least this often. */
const WAIT_REPORT_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every provider request goes through here: the shared breaker first (fail fast, no I/O while
 * open), then a slot from the shared rate limiter, then the request; the outcome feeds the breaker.
 * A 404 is an answer ("no artwork", "no such id"), not a sign of a sick provider.
 */
export class ProviderGate {
  readonly breaker: SharedCircuitBreaker;
  readonly limiter: SharedRateLimiter;

  constructor(
    private readonly pool: Pool,
    limits: Readonly<Record<string, RateLimit>>,
  ) {
    this.breaker = new SharedCircuitBreaker(pool);
    this.limiter = new SharedRateLimiter(pool, limits);
  }

  async call<T>(provider: string, request: () => Promise<T>, onWait?: (waitMs: number) => void): Promise<T> {
    await this.breaker.before(provider);
    // A 429 seen by any worker holds every request to that provider until its Retry-After is over.
    for (
      let until = await rateLimitedUntil(this.pool, provider);
      until;
      until = await rateLimitedUntil(this.pool, provider)
    ) {
      const waitMs = until.getTime() - Date.now();
      onWait?.(waitMs);
      await sleep(Math.max(50, Math.min(waitMs, WAIT_REPORT_MS)));
    }
    const { slot } = await this.limiter.acquire(provider, onWait);
    let result: T;
    try {
      result = await request();
    } catch (err) {
      await this.limiter.release(slot);
      if (countsAgainstBreaker(err)) await this.breaker.failure(provider, (err as Error).message);
      // Noted for every worker, so bulk runs stop starting new items until the provider is ready.
      if (err instanceof ProviderError && err.kind === 'rate_limited' && !(err instanceof QuotaExhausted)) {
        const waitMs = Math.min(err.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMIT_WAIT_MS);
        await reportRateLimited(this.pool, provider, waitMs, err.message);
      } else if (err instanceof ProviderError && err.kind === 'not_found') await this.breaker.success(provider);
      throw err;
    }
    await this.limiter.release(slot);
    await this.breaker.success(provider);
    return result;
  }
}
