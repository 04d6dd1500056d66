import { basename } from 'node:path';
import { ActivityFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Pool } from '../db/pool.js';
import { enrichBody, registerMovieBody } from '../domain/schemas.js';
import { EnrichmentTriggerKey, MovieIdKey } from '../domain/search-attributes.js';
import type { EnrichMovieInput, EnrichmentProgress } from '../domain/types.js';
import { enrichWorkflowId } from '../domain/workflow-ids.js';
import { releaseItem } from '../lib/blob-store.js';
import type { Config } from '../lib/config.js';
import { checkHealth } from './health.js';
import { jsonBody, parseId, validationError } from './http.js';
import { movieExists, workflowRunning } from './lookups.js';
import { registerEditRoutes } from './movie-edits.js';
import { loadMovieView } from './movies-repo.js';
import { registerReviewRoutes } from './review.js';
import { registerStatsRoutes } from './stats.js';
import { registerPublishRoutes } from './publish.js';

/** Temporal task priority: 1 is served first (DECISIONS.md, Architecture). */
const PRIORITY = { user: 1, webhook: 1, schedule: 3, bulk: 5 } as const;

export function createApp(deps: { pool: Pool; client: Client; config: Config }) {
  const { pool, client, config } = deps;
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(`[api] ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return c.json({ error: 'internal error', detail: err.message }, 500);
  });
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));

  app.get('/health', async (c) => {
    const health = await checkHealth({ pool, client, config });
    return c.json(health, health.status === 'ok' ? 200 : 503);
  });

  app.post('/api/movies', async (c) => {
    const parsed = registerMovieBody.safeParse(await jsonBody(c));
    if (!parsed.success) throw validationError(parsed.error);
    const b = parsed.data;
    const existing = async () =>
      (
        await pool.query<{ id: number }>(
          // Ids identify a film; a title and year registered again (a rescan, say) is the same
          // entry unless it names another file.
          `SELECT id FROM movies WHERE deleted_at IS NULL AND (tmdb_id = $1 OR imdb_id = $2
              OR ($1::int IS NULL AND $2::text IS NULL AND lower(title) = lower($3) AND year = $4 AND (file_path = $5 OR $5::text IS NULL)))
            ORDER BY id LIMIT 1`,
          [b.tmdbId ?? null, b.imdbId ?? null, b.title ?? null, b.year ?? null, b.path ?? null],
        )
      ).rows[0];
    const known = await existing();
    if (known) return c.json(await loadMovieView(pool, known.id), 200);
    // Until TMDB answers, the title is whatever we were told; enrichment fills the real one in.
    const title = b.title ?? (b.path ? basename(b.path).replace(/\.[^.]+$/, '') : b.tmdbId ? `TMDB ${b.tmdbId}` : `IMDb ${b.imdbId}`);
    try {
      const row = (
        await pool.query<{ id: number }>(
          `INSERT INTO movies (title, year, tmdb_id, imdb_id, file_path, file_name, identification_status)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [title, b.year ?? null, b.tmdbId ?? null, b.imdbId ?? null, b.path ?? null, b.path ? basename(b.path) : null, b.tmdbId ? 'identified' : 'unidentified'],
        )
      ).rows[0]!;
      return c.json(await loadMovieView(pool, row.id), 201);
    } catch (err) {
      // A concurrent registration of the same id won the race: answer with its row.
      if ((err as { code?: string }).code === '23505') {
        const winner = await existing();
        if (winner) return c.json(await loadMovieView(pool, winner.id), 200);
      }
      throw err;
    }
  });

  app.get('/api/movies', async (c) => {
    const rows = await pool.query(
      `SELECT id, title, year, tmdb_id, imdb_id, identification_status, completeness_pct, enriched_at
         FROM movies WHERE deleted_at IS NULL ORDER BY id`,
    );
    return c.json({ movies: rows.rows });
  });

  registerEditRoutes(app, deps);
  registerStatsRoutes(app, deps);
  registerReviewRoutes(app, deps);

  app.get('/api/movies/:id', async (c) => {
    const movie = await loadMovieView(pool, parseId(c.req.param('id')));
    if (!movie) return c.json({ error: `movie ${c.req.param('id')} not found` }, 404);
    return c.json(movie);
  });

  // Soft delete: the row stays (history, re-registration), its cache references go, and with them
  // every cached image no other item uses. Refused while an enrichment of it runs.
  app.delete('/api/movies/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (!(await movieExists(pool, id))) return c.json({ error: `movie ${id} not found` }, 404);
    if (await workflowRunning(client, enrichWorkflowId(id))) return c.json({ error: `an enrichment of movie ${id} is running`, workflowId: enrichWorkflowId(id) }, 409);
    await pool.query('UPDATE movies SET deleted_at = now(), updated_at = now() WHERE id = $1', [id]);
    const removedFiles = await releaseItem(pool, id);
    return c.json({ id, deleted: true, removedCacheFiles: removedFiles.length });
  });

  app.post('/api/movies/:id/enrich', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = enrichBody.safeParse(await jsonBody(c, true));
    if (!body.success) throw validationError(body.error);
    if (!(await movieExists(pool, id))) return c.json({ error: `movie ${id} not found` }, 404);
    const input: EnrichMovieInput = { movieId: id, trigger: 'user', force: body.data.force ?? false };
    try {
      const handle = await client.workflow.start('enrichMovie', {
        workflowId: enrichWorkflowId(id),
        taskQueue: config.temporal.taskQueue,
        args: [input],
        priority: { priorityKey: PRIORITY[input.trigger] },
        typedSearchAttributes: [
          { key: MovieIdKey, value: id },
          { key: EnrichmentTriggerKey, value: input.trigger },
        ],
      });
      return c.json({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }, 202);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        return c.json({ error: `an enrichment of movie ${id} is already running`, workflowId: err.workflowId }, 409);
      throw err;
    }
  });

  app.get('/api/enrichments/:workflowId', async (c) => {
    const handle = client.workflow.getHandle(c.req.param('workflowId'));
    let description;
    try {
      description = await handle.describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return c.json({ error: `no enrichment ${c.req.param('workflowId')}` }, 404);
      throw err;
    }
    const status = description.status.name;
    const view: Record<string, unknown> = {
      workflowId: description.workflowId,
      runId: description.runId,
      status,
      startTime: description.startTime,
      closeTime: description.closeTime ?? null,
    };
    if (status === 'RUNNING') {
      // A query needs a worker; with none polling, answer without progress instead of hanging.
      view.progress = await client.withDeadline(Date.now() + 3000, () => handle.query<EnrichmentProgress>('progress')).catch(() => null);
    } else if (status === 'COMPLETED') {
      view.result = await handle.result();
    } else {
      view.failure = await handle.result().then(
        () => null,
        (err: Error) => describeFailure(err),
      );
    }
    return c.json(view);
  });

  registerPublishRoutes(app, deps);
  return app;
}

/**
 * A closed workflow's failure as a person needs it: the innermost cause's message (where the reason
 * is), prefixed with the activity that failed, if one did.
 */
function describeFailure(err: Error): { message: string; type: string } {
  let root = err;
  let activity: string | undefined;
  for (let e: unknown = err.cause; e instanceof Error; e = e.cause) {
    if (e instanceof ActivityFailure) activity = e.activityType;
    root = e;
  }
  const type = (root as { type?: string | null }).type ?? root.name;
  return { message: activity ? `${activity}: ${root.message}` : root.message, type };
}
