// The web UI: the built single-page app (web/dist) at `/`. Its hashed assets are cached for good;
// any other page address answers index.html, so a reload or a shared link of /movies/12 opens the
// app there. Addresses of the API itself never fall through to it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { projectRoot } from '../../lib/config.js';

export const WEB_DIST = join(projectRoot, 'web', 'dist');

/** Paths that belong to the API: a miss there is the API's 404, never the app. */
const API_PATHS = /^\/(api|health|openapi\.json|docs)(\/|$)/;

/**
 * Scripts and styles only from here; pictures also from the providers (a candidate not downloaded
 * yet is shown from its provider's address); no framing, no plugins.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob: https: http:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the app from `dist` when it was built; otherwise says how to build it. */
export function webApp(dist = WEB_DIST): MiddlewareHandler {
  const indexFile = join(dist, 'index.html');
  const built = existsSync(indexFile);
  // Read once: the bundle changes only with a rebuild, which restarts the API.
  const index = built ? readFileSync(indexFile, 'utf8') : undefined;
  const assets = serveStatic({ root: dist });
  return async (c, next) => {
    const { method, path } = c.req;
    if ((method !== 'GET' && method !== 'HEAD') || API_PATHS.test(path)) return next();
    if (path.startsWith('/assets/')) {
      const found = await assets(c, next);
      // Set on the answer itself: a header set once the file is being sent would be lost.
      if (found instanceof Response && found.status === 200)
        found.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
      return found;
    }
    if (index === undefined)
      return c.text('The web UI is not built: run `npm run web:build` (npm start builds it).\n', 503);
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    return c.html(index);
  };
}
