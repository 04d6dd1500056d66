// People: one person with their headshot and the films they are linked to.
import { createRoute, z } from '@hono/zod-openapi';
import { personWithFilms } from '../../db/actors.js';
import type { ApiDeps } from '../deps.js';
import { errorResponse } from '../errors.js';
import { json, personIdParams, notFound, router } from '../http.js';

const personFilm = z.object({
  movieId: z.number(),
  title: z.string().nullable(),
  year: z.number().nullable(),
  role: z.string().nullable(),
  order: z.number().nullable(),
  removed: z.boolean().openapi({ description: 'the user removed this person from the film’s cast' }),
});

const person = z
  .object({
    id: z.number(),
    name: z.string(),
    tmdbId: z.number().nullable(),
    imdbId: z.string().nullable(),
    imageSha256: z
      .string()
      .nullable()
      .openapi({ description: 'the headshot in the image cache (GET /api/cache/{sha256}); null when none' }),
    nameLocked: z.boolean(),
    imageLocked: z.boolean(),
    films: z.array(personFilm),
  })
  .openapi('Person');

const get = createRoute({
  method: 'get',
  path: '/people/{id}',
  summary: 'One person with their headshot and their films, newest first',
  request: { params: personIdParams },
  responses: { 200: { description: 'the person', content: json(person) }, 404: errorResponse('no such person') },
});

export function peopleRoutes({ pool }: ApiDeps) {
  return router().openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const found = await personWithFilms(pool, id);
    return found ? c.json(found, 200) : c.json(notFound(`person ${id}`), 404);
  });
}
