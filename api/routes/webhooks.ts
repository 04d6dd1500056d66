// Radarr's and Sonarr's webhooks: every call is stored as it arrives, then handled, and its outcome
// kept with it. Radarr's imports and renames register or update the movie and enrich it; Sonarr's
// calls are only stored until TV is supported.
import { basename, posix } from 'node:path';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { findRegisteredMovie, insertMovie, markFileMissing, setMovieFile, type Registration } from '../../db/movies.js';
import { isUniqueViolation } from '../../db/pool.js';
import {
  insertWebhookEvent,
  listWebhookEvents,
  setWebhookOutcome,
  type WebhookOutcome,
  type WebhookSource,
} from '../../db/webhook-events.js';
import {
  radarrWebhook,
  sonarrWebhook,
  webhookEventsQuery,
  type RadarrFile,
  type RadarrWebhook,
} from '../../domain/schemas.js';
import { mapPath, resolveInRoots } from '../../lib/library-roots.js';
import type { ApiDeps } from '../deps.js';
import { webhookAnswer, webhookEvents } from '../responses.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { enrichmentStarter } from '../enrichment-start.js';
import { invalidRequest, json, router, validationErrorBody } from '../http.js';

const radarr = createRoute({
  method: 'post',
  path: '/webhooks/radarr',
  summary: 'Radarr’s webhook (Connect → Webhook, method POST)',
  description:
    'Authenticated by `?apikey=` or HTTP Basic (`WEBHOOK_USER`/`WEBHOOK_PASSWORD`). `Download` and `Rename` ' +
    'register or update the movie and enrich it; `MovieFileDelete` marks its file missing (not for an upgrade); ' +
    'anything else is stored only.',
  responses: {
    200: {
      description: '`{eventId, outcome}`; a repeat while the movie’s enrichment runs joins it (`workflowId`)',
      content: json(webhookAnswer),
    },
    202: { description: 'an enrichment started', content: json(webhookAnswer) },
    400: errorResponse('a malformed payload, naming the field (the call is stored all the same)'),
    401: errorResponse('neither the API key nor the webhook login'),
    422: errorResponse('the file lies outside every library root, after path mapping'),
    429: errorResponse('too many webhook enrichments in flight (`ENRICH_LIMIT_WEBHOOK`), retry after `Retry-After`'),
  },
});

const sonarr = createRoute({
  method: 'post',
  path: '/webhooks/sonarr',
  summary: 'Sonarr’s webhook: stored and acknowledged (TV is not enriched yet)',
  responses: {
    200: { description: '`{eventId, outcome}`', content: json(webhookAnswer) },
    400: errorResponse('a malformed payload, naming the field (stored all the same)'),
  },
});

const events = createRoute({
  method: 'get',
  path: '/webhooks/events',
  summary: 'Webhook calls with their outcomes, newest first, a page at a time, by source and outcome',
  request: { query: webhookEventsQuery },
  responses: {
    200: { description: 'the events, newest first', content: json(webhookEvents) },
  },
});

/** What handling an event came to: the answer to the sender and what is stored with the event. */
interface Handled {
  status: 200 | 202 | 400 | 422 | 429 | 503;
  outcome: WebhookOutcome;
  body?: Record<string, unknown>;
  workflowId?: string;
  error?: string;
  retryAfterSeconds?: number;
}

const invalid = (field: string, message: string): Handled => ({
  status: 400,
  outcome: 'invalid',
  body: invalidRequest([{ field, message }]),
  error: `${field}: ${message}`,
});

/** The absolute path Radarr names for a file: its `path`, else the movie's folder and the file's relative path. */
function radarrPath(folderPath: string | undefined, file: RadarrFile): string | undefined {
  if (file.path !== undefined) return file.path;
  if (folderPath !== undefined && file.relativePath !== undefined) return posix.join(folderPath, file.relativePath);
  return undefined;
}

/** Radarr's ids and name for the movie; 0 and '' are what it sends for "unknown". */
function identity(movie: NonNullable<RadarrWebhook['movie']>): Omit<Registration, 'path'> | undefined {
  const r = {
    tmdbId: movie.tmdbId || null,
    imdbId: movie.imdbId || null,
    title: movie.title || null,
    year: movie.year || null,
  };
  return r.tmdbId || r.imdbId || (r.title && r.year) ? r : undefined;
}

export function webhookRoutes(deps: ApiDeps) {
  const { pool, config } = deps;
  const startEnrichment = enrichmentStarter(deps);

  /**
   * Stores the call, parses its payload with `schema`, and stores what `handle` made of it. A crash
   * while handling leaves the event `failed` (the details are in the log, as for any 500).
   */
  async function receive<T>(
    c: Context,
    source: WebhookSource,
    schema: z.ZodType<T>,
    handle: (payload: T) => Promise<Handled>,
  ) {
    const raw = await c.req.text();
    let payload: unknown;
    let isJson = true;
    try {
      payload = JSON.parse(raw);
    } catch {
      isJson = false;
    }
    const eventType = (payload as { eventType?: unknown } | null)?.eventType;
    const eventId = await insertWebhookEvent(pool, {
      source,
      eventType: typeof eventType === 'string' ? eventType.slice(0, 100) : null,
      raw,
      isJson,
    });
    let handled: Handled;
    if (!isJson) handled = invalid('(body)', 'not valid JSON');
    else {
      const parsed = schema.safeParse(payload);
      if (parsed.success) {
        try {
          handled = await handle(parsed.data);
        } catch (err) {
          await setWebhookOutcome(pool, eventId, {
            outcome: 'failed',
            error: 'internal error (see the API log)',
          }).catch(() => undefined);
          throw err;
        }
      } else {
        const body = validationErrorBody(parsed.error);
        handled = { status: 400, outcome: 'invalid', body, error: body.error.message };
      }
    }
    await setWebhookOutcome(pool, eventId, handled);
    if (handled.retryAfterSeconds !== undefined) c.header('Retry-After', String(handled.retryAfterSeconds));
    // Typed loosely on purpose: the status comes from `handled`, and each route documents the ones it can give.
    return c.json({ eventId, outcome: handled.outcome, ...handled.body }, handled.status) as never;
  }

  /** The movie Radarr names, registered if new; its file, when given, set (and no longer missing). */
  async function upsertMovie(r: Registration): Promise<number> {
    const setFile = async (id: number) => {
      if (r.path !== null) await setMovieFile(pool, id, r.path, basename(r.path));
      return id;
    };
    const known = await findRegisteredMovie(pool, r);
    if (known !== undefined) return setFile(known);
    try {
      // Until TMDB answers, the title is Radarr's; enrichment fills the real one in.
      const title = r.title ?? (r.tmdbId ? `TMDB ${r.tmdbId}` : `IMDb ${r.imdbId}`);
      return await insertMovie(pool, { ...r, title, fileName: r.path ? basename(r.path) : null });
    } catch (err) {
      // The same film sent again at once: the first registration won, this call updates it.
      if (isUniqueViolation(err)) {
        const winner = await findRegisteredMovie(pool, r);
        if (winner !== undefined) return setFile(winner);
      }
      throw err;
    }
  }

  /** Starts the movie's enrichment at the webhook's priority; a run already going is joined. */
  async function enrich(movieId: number): Promise<Handled> {
    const started = await startEnrichment({ movieId, trigger: 'webhook' });
    switch (started.kind) {
      case 'started': {
        const { workflowId, runId, superseded } = started;
        const body = { movieId, workflowId, runId, ...(superseded ? { supersededRunId: superseded } : {}) };
        return { status: 202, outcome: 'enrichment_started', body, workflowId };
      }
      case 'running': {
        const { workflowId } = started;
        return { status: 200, outcome: 'joined_running', body: { movieId, workflowId }, workflowId };
      }
      case 'refused': {
        const { refusal } = started;
        return {
          status: refusal.status,
          outcome: 'busy',
          body: { ...refusal.body, movieId },
          error: refusal.body.error.message,
          retryAfterSeconds: refusal.retryAfterSeconds,
        };
      }
      case 'no_movie':
        // Deleted between its registration and the start.
        return { status: 200, outcome: 'unknown_movie', body: { movieId } };
    }
  }

  /** `Download` and `Rename`: the movie registered or updated with its file's path as seen here, then enriched. */
  async function imported(p: RadarrWebhook): Promise<Handled> {
    const movie = p.movie!;
    const who = identity(movie);
    if (!who) return invalid('movie.tmdbId', 'give movie.tmdbId, movie.imdbId, or movie.title and movie.year');
    // A rename names the movie's file among `renamedMovieFiles`; an older Radarr sends none.
    const [field, file] =
      p.eventType === 'Download' ? ['movieFile', p.movieFile] : ['renamedMovieFiles.0', p.renamedMovieFiles?.[0]];
    const sent = file && radarrPath(movie.folderPath, file);
    if (file && sent === undefined)
      return invalid(`${field}.path`, `give ${field}.path, or movie.folderPath and ${field}.relativePath`);
    let path: string | null = null;
    if (sent !== undefined) {
      const mapped = mapPath(sent, config.pathMappings);
      const inRoots = await resolveInRoots(mapped, config.libraryRoots);
      if (!inRoots.ok) {
        const seen = mapped === sent ? '' : ` (mapped by PATH_MAPPINGS to ${JSON.stringify(mapped)})`;
        const error = `${field}.path: ${JSON.stringify(sent)}${seen} is refused: ${inRoots.reason}`;
        const body = apiError(ErrorCode.Unprocessable, error, { field: `${field}.path` });
        return { status: 422, outcome: 'refused', body, error };
      }
      path = inRoots.path;
    }
    return enrich(await upsertMovie({ ...who, path }));
  }

  /** A file deleted in Radarr: an upgrade's old file is replaced by the Download that follows; otherwise the file is missing. */
  async function fileDeleted(p: RadarrWebhook): Promise<Handled> {
    if (p.deleteReason?.toLowerCase() === 'upgrade') return { status: 200, outcome: 'ignored' };
    const who = identity(p.movie!);
    const movieId = who && (await findRegisteredMovie(pool, { ...who, path: null }));
    if (movieId === undefined) return { status: 200, outcome: 'unknown_movie' };
    await markFileMissing(pool, movieId);
    return { status: 200, outcome: 'marked_missing', body: { movieId } };
  }

  return router()
    .openapi(radarr, (c) =>
      receive(c, 'radarr', radarrWebhook, async (p): Promise<Handled> => {
        switch (p.eventType) {
          case 'Test':
            return { status: 200, outcome: 'test' };
          case 'Download':
          case 'Rename':
          case 'MovieRename':
            return imported(p);
          case 'MovieFileDelete':
          case 'MovieFileDeleted':
            return fileDeleted(p);
          default:
            return { status: 200, outcome: 'stored' };
        }
      }),
    )
    .openapi(sonarr, (c) =>
      receive(c, 'sonarr', sonarrWebhook, async (p): Promise<Handled> => ({
        status: 200,
        outcome: p.eventType === 'Test' ? 'test' : 'stored',
      })),
    )
    .openapi(events, async (c) => {
      return c.json(await listWebhookEvents(pool, c.req.valid('query')), 200);
    });
}
