// A movie's trailer: its candidates with what analysis found, the user's choice of one (or of a
// URL of theirs on an allowed video site), downloaded by the `downloadChosenTrailer` workflow, and
// the lock. Every choice locks the trailer, so enrichment leaves it alone.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { inTransaction } from '../../db/pool.js';
import {
  selectCandidate,
  setTrailerLocked,
  trailerCandidate,
  trailerCandidates,
  trailerLocked,
  upsertUserCandidate,
} from '../../db/trailers.js';
import { PRIORITY } from '../../domain/priority.js';
import { idParam } from '../../domain/schemas.js';
import { MovieIdKey } from '../../domain/search-attributes.js';
import { TRAILER_FAILURES } from '../../domain/trailer-failure.js';
import { siteOfUrl, VIDEO_SITES } from '../../domain/trailers.js';
import { trailerWorkflowId } from '../../domain/workflow-ids.js';
import type { Config } from '../../lib/config.js';
import { downloadChosenTrailer } from '../../workflows/index.js';
import type { ApiDeps } from '../deps.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { invalidRequest, json, jsonBody, movieIdParams, notFound, router } from '../http.js';

const candidate = z
  .object({
    id: z.number(),
    source: z.enum(['provider', 'user']),
    url: z.string(),
    site: z.enum(VIDEO_SITES),
    name: z.string().nullable().openapi({ description: 'TMDB’s name of the video' }),
    official: z.boolean().nullable(),
    language: z.string().nullable(),
    analyzed: z.boolean(),
    title: z.string().nullable(),
    durationSeconds: z.number().nullable(),
    width: z.number().nullable(),
    height: z.number().nullable(),
    score: z.number().nullable(),
    failure: z
      .object({
        reason: z.enum(TRAILER_FAILURES),
        message: z.string().nullable(),
        retryAfter: z.string().nullable(),
      })
      .nullable(),
    selected: z.boolean(),
    selectedBy: z.enum(['auto', 'user']).nullable(),
    cachedSha256: z.string().nullable().openapi({ description: 'the downloaded video in the cache, if any' }),
    downloadedAt: z.string().nullable(),
  })
  .openapi('TrailerCandidate');

const trailerList = z.object({ locked: z.boolean(), candidates: z.array(candidate) }).openapi('TrailerCandidates');
const started = z
  .object({ candidateId: z.number(), locked: z.literal(true), workflowId: z.string(), runId: z.string() })
  .openapi('TrailerDownloadStarted', {
    description: 'the download runs: GET /api/enrichments/{workflowId} shows it, and its outcome once it ends',
  });
const chosenAlready = z
  .object({ candidateId: z.number(), locked: z.literal(true), cachedSha256: z.string() })
  .openapi('TrailerChosen');
const lockState = z.object({ locked: z.boolean() }).openapi('TrailerLock');
const candidateParams = z.object({ id: idParam, candidateId: idParam });

const list = createRoute({
  method: 'get',
  path: '/movies/{id}/trailers',
  summary: 'The movie’s trailer candidates, best first, and whether its trailer is locked',
  request: { params: movieIdParams },
  responses: {
    200: { description: 'the candidates', content: json(trailerList) },
    404: errorResponse('no such movie'),
  },
});

const select = createRoute({
  method: 'post',
  path: '/movies/{id}/trailers/{candidateId}/select',
  summary: 'Choose a candidate as the trailer (locks it); downloads it unless it is cached',
  request: { params: candidateParams },
  responses: {
    200: { description: 'chosen; its video was cached already', content: json(chosenAlready) },
    202: { description: 'chosen; its download runs', content: json(started) },
    404: errorResponse('no such movie or candidate'),
    409: errorResponse('a trailer download for this movie is running'),
  },
});

const addUrl = createRoute({
  method: 'post',
  path: '/movies/{id}/trailers',
  summary: 'Use a video of one’s own as the trailer (a YouTube or Vimeo URL; locks it) and download it',
  request: {
    params: movieIdParams,
    body: jsonBody(
      z.object({
        url: z.string().min(1).max(2048).openapi({ example: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }),
      }),
    ),
  },
  responses: {
    202: { description: 'its download runs', content: json(started) },
    400: errorResponse('not a URL on an allowed video site'),
    404: errorResponse('no such movie'),
    409: errorResponse('a trailer download for this movie is running'),
  },
});

const lock = (method: 'put' | 'delete') =>
  createRoute({
    method,
    path: '/movies/{id}/trailers/lock',
    summary: method === 'put' ? 'Lock the trailer: enrichment leaves it alone' : 'Unlock the trailer',
    request: { params: movieIdParams },
    responses: { 200: { description: 'the lock now', content: json(lockState) }, 404: errorResponse('no such movie') },
  });

type Candidate = Awaited<ReturnType<typeof trailerCandidates>>[number];
const view = (c: Candidate): z.infer<typeof candidate> => ({
  id: c.id,
  source: c.sourceType,
  url: c.sourceUrl,
  site: c.site,
  name: c.name,
  official: c.official,
  language: c.language,
  analyzed: c.analyzed,
  title: c.title,
  durationSeconds: c.durationSeconds,
  width: c.bestWidth,
  height: c.bestHeight,
  score: c.score,
  failure: c.failureReason
    ? {
        reason: c.failureReason,
        message: c.failureMessage,
        retryAfter: c.retryAfter !== null ? new Date(c.retryAfter).toISOString() : null,
      }
    : null,
  selected: c.isSelected,
  selectedBy: c.selectedBy,
  cachedSha256: c.blobSha256,
  downloadedAt: c.downloadedAt,
});

async function startDownload(client: Client, config: Config, movieId: number, candidateId: number) {
  const handle = await client.workflow.start(downloadChosenTrailer, {
    workflowId: trailerWorkflowId(movieId),
    taskQueue: config.temporal.taskQueue,
    args: [{ movieId, candidateId }],
    priority: { priorityKey: PRIORITY.user },
    typedSearchAttributes: [{ key: MovieIdKey, value: movieId }],
  });
  return { candidateId, locked: true as const, workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

const running = (movieId: number, err: WorkflowExecutionAlreadyStartedError) =>
  apiError(ErrorCode.Conflict, `a trailer download for movie ${movieId} is running`, { workflowId: err.workflowId });

export function trailerRoutes({ pool, client, config }: ApiDeps) {
  /** The user's choice: selected by them and locked, in one transaction. */
  const choose = (movieId: number, candidateId: number) =>
    inTransaction(pool, async (tx) => {
      await selectCandidate(tx, movieId, candidateId, 'user');
      await setTrailerLocked(tx, movieId, true);
    });

  /** The choice's download started, then the choice made: while another download runs, nothing is changed. */
  async function downloadChoice(movieId: number, candidateId: number) {
    try {
      const run = await startDownload(client, config, movieId, candidateId);
      await choose(movieId, candidateId);
      return { run };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { conflict: running(movieId, err) };
      throw err;
    }
  }

  return router()
    .openapi(list, async (c) => {
      const { id } = c.req.valid('param');
      const locked = await trailerLocked(pool, id);
      if (locked === undefined) return c.json(notFound(`movie ${id}`), 404);
      return c.json({ locked, candidates: (await trailerCandidates(pool, id)).map(view) }, 200);
    })
    .openapi(select, async (c) => {
      const { id, candidateId } = c.req.valid('param');
      if ((await trailerLocked(pool, id)) === undefined) return c.json(notFound(`movie ${id}`), 404);
      const found = await trailerCandidate(pool, id, candidateId);
      if (!found) return c.json(notFound(`trailer candidate ${candidateId} of movie ${id}`), 404);
      if (found.blobSha256) {
        await choose(id, candidateId);
        return c.json({ candidateId, locked: true as const, cachedSha256: found.blobSha256 }, 200);
      }
      const chosen = await downloadChoice(id, candidateId);
      return 'conflict' in chosen ? c.json(chosen.conflict, 409) : c.json(chosen.run, 202);
    })
    .openapi(addUrl, async (c) => {
      const { id } = c.req.valid('param');
      const { url } = c.req.valid('json');
      if ((await trailerLocked(pool, id)) === undefined) return c.json(notFound(`movie ${id}`), 404);
      const site = siteOfUrl(config.trailers.sites, url);
      if (!site)
        return c.json(
          invalidRequest([
            { field: 'url', message: 'not a video URL on YouTube or Vimeo (https, no login in the URL)' },
          ]),
          400,
        );
      const candidateId = await upsertUserCandidate(pool, id, site.site, site.url);
      const chosen = await downloadChoice(id, candidateId);
      return 'conflict' in chosen ? c.json(chosen.conflict, 409) : c.json(chosen.run, 202);
    })
    .openapi(lock('put'), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await setTrailerLocked(pool, id, true))) return c.json(notFound(`movie ${id}`), 404);
      return c.json({ locked: true }, 200);
    })
    .openapi(lock('delete'), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await setTrailerLocked(pool, id, false))) return c.json(notFound(`movie ${id}`), 404);
      return c.json({ locked: false }, 200);
    });
}
