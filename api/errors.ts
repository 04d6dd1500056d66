// The one error shape every route answers with: `{error: {code, message, details?}}`. `code` is
// one of `ErrorCode` (stable, for scripts); `message` is for people; `details` carries the
// specifics a client may act on (the invalid fields, the running workflow, the limit).
import { z } from '@hono/zod-openapi';

export const ErrorCode = {
  /** The request does not validate: `details.issues` names each field. */
  InvalidRequest: 'invalid_request',
  Unauthorized: 'unauthorized',
  NotFound: 'not_found',
  /** A method no route takes (TRACE, CONNECT, …). */
  MethodNotAllowed: 'method_not_allowed',
  /** The resource's state does not allow it now (a run in progress, nothing to review, …). */
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  /** Understood and valid, but it could not be carried out (a picked image failed to download, …). */
  Unprocessable: 'unprocessable',
  /** Too many requests of this kind in flight: retry after `Retry-After` seconds. */
  RateLimited: 'rate_limited',
  /** A dependency (database, Temporal, a provider) is unavailable: retry after `Retry-After` seconds. */
  Unavailable: 'unavailable',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof errorSchema>;

export function apiError(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** An error response's OpenAPI entry: the shared schema with this route's meaning of the status. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

/** The code for an error raised as a bare HTTP status (by Hono's own middleware). */
export function errorCodeOf(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    401: ErrorCode.Unauthorized,
    404: ErrorCode.NotFound,
    405: ErrorCode.MethodNotAllowed,
    409: ErrorCode.Conflict,
    413: ErrorCode.PayloadTooLarge,
    415: ErrorCode.UnsupportedMediaType,
    422: ErrorCode.Unprocessable,
    429: ErrorCode.RateLimited,
    503: ErrorCode.Unavailable,
  };
  return byStatus[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.InvalidRequest);
}
