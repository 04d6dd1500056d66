// User edits: an edited field is locked so enrichment never overwrites it; locks can also be set
// and cleared without editing. Both take the movie's row lock, so they serialise with a recording
// transaction (which reads the locks under the same row lock).
import { createRoute } from '@hono/zod-openapi';
import { lockMovie, setLocks, writeUserEdits } from '../../db/movies.js';
import { loadMovieView } from '../../db/movie-view.js';
import { inTransaction } from '../../db/pool.js';
import { writeCrew, writeNamedList } from '../../db/relations.js';
import { EDITABLE_LISTS, EDITABLE_SCALARS, type EditableList, type Lockable } from '../../domain/locks.js';
import { locksBody, movieEditBody } from '../../domain/schemas.js';
import type { ApiDeps } from '../deps.js';
import { movieLocks, movieView, type MovieView } from '../responses.js';
import { errorResponse } from '../errors.js';
import { json, jsonBody, movieIdParams, notFound, router } from '../http.js';

const isList = (field: string): field is EditableList => (EDITABLE_LISTS as readonly string[]).includes(field);

const edit = createRoute({
  method: 'patch',
  path: '/movies/{id}',
  summary: 'Change fields and lists; each one changed is locked',
  request: { params: movieIdParams, body: jsonBody(movieEditBody) },
  responses: {
    200: { description: 'the movie as edited', content: json(movieView) },
    400: errorResponse('names the unknown field or bad value'),
    404: errorResponse('no such movie'),
  },
});

const locks = createRoute({
  method: 'post',
  path: '/movies/{id}/locks',
  summary: 'Lock or unlock fields, lists, ratings, the cast order and artwork types by name',
  request: { params: movieIdParams, body: jsonBody(locksBody) },
  responses: {
    200: { description: 'the movie’s locks', content: json(movieLocks) },
    400: errorResponse('names the unknown lock'),
    404: errorResponse('no such movie'),
  },
});

export function editRoutes({ pool }: ApiDeps) {
  return router()
    .openapi(edit, async (c) => {
      const { id } = c.req.valid('param');
      const edits = c.req.valid('json');
      const found = await inTransaction(pool, async (tx) => {
        if (!(await lockMovie(tx, id))) return false;
        const values: Partial<Record<Lockable, unknown>> = {};
        for (const field of EDITABLE_SCALARS) if (field in edits) values[field] = edits[field];
        const lists: EditableList[] = [];
        for (const [field, names] of Object.entries(edits)) {
          if (!isList(field)) continue;
          const wanted = names as string[];
          if (field === 'directors' || field === 'writers')
            await writeCrew(
              tx,
              id,
              field,
              wanted.map((name) => ({ name, tmdbId: null })),
            );
          else await writeNamedList(tx, id, field, wanted);
          lists.push(field);
        }
        await writeUserEdits(tx, id, values, lists);
        return true;
      });
      if (!found) return c.json(notFound(`movie ${id}`), 404);
      return c.json((await loadMovieView(pool, id)) as MovieView, 200);
    })
    .openapi(locks, async (c) => {
      const { id } = c.req.valid('param');
      const { lock, unlock } = c.req.valid('json');
      if (!(await setLocks(pool, id, lock, unlock))) return c.json(notFound(`movie ${id}`), 404);
      const view = await loadMovieView(pool, id);
      return c.json({ id, locks: view!.locks as Record<string, boolean> }, 200);
    });
}
