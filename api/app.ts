// The HTTP API: one router per resource, mounted here behind the API key (webhooks: or a login);
// errors answer as JSON.
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { isDatabaseUnavailable, isSocketError } from '../db/pool.js';
import { temporalUnavailable, temporalUnreachable } from './admission.js';
import type { ApiDeps } from './deps.js';
import { apiError, ErrorCode, errorCodeOf } from './errors.js';
import { validationHook } from './http.js';
import { requireApiKeyOrImageToken } from './image-token.js';
import { bulkRoutes } from './routes/bulk.js';
import { cacheRoutes } from './routes/cache.js';
import { candidateRoutes } from './routes/candidates.js';
import { docsRoutes } from './routes/docs.js';
import { editRoutes } from './routes/edits.js';
import { enrichmentRoutes } from './routes/enrichments.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { identificationRoutes } from './routes/identification.js';
import { libraryRoutes } from './routes/libraries.js';
import { movieRoutes } from './routes/movies.js';
import { peopleRoutes } from './routes/people.js';
import { trailerRoutes } from './routes/trailers.js';
import { publishRoutes } from './routes/publish.js';
import { reviewRoutes } from './routes/review.js';
import { sessionRoutes } from './routes/session.js';
import { settingsRoutes } from './routes/settings.js';
import { statsRoutes } from './routes/stats.js';
import { webApp } from './routes/web.js';
import { webhookRoutes } from './routes/webhooks.js';
import { refuseUnknownMethods, requireApiKey, requireApiKeyOrLogin, requireJsonBody } from './security.js';

/** A database restart takes seconds: the caller's retry should come about then. */
const DATABASE_RETRY_AFTER_S = 5;

export function createApp(deps: ApiDeps) {
  const { apiKey } = deps.config;
  if (!apiKey) throw new Error('createApp needs config.apiKey (api/main.ts loads or creates it)');
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      // Hono's JSON validator refuses a body that does not parse with a plain-text 400.
      if (/malformed json/i.test(err.message))
        return c.json(apiError(ErrorCode.InvalidRequest, 'request body is not valid JSON'), 400);
      return c.json(apiError(errorCodeOf(err.status), err.message), err.status);
    }
    if (isDatabaseUnavailable(err) || isSocketError(err)) {
      // Nothing was lost: the caller may simply try again once the database is back.
      console.error(`[api] database unavailable: ${c.req.method} ${c.req.path}: ${err.message}`);
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
      return c.json(apiError(ErrorCode.Unavailable, 'the database is unavailable; try again shortly'), 503);
    }
    if (temporalUnreachable(err)) {
      console.error(`[api] Temporal unavailable: ${c.req.method} ${c.req.path}: ${err.message}`);
      return temporalUnavailable(c);
    }
    // The log has the details; the caller gets an id to quote, never database or stack text.
    const errorId = randomUUID();
    console.error(`[api] error ${errorId}: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return c.json(apiError(ErrorCode.Internal, `internal error ${errorId} (see the API log)`, { errorId }), 500);
  });
  app.notFound((c) => c.json(apiError(ErrorCode.NotFound, `no route ${c.req.method} ${c.req.path}`), 404));

  app.use('*', refuseUnknownMethods());
  // The web UI's pages and assets; every API path passes on to its route.
  app.use('*', webApp());
  app.route('/', healthRoutes(deps));
  // Webhook senders may log in with HTTP Basic instead; every other route takes only the key.
  app.use('/api/webhooks/*', requireApiKeyOrLogin(apiKey, deps.config.webhookLogin));
  // Cached images may also be read with the image token, which <img> tags can carry.
  app.use('/api/cache/*', requireApiKeyOrImageToken(apiKey));
  app.use('/api/*', except(['/api/webhooks/*', '/api/cache/*'], requireApiKey(apiKey)), requireJsonBody());
  app.route('/api', sessionRoutes(deps));
  app.route('/api', movieRoutes(deps));
  app.route('/api', editRoutes(deps));
  app.route('/api', enrichmentRoutes(deps));
  app.route('/api', eventRoutes(deps));
  app.route('/api', reviewRoutes(deps));
  app.route('/api', settingsRoutes(deps));
  app.route('/api', publishRoutes(deps));
  app.route('/api', statsRoutes(deps));
  app.route('/api', webhookRoutes(deps));
  app.route('/api', libraryRoutes(deps));
  app.route('/api', bulkRoutes(deps));
  app.route('/api', candidateRoutes(deps));
  app.route('/api', peopleRoutes(deps));
  app.route('/api', trailerRoutes(deps));
  app.route('/api', cacheRoutes(deps));
  app.route('/api', identificationRoutes(deps));
  // Last: the description covers every route above.
  app.route('/', docsRoutes(app));
  return app;
}
