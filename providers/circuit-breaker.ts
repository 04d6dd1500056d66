import type { Pool } from '../db/pool.js';
import { ProviderError } from './errors.js';

/** §13.3: 5 consecutive failures open the breaker for 5 minutes; 2 half-open successes close it. */
export const BREAKER = { failureThreshold: 5, openMs: 5 * 60_000, closeAfterSuccesses: 2 } as const;

/**
 * A circuit breaker per provider whose state lives in PostgreSQL, so every worker sees the same
 * state. Each transition is one atomic UPDATE, safe under concurrent callers.
 */
export class SharedCircuitBreaker {
  constructor(private readonly pool: Pool) {}

  /** Throws a fail-fast `unavailable` error while open; moves an expired open breaker to half-open. */
  async before(provider: string): Promise<void> {
    const { rows } = await this.pool.query<{ state: string; consecutive_failures: number; remaining_ms: number; last_failure: string | null }>(
      `UPDATE provider_breakers
          SET state = CASE WHEN state = 'open' AND opened_at + make_interval(secs => $2::float8 / 1000) <= now() THEN 'half_open' ELSE state END,
              half_open_successes = CASE WHEN state = 'open' THEN 0 ELSE half_open_successes END
        WHERE provider = $1
        RETURNING state, consecutive_failures, last_failure,
                  (extract(epoch FROM opened_at + make_interval(secs => $2::float8 / 1000) - now()) * 1000)::float8 AS remaining_ms`,
      [provider, BREAKER.openMs],
    );
    const row = rows[0];
    if (row?.state === 'open')
      throw new ProviderError(
        provider,
        'unavailable',
        `provider unavailable: circuit open after ${row.consecutive_failures} consecutive failures (last: ${row.last_failure ?? 'unknown'}); next attempt in ${Math.ceil(row.remaining_ms / 1000)} s`,
      );
  }

  async success(provider: string): Promise<void> {
    await this.pool.query(
      `UPDATE provider_breakers
          SET half_open_successes = CASE WHEN state = 'half_open' THEN half_open_successes + 1 ELSE 0 END,
              state = CASE WHEN state = 'half_open' AND half_open_successes + 1 >= $2 THEN 'closed' ELSE state END,
              consecutive_failures = CASE WHEN state = 'half_open' AND half_open_successes + 1 < $2 THEN consecutive_failures ELSE 0 END,
              updated_at = now()
        WHERE provider = $1 AND (state <> 'closed' OR consecutive_failures > 0)`,
      [provider, BREAKER.closeAfterSuccesses],
    );
  }

  async failure(provider: string, reason: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO provider_breakers AS b (provider, consecutive_failures, last_failure, state, opened_at)
       VALUES ($1, 1, $2, CASE WHEN $3 <= 1 THEN 'open' ELSE 'closed' END, CASE WHEN $3 <= 1 THEN now() END)
       ON CONFLICT (provider) DO UPDATE SET
         consecutive_failures = b.consecutive_failures + 1,
         last_failure = EXCLUDED.last_failure,
         state = CASE WHEN b.state = 'half_open' OR b.consecutive_failures + 1 >= $3 THEN 'open' ELSE b.state END,
         opened_at = CASE WHEN b.state = 'half_open' OR (b.state = 'closed' AND b.consecutive_failures + 1 >= $3) THEN now() ELSE b.opened_at END,
         half_open_successes = 0,
         updated_at = now()`,
      [provider, reason.slice(0, 500), BREAKER.failureThreshold],
    );
  }
}
