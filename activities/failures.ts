import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../domain/failures.js';
import { ProviderError, type ProviderErrorKind } from '../providers/errors.js';

/** The failure type of each way a provider call fails. */
const PROVIDER_FAILURE: Record<ProviderErrorKind, FailureType> = {
  auth: FailureType.ProviderAuth,
  not_found: FailureType.ProviderNotFound,
  bad_request: FailureType.ProviderBadRequest,
  rate_limited: FailureType.ProviderRateLimited,
  server: FailureType.ProviderServerError,
  network: FailureType.ProviderNetwork,
  malformed: FailureType.ProviderMalformed,
  unavailable: FailureType.ProviderUnavailable,
};

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
