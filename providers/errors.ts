/** How a provider call failed; decides whether retrying can help. */
export type ProviderErrorKind =
  | 'auth'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'malformed'
  /** The circuit breaker is open: no request was made. */
  | 'unavailable';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    /** From Retry-After on a 429, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(`${provider}: ${message}`);
  }

  /**
   * Retrying cannot fix bad credentials, a missing resource, or a response we cannot read; an
   * open breaker fails fast by design.
   */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'network';
  }
}

/**
 * The provider's request quota for the period (OMDb's day) is spent: no request can succeed before it
 * resets, so the caller stops asking instead of retrying.
 */
export class QuotaExhausted extends ProviderError {
  override name = 'QuotaExhausted';
  constructor(provider: string, message: string, status?: number) {
    super(provider, 'rate_limited', message, status);
  }
}

/**
 * Failures that say the provider itself is unwell: they count towards opening its breaker. A spent
 * quota or a 429 is an answer from a healthy provider asking us to slow down: every worker waits
 * for its Retry-After instead (see ProviderGate).
 */
export function countsAgainstBreaker(err: unknown): boolean {
  return (
    err instanceof ProviderError &&
    !(err instanceof QuotaExhausted) &&
    (err.kind === 'server' || err.kind === 'network' || err.kind === 'malformed')
  );
}
