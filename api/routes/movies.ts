import { basename } from 'node:path';
import { createRoute } from '@hono/zod-openapi';
import { findRegisteredMovie, insertMovie, movieExists, softDeleteMovie } from '../../db/movies.js';
import { listMovies, loadMovieView } from '../../db/movie-view.js';
import { isUniqueViolation } from '../../db/pool.js';
import { movieList, movieListQuery } from '../../domain/movie-list.js';
import { registerMovieBody } from '../../domain/schemas.js';
import { enrichWorkflowId } from '../../domain/workflow-ids.js';
import { resolveInRoots } from '../../lib/library-roots.js';
import { releaseMovie } from '../../storage/blob-store.js';
import type { ApiDeps } from '../deps.js';
import { movieDeleted, movieView, type MovieView } from '../responses.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { invalidRequest, json, jsonBody, movieIdParams, notFound, router } from '../http.js';
import { workflowRunning } from '../workflow-status.js';

const register = createRoute({
  method: 'post',
  path: '/movies',
  summary: 'Register a movie by TMDB id, IMDb id, or title and year',
  request: { body: jsonBody(registerMovieBody) },
  responses: {
    201: { description: 'the new movie', content: json(movieView) },
    200: {
      description: 'the movie already registered with that id (or title, year and file)',
      content: json(movieView),
    },
    400: errorResponse('names the bad field; a path outside the library roots names the roots'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/movies',
  summary: 'Movies, a page at a time, filtered by state, library, title, what they lack or completeness',
  request: { query: movieListQuery },
  responses: {
    200: { description: "one page, the total over all pages, and the next page's cursor", content: json(movieList) },
  },
});

const get = createRoute({
  method: 'get',
  path: '/movies/{id}',
  summary: 'One movie with its locks, lists, cast, completeness and selected artwork',
  request: { params: movieIdParams },
  responses: { 200: { description: 'the movie', content: json(movieView) }, 404: errorResponse('no such movie') },
});

const remove = createRoute({
  method: 'delete',
  path: '/movies/{id}',
  summary: 'Delete a movie: its row stays, its cache references and the images only it used go',
  request: { params: movieIdParams },
  responses: {
    200: { description: 'deleted, with the number of cache files removed', content: json(movieDeleted) },
    404: errorResponse('no such movie'),
    409: errorResponse('an enrichment of it is running'),
  },
});

export function movieRoutes({ pool, client, config }: ApiDeps) {
  return router()
    .openapi(register, async (c) => {
      const b = c.req.valid('json');
      // The file must lie inside a library root, symlinks and `..` resolved; the real path is kept.
      let path: string | null = null;
      if (b.path !== undefined) {
        const inRoots = await resolveInRoots(b.path, config.libraryRoots);
        if (!inRoots.ok) return c.json(invalidRequest([{ field: 'path', message: inRoots.reason }]), 400);
        path = inRoots.path;
      }
      const registration = {
        tmdbId: b.tmdbId ?? null,
        imdbId: b.imdbId ?? null,
        title: b.title ?? null,
        year: b.year ?? null,
        path,
      };
      const known = await findRegisteredMovie(pool, registration);
      if (known !== undefined) return c.json((await loadMovieView(pool, known)) as MovieView, 200);
      // Until TMDB answers, the title is whatever we were told; enrichment fills the real one in.
      const title =
        b.title ?? (path ? basename(path).replace(/\.[^.]+$/, '') : b.tmdbId ? `TMDB ${b.tmdbId}` : `IMDb ${b.imdbId}`);
      try {
        const id = await insertMovie(pool, { ...registration, title, fileName: path ? basename(path) : null });
        return c.json((await loadMovieView(pool, id)) as MovieView, 201);
      } catch (err) {
        // A concurrent registration of the same id won the race: answer with its row.
        if (isUniqueViolation(err)) {
          const winner = await findRegisteredMovie(pool, registration);
          if (winner !== undefined) return c.json((await loadMovieView(pool, winner)) as MovieView, 200);
        }
        throw err;
      }
    })
    .openapi(list, async (c) => c.json(await listMovies(pool, c.req.valid('query')), 200))
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param');
      const movie = await loadMovieView(pool, id);
      return movie ? c.json(movie as MovieView, 200) : c.json(notFound(`movie ${id}`), 404);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await movieExists(pool, id))) return c.json(notFound(`movie ${id}`), 404);
      const workflowId = enrichWorkflowId(id);
      if (await workflowRunning(client, workflowId))
        return c.json(apiError(ErrorCode.Conflict, `an enrichment of movie ${id} is running`, { workflowId }), 409);
      // One transaction: a movie is never left deleted with its cache held, or its cache released while it lives.
      const removedFiles = await releaseMovie(pool, id, (tx) => softDeleteMovie(tx, id));
      return c.json({ id, deleted: true as const, removedCacheFiles: removedFiles.length }, 200);
    });
}
