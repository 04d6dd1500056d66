import { ApplicationFailure } from '@temporalio/activity';
import { PROVIDER_FAILURE } from '../domain/failures.js';
import { ProviderError } from '../providers/errors.js';

/**
 * Maps a provider error onto Temporal's retry semantics: bad input and bad credentials are
 * non-retryable; a 429 waits for Retry-After before the next attempt.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!(err instanceof ProviderError)) return err;
  const type = PROVIDER_FAILURE[err.kind];
  const details = [{ provider: err.provider, kind: err.kind, status: err.status ?? null }];
  if (!err.retryable) return ApplicationFailure.create({ message: err.message, type, nonRetryable: true, details });
  return ApplicationFailure.create({
    message: err.message,
    type,
    details,
    ...(err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}),
  });
}
