// What every /api request passes before its route: the API key, and a JSON body of bounded size.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError, ErrorCode } from './errors.js';

/** Request bodies are small JSON documents; anything larger is refused before it is read. */
export const MAX_BODY_BYTES = 1024 * 1024;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The key as Radarr and Sonarr take theirs: `X-Api-Key`, `Authorization: Bearer …`, or `?apikey=`
 * (what webhook senders can do). Compared in constant time.
 */
export function requireApiKey(apiKey: string): MiddlewareHandler {
  const expected = digest(apiKey);
  return async (c, next) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const given = c.req.header('x-api-key') ?? bearer ?? new URL(c.req.url).searchParams.get('apikey') ?? undefined;
    if (given === undefined || !timingSafeEqual(digest(given), expected))
      return c.json(
        apiError(
          ErrorCode.Unauthorized,
          given === undefined
            ? 'an API key is required: send it as X-Api-Key, Authorization: Bearer …, or ?apikey='
            : 'wrong API key',
        ),
        401,
        { 'WWW-Authenticate': 'Bearer' },
      );
    await next();
  };
}

/**
 * For webhook senders: the API key as `requireApiKey` takes it, or, when a login is configured, HTTP
 * Basic with it (Radarr and Sonarr can send either). Compared in constant time.
 */
export function requireApiKeyOrLogin(
  apiKey: string,
  login: { user: string; password: string } | undefined,
): MiddlewareHandler {
  const keyCheck = requireApiKey(apiKey);
  const expected = login && digest(`${login.user}:${login.password}`);
  return async (c, next) => {
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (basic === undefined || !expected) return keyCheck(c, next);
    if (!timingSafeEqual(digest(Buffer.from(basic, 'base64').toString('utf8')), expected))
      return c.json(apiError(ErrorCode.Unauthorized, 'wrong user name or password'), 401, {
        'WWW-Authenticate': 'Basic realm="webhooks"',
      });
    await next();
  };
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Methods no route takes (TRACE, CONNECT, …) are refused before anything handles the request. */
export function refuseUnknownMethods(): MiddlewareHandler {
  return async (c, next) => {
    if (!METHODS.includes(c.req.method))
      return c.json(apiError(ErrorCode.MethodNotAllowed, `method ${c.req.method} is not allowed`), 405, {
        Allow: METHODS.join(', '),
      });
    await next();
  };
}

/** What zod-openapi's JSON body validation accepts: `application/json`, or `+json`, with parameters. */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * A body must be JSON (a form post from another site, which needs no preflight, is refused) and at
 * most `MAX_BODY_BYTES` (a chunked body is counted as it arrives; Node holds a body to its declared
 * Content-Length). A request without a body is passed on as one without a content type, so a route
 * whose body is optional sees none, whatever type the client named.
 */
export function requireJsonBody(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The rest of the body is never read: the connection cannot carry another request.
    onError: (c) =>
      c.json(apiError(ErrorCode.PayloadTooLarge, `request body larger than ${MAX_BODY_BYTES} bytes`), 413, {
        connection: 'close',
      }),
  });
  return async (c, next) => {
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    if (!hasBody) {
      const headers = new Headers(c.req.raw.headers);
      headers.delete('content-type');
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers });
      return next();
    }
    const type = c.req.header('content-type') ?? '';
    if (!JSON_CONTENT_TYPE.test(type))
      return c.json(
        apiError(
          ErrorCode.UnsupportedMediaType,
          `request body must be application/json, not ${JSON.stringify(type || 'none')}`,
        ),
        415,
        {
          connection: 'close',
        },
      );
    return limit(c, next);
  };
}
