// User edits (§14.2): an edited field is locked so enrichment never overwrites it; locks can also be
// set and cleared without editing. Both take the movie's row lock, so they serialise with a
// recording transaction (which reads the locks under the same row lock).
import type { Hono } from 'hono';
import { inTransaction, type Pool } from '../db/pool.js';
import { EDITABLE_LISTS, EDITABLE_SCALARS, lockColumn, type EditableList } from '../domain/locks.js';
import { locksBody, movieEditBody } from '../domain/schemas.js';
import { writeCrew, writeNamedList } from '../lib/movie-relations.js';
import { jsonBody, parseId, validationError } from './http.js';
import { loadMovieView } from './movies-repo.js';

const isList = (field: string): field is EditableList => (EDITABLE_LISTS as readonly string[]).includes(field);

export function registerEditRoutes(app: Hono, { pool }: { pool: Pool }) {
  app.patch('/api/movies/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = movieEditBody.safeParse(await jsonBody(c));
    if (!body.success) throw validationError(body.error);
    const edits = body.data;
    const found = await inTransaction(pool, async (tx) => {
      const movie = (await tx.query('SELECT id FROM movies WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [id])).rows[0];
      if (!movie) return false;
      const sets: string[] = [];
      const params: unknown[] = [id];
      const sources: Record<string, string> = {};
      for (const field of EDITABLE_SCALARS) {
        if (!(field in edits)) continue;
        params.push(edits[field]);
        sets.push(`${field} = $${params.length}`, `${lockColumn(field)} = true`);
        sources[field] = 'user';
      }
      for (const [field, names] of Object.entries(edits)) {
        if (!isList(field)) continue;
        const values = names as string[];
        if (field === 'directors' || field === 'writers') await writeCrew(tx, id, field, values.map((name) => ({ name, tmdbId: null })));
        else await writeNamedList(tx, id, field, values);
        sets.push(`${lockColumn(field)} = true`);
        sources[field] = 'user';
      }
      params.push(JSON.stringify(sources));
      sets.push(`field_sources = field_sources || $${params.length}::jsonb`, 'updated_at = now()');
      await tx.query(`UPDATE movies SET ${sets.join(', ')} WHERE id = $1`, params);
      return true;
    });
    if (!found) return c.json({ error: `movie ${id} not found` }, 404);
    return c.json(await loadMovieView(pool, id));
  });

  app.post('/api/movies/:id/locks', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = locksBody.safeParse(await jsonBody(c));
    if (!body.success) throw validationError(body.error);
    const sets = [...body.data.lock.map((n) => `${lockColumn(n)} = true`), ...body.data.unlock.map((n) => `${lockColumn(n)} = false`)];
    const res = await pool.query(`UPDATE movies SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND deleted_at IS NULL`, [id]);
    if (res.rowCount === 0) return c.json({ error: `movie ${id} not found` }, 404);
    const view = await loadMovieView(pool, id);
    return c.json({ id, locks: view!.locks });
  });
}
