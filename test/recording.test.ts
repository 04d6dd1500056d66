// Issue 5: recording with locks (§16 acceptance 11–17 with D1, D17, D19) and the user-edit and
// statistics API, through real enrichments against the fake providers.
import { describe, expect, it } from 'vitest';
import { findDemoMovie } from '../fake-providers/catalog.js';
import { artworkHelpers } from './support/artwork.js';
import { call, useHarness } from './support/harness.js';

const h = useHarness();
const { register, enrich } = artworkHelpers(h);
const movie = async (id: number) => (await h.pool.query('SELECT * FROM movies WHERE id = $1', [id])).rows[0];
const cast = async (id: number) =>
  (
    await h.pool.query(
      `SELECT a.name, ma.role, ma.actor_order, ma.role_locked, ma.removed FROM movie_actors ma JOIN actors a ON a.id = ma.actor_id
        WHERE ma.movie_id = $1 ORDER BY a.name`,
      [id],
    )
  ).rows;

describe('scalar locks and the fill-gaps rule (acceptance 11–14)', () => {
  it('keeps title and original title under title_locked, and a locked plot, while unlocked fields update', async () => {
    const id = await register(680);
    await h.pool.query(
      `UPDATE movies SET title = 'My Pulp', original_title = 'Mine', title_locked = true, plot = 'Old plot', plot_locked = true WHERE id = $1`,
      [id],
    );
    await enrich(id, 'schedule');
    const demo = findDemoMovie(680)!.details;
    expect(await movie(id)).toMatchObject({
      title: 'My Pulp',
      original_title: 'Mine',
      plot: 'Old plot',
      tagline: demo.tagline,
      runtime: demo.runtime,
      content_rating: 'R',
      release_date: demo.release_date,
      year: 1994,
    });
    expect((await movie(id)).field_sources).toMatchObject({ tagline: 'tmdb', runtime: 'tmdb', imdb_rating: 'omdb' });
    expect((await movie(id)).field_sources.title).toBeUndefined();
  });

  it('fills an empty sort title from the title and leaves a set one alone (acceptance 13)', async () => {
    const id = await register(603);
    await enrich(id, 'schedule');
    expect((await movie(id)).sort_title).toBe('Matrix, The');
    await h.pool.query(`UPDATE movies SET sort_title = 'Matrix 1' WHERE id = $1`, [id]);
    await enrich(id, 'schedule', true);
    expect((await movie(id)).sort_title).toBe('Matrix 1');
  });
});

describe('cast (acceptance 15–17, D20)', () => {
  it('keeps a locked role, a locked order and a removed link; gives a new link no order while the order is locked', async () => {
    const id = await register(348);
    await enrich(id, 'schedule');
    const linked = await cast(id);
    expect(linked.map((c) => [c.name, c.role, c.actor_order])).toEqual([
      ['John Hurt', 'Kane', 3],
      ['Sigourney Weaver', 'Ellen Ripley', 0],
      ['Tom Skerritt', 'Dallas', 1],
      ['Veronica Cartwright', 'Lambert', 2],
    ]);
    const actorId = async (name: string) =>
      (await h.pool.query('SELECT id FROM actors WHERE name = $1', [name])).rows[0].id;
    const link = (name: string, set: string) =>
      h.pool.query(`UPDATE movie_actors SET ${set} WHERE movie_id = $1 AND actor_id = $2`, [id, name]);
    await link(await actorId('Sigourney Weaver'), `role = 'Ripley, my way', role_locked = true, actor_order = 10`);
    await link(await actorId('Tom Skerritt'), `role = 'Captain'`);
    await link(await actorId('John Hurt'), `removed = true, role = 'gone'`);
    await h.pool.query('DELETE FROM movie_actors WHERE movie_id = $1 AND actor_id = $2', [
      id,
      await actorId('Veronica Cartwright'),
    ]);
    await h.pool.query('UPDATE movies SET actors_order_locked = true WHERE id = $1', [id]);

    await enrich(id, 'schedule', true);
    expect((await cast(id)).map((c) => [c.name, c.role, c.actor_order, c.removed])).toEqual([
      ['John Hurt', 'gone', 3, true], // removed: neither updated nor re-created (17)
      ['Sigourney Weaver', 'Ripley, my way', 10, false], // locked role (15), locked order (16)
      ['Tom Skerritt', 'Dallas', 1, false], // unlocked role corrected (15)
      ['Veronica Cartwright', 'Lambert', null, false], // new link while the order is locked: no order (16)
    ]);
    expect(
      (await h.pool.query('SELECT count(*)::int AS n FROM movie_actors WHERE movie_id = $1', [id])).rows[0].n,
    ).toBe(4);
  });
});

describe('user edits, locks and statistics API', () => {
  it('PATCH changes fields and lists and locks each one; the next enrichment keeps them', async () => {
    const id = await register(105);
    await enrich(id, 'schedule');
    const res = await call(h.api, 'PATCH', `/api/movies/${id}`, {
      plot: 'A DeLorean.',
      runtime: 120,
      genres: ['Comedy', 'Time travel'],
      directors: ['Somebody Else'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      plot: 'A DeLorean.',
      runtime: 120,
      genres: ['Comedy', 'Time travel'],
      directors: ['Somebody Else'],
    });
    expect(res.body.locks).toMatchObject({
      plot: true,
      runtime: true,
      genres: true,
      directors: true,
      title: false,
      writers: false,
    });
    expect(res.body.field_sources).toMatchObject({ plot: 'user', genres: 'user' });
    await enrich(id, 'user', true);
    const after = (await call(h.api, 'GET', `/api/movies/${id}`)).body;
    expect(after).toMatchObject({
      plot: 'A DeLorean.',
      runtime: 120,
      genres: ['Comedy', 'Time travel'],
      directors: ['Somebody Else'],
    });
    expect(after.writers).toEqual(['Robert Zemeckis', 'Bob Gale']);
  });

  it('refuses unknown fields and bad values naming them, and 404s unknown movies', async () => {
    const id = await register(13);
    const unknown = await call(h.api, 'PATCH', `/api/movies/${id}`, { plot: 'x', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('colour');
    const bad = await call(h.api, 'PATCH', `/api/movies/${id}`, { runtime: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual([expect.objectContaining({ field: 'runtime' })]);
    expect((await call(h.api, 'PATCH', `/api/movies/${id}`, {})).status).toBe(400);
    expect((await call(h.api, 'PATCH', `/api/movies/${id}`, { title: '' })).status).toBe(400);
    expect((await call(h.api, 'PATCH', '/api/movies/999999', { plot: 'x' })).status).toBe(404);
    expect((await movie(id)).plot_locked).toBe(false);
  });

  it('locks and unlocks fields, lists and artwork types by name', async () => {
    const id = await register(27205);
    const res = await call(h.api, 'POST', `/api/movies/${id}/locks`, {
      lock: ['poster', 'genres', 'tagline', 'actors_order'],
    });
    expect(res.status).toBe(200);
    expect(res.body.locks).toMatchObject({
      poster: true,
      genres: true,
      tagline: true,
      actors_order: true,
      fanart: false,
    });
    const unlocked = await call(h.api, 'POST', `/api/movies/${id}/locks`, { unlock: ['poster'] });
    expect(unlocked.body.locks).toMatchObject({ poster: false, genres: true });
    const unknown = await call(h.api, 'POST', `/api/movies/${id}/locks`, { lock: ['posterz'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('unknown lockable field "posterz"');
    expect((await call(h.api, 'POST', `/api/movies/${id}/locks`, { lock: ['plot'], unlock: ['plot'] })).status).toBe(
      400,
    );
    expect((await call(h.api, 'POST', `/api/movies/${id}/locks`, {})).status).toBe(400);
    expect((await call(h.api, 'POST', '/api/movies/999999/locks', { lock: ['plot'] })).status).toBe(404);
  });

  it('stores completeness with the missing fields and reports it per class (D19; acceptance 56)', async () => {
    const id = await register(194);
    await enrich(id, 'schedule');
    const view = (await call(h.api, 'GET', `/api/movies/${id}`)).body;
    // Amélie: everything but fanart art from Fanart.tv; TMDB gives posters and backdrops.
    expect(view.completeness).toEqual({ pct: 100, class: 'enriched', missing: [] });
    await h.pool.query(`UPDATE movies SET plot = NULL, plot_locked = true WHERE id = $1`, [id]);
    await enrich(id, 'schedule', true);
    expect((await call(h.api, 'GET', `/api/movies/${id}`)).body.completeness).toEqual({
      pct: 86,
      class: 'partial',
      missing: ['plot'],
    });

    const stats = (await call(h.api, 'GET', '/api/stats/completeness')).body;
    const rows = (await h.pool.query('SELECT id, completeness_pct FROM movies WHERE deleted_at IS NULL')).rows;
    expect(stats.movies).toBe(rows.length);
    expect(stats.counts.enriched + stats.counts.partial + stats.counts.unenriched).toBe(rows.length);
    expect(stats.counts.partial).toBeGreaterThanOrEqual(1);
    expect(stats.average).toBe(Math.round(rows.reduce((s, r) => s + r.completeness_pct, 0) / rows.length));
    expect(stats.leastComplete.length).toBeLessThanOrEqual(10);
    expect(stats.leastComplete.map((m: any) => m.completenessPct)).toEqual(
      [...stats.leastComplete.map((m: any) => m.completenessPct)].sort((a, b) => a - b),
    );
    expect(stats.leastComplete).toContainEqual(expect.objectContaining({ id, completenessPct: 86, missing: ['plot'] }));
  });
});
