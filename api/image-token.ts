// The image token: what lets an <img> tag, which cannot send the API key, read cached images. It is
// derived from the key (so it changes when the key does) and opens nothing but the cache route.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { apiError, ErrorCode } from './errors.js';
import { requireApiKey } from './security.js';

export const imageToken = (apiKey: string) => createHmac('sha256', apiKey).update('cache-images').digest('base64url');

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The API key as `requireApiKey` takes it, or `?token=` with the image token. */
export function requireApiKeyOrImageToken(apiKey: string): MiddlewareHandler {
  const keyCheck = requireApiKey(apiKey);
  const expected = digest(imageToken(apiKey));
  return async (c, next) => {
    const { token } = c.req.query();
    if (token === undefined) return keyCheck(c, next);
    if (!timingSafeEqual(digest(token), expected))
      return c.json(apiError(ErrorCode.Unauthorized, 'wrong image token'), 401, { 'WWW-Authenticate': 'Bearer' });
    await next();
  };
}
