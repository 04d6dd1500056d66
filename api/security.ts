// What every /api request passes before its route: the API key, and a JSON body of bounded size.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

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
        {
          error:
            given === undefined
              ? 'an API key is required: send it as X-Api-Key, Authorization: Bearer …, or ?apikey='
              : 'wrong API key',
        },
        401,
        { 'WWW-Authenticate': 'Bearer' },
      );
    await next();
  };
}

/**
 * A body must be JSON (a form post from another site, which needs no preflight, is refused) and at
 * most `MAX_BODY_BYTES`, counted as it arrives whatever Content-Length claims.
 */
export function requireJsonBody(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The rest of the body is never read: the connection cannot carry another request.
    onError: (c) => c.json({ error: `request body larger than ${MAX_BODY_BYTES} bytes` }, 413, { connection: 'close' }),
  });
  return async (c, next) => {
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    if (!hasBody) return next();
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type))
      return c.json({ error: `request body must be application/json, not ${JSON.stringify(type || 'none')}` }, 415, {
        connection: 'close',
      });
    return limit(c, next);
  };
}
