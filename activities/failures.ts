import { ApplicationFailure } from '@temporalio/activity';
import { ProviderError } from '../providers/errors.js';

/**
 * Maps a provider error onto Temporal's retry semantics: bad input and bad credentials are
 * non-retryable; a 429 waits for Retry-After before the next attempt.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!(err instanceof ProviderError)) return err;
  const details = [{ provider: err.provider, kind: err.kind, status: err.status ?? null }];
  if (!err.retryable) return ApplicationFailure.create({ message: err.message, type: `Provider.${err.kind}`, nonRetryable: true, details });
  return ApplicationFailure.create({
    message: err.message,
    type: `Provider.${err.kind}`,
    details,
    ...(err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}),
  });
}
