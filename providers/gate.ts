import type { Pool } from '../db/pool.js';
import { SharedCircuitBreaker } from './circuit-breaker.js';
import { countsAgainstBreaker, ProviderError } from './errors.js';
import { SharedRateLimiter, type RateLimit } from './rate-limiter.js';

/**
 * Every provider request goes through here: the shared breaker first (fail fast, no I/O while
 * open), then a slot from the shared rate limiter, then the request; the outcome feeds the breaker.
 * A 404 is an answer ("no artwork", "no such id"), not a sign of a sick provider.
 */
export class ProviderGate {
  readonly breaker: SharedCircuitBreaker;
  readonly limiter: SharedRateLimiter;

  constructor(pool: Pool, limits: Readonly<Record<string, RateLimit>>) {
    this.breaker = new SharedCircuitBreaker(pool);
    this.limiter = new SharedRateLimiter(pool, limits);
  }

  async call<T>(provider: string, request: () => Promise<T>, onWait?: (waitMs: number) => void): Promise<T> {
    await this.breaker.before(provider);
    const { slot } = await this.limiter.acquire(provider, onWait);
    let result: T;
    try {
      result = await request();
    } catch (err) {
      await this.limiter.release(slot);
      if (countsAgainstBreaker(err)) await this.breaker.failure(provider, (err as Error).message);
      else if (err instanceof ProviderError && err.kind === 'not_found') await this.breaker.success(provider);
      throw err;
    }
    await this.limiter.release(slot);
    await this.breaker.success(provider);
    return result;
  }
}
