import { breakerBeforeCall, breakerFailure, breakerSuccess } from '../db/politeness.js';
import type { Pool } from '../db/pool.js';
import { ProviderError } from './errors.js';

/** 5 consecutive failures open the breaker for 5 minutes; 2 half-open successes close it. */
export const BREAKER = { failureThreshold: 5, openMs: 5 * 60_000, closeAfterSuccesses: 2 } as const;

/**
 * A circuit breaker per provider whose state lives in PostgreSQL, so every worker sees the same
 * state. Each transition is one atomic UPDATE, safe under concurrent callers.
 */
export class SharedCircuitBreaker {
  constructor(private readonly pool: Pool) {}

  /** Throws a fail-fast `unavailable` error while open; moves an expired open breaker to half-open. */
  async before(provider: string): Promise<void> {
    const row = await breakerBeforeCall(this.pool, provider, BREAKER.openMs);
    if (row?.state === 'open')
      throw new ProviderError(
        provider,
        'unavailable',
        `provider unavailable: circuit open after ${row.consecutive_failures} consecutive failures ` +
          `(last: ${row.last_failure ?? 'unknown'}); next attempt in ${Math.ceil(row.remaining_ms / 1000)} s`,
      );
  }

  async success(provider: string): Promise<void> {
    await breakerSuccess(this.pool, provider, BREAKER.closeAfterSuccesses);
  }

  async failure(provider: string, reason: string): Promise<void> {
    await breakerFailure(this.pool, provider, reason, BREAKER.failureThreshold);
  }
}
