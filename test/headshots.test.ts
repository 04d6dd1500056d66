// Actor headshots: the first twenty of a film's cast get TMDB's headshot, once per person however
// many films list them, into the content-addressed cache; publishing writes `.actors/` with names
// a file system takes and the NFO's thumbs; a locked image is never replaced; a 404 skips one actor.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ensembleMovies, MISSING_HEADSHOT, profilePath } from '../fake-providers/catalog.js';
import { artworkHelpers } from './support/artwork.js';
import { call, useHarness } from './support/harness.js';
import { registerInLibrary } from './support/library.js';
import { published } from './support/publishing.js';

const h = useHarness();
const { enrich, sha256 } = artworkHelpers(h);

const headshotPaths = new Set(
  ensembleMovies.flatMap((m) => m.details.credits!.cast.map((c) => `/t/p/original${profilePath(c.name)}`)),
);
const headshotRequests = () => h.providers.requests.filter((r) => headshotPaths.has(r.path));

async function actor(name: string) {
  return (await h.pool.query('SELECT * FROM actors WHERE name = $1', [name])).rows[0];
}

describe('actor headshots', () => {
  it('fetches the first twenty of a cast once per person, shares the blob, honours a lock and skips a 404', async () => {
    const [first, second] = ensembleMovies.map((m) => m.details);
    const a = await registerInLibrary(h, first!.id, 'Ensemble Piece (2011)');
    const b = await registerInLibrary(h, second!.id, 'Ensemble Piece II (2014)');

    const ra = await enrich(a.id);
    expect(ra.status).toBe('enriched');
    // The whole cast of thirty is linked; the first twenty by credit order are considered.
    expect(
      (await h.pool.query('SELECT count(*)::int AS n FROM movie_actors WHERE movie_id = $1', [a.id])).rows[0].n,
    ).toBe(30);
    expect(ra.headshots).toMatchObject({ considered: 20, downloaded: 19, cached: 0, locked: 0, missing: 0 });
    expect(ra.headshots!.failed).toEqual([
      { actorId: (await actor(MISSING_HEADSHOT)).id, name: MISSING_HEADSHOT, reason: 'HTTP 404' },
    ]);
    const castA = first!.credits!.cast;
    const requested = new Set(headshotRequests().map((r) => r.path));
    expect(requested).toEqual(new Set(castA.slice(0, 20).map((c) => `/t/p/original${profilePath(c.name)}`)));
    for (const c of castA.slice(20)) expect((await actor(c.name)).image_hash, c.name).toBeNull();
    expect((await actor(MISSING_HEADSHOT)).image_hash).toBeNull();

    // Each headshot is a blob in the cache, referenced by its person, holding exactly TMDB's bytes.
    const one = await actor('Ensemble Player 1');
    const bytes = await readFile(one.image_cache_path);
    expect(sha256(bytes)).toBe(one.image_hash);
    const res = await fetch(`${h.providers.url}/t/p/original${profilePath('Ensemble Player 1')}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(
      (
        await h.pool.query(`SELECT entity_type, entity_id, image_type FROM cache_image_refs WHERE blob_sha256 = $1`, [
          one.image_hash,
        ])
      ).rows,
    ).toEqual([{ entity_type: 'actor', entity_id: one.id, image_type: 'actor_thumb' }]);

    // Published: `.actors/` with the safe names, and the NFO's thumbs pointing at them.
    await published(h, a.id);
    const files = (await readdir(join(a.folder, '.actors'))).sort();
    expect(files).toHaveLength(19);
    expect(files).toContain('Dwayne The Rock Smith.jpg');
    expect(files).toContain('ACDC Live.jpg');
    expect(files).not.toContain(`${MISSING_HEADSHOT}.jpg`);
    expect(await readFile(join(a.folder, '.actors', 'Ensemble Player 1.jpg'))).toEqual(bytes);
    const nfo = new XMLParser().parse(await readFile(join(a.folder, 'Ensemble Piece (2011).nfo'), 'utf8'));
    const actors = nfo.movie.actor as { name: string; thumb?: string }[];
    expect(actors).toHaveLength(30);
    expect(actors.find((x) => x.name === 'Dwayne "The Rock" Smith')!.thumb).toBe('.actors/Dwayne The Rock Smith.jpg');
    expect(actors.find((x) => x.name === MISSING_HEADSHOT)!.thumb).toBeUndefined();
    expect(actors.find((x) => x.name === 'Ensemble Player 25')!.thumb).toBeUndefined();

    // The user locks one person's image (and clears it): no run fetches it again.
    const locked = await actor('Ensemble Player 2');
    await h.pool.query(`DELETE FROM cache_image_refs WHERE entity_type = 'actor' AND entity_id = $1`, [locked.id]);
    await h.pool.query(
      `UPDATE actors SET image_locked = true, image_hash = NULL, image_cache_path = NULL WHERE id = $1`,
      [locked.id],
    );
    const before = h.providers.requests.length;

    // The sequel lists ten of the same people and five newcomers: only the newcomers are fetched.
    const rb = await enrich(b.id);
    expect(rb.headshots).toMatchObject({ considered: 15, downloaded: 5, cached: 8, locked: 1, missing: 0 });
    expect(rb.headshots!.failed.map((f) => f.name)).toEqual([MISSING_HEADSHOT]);
    const fetchedNow = headshotRequests()
      .slice(0)
      .filter((r) => h.providers.requests.indexOf(r) >= before);
    expect(fetchedNow.map((r) => r.path).sort()).toEqual(
      [...Array.from({ length: 5 }, (_, n) => `Newcomer ${n + 1}`), MISSING_HEADSHOT]
        .map((name) => `/t/p/original${profilePath(name)}`)
        .sort(),
    );
    expect(await actor('Ensemble Player 2')).toMatchObject({
      image_locked: true,
      image_hash: null,
      image_cache_path: null,
    });

    // One blob per person, used by both films' `.actors/`.
    await published(h, b.id);
    expect(await readFile(join(b.folder, '.actors', 'Ensemble Player 1.jpg'))).toEqual(bytes);
    expect((await readdir(join(b.folder, '.actors'))).sort()).not.toContain('Ensemble Player 2.jpg');
    const blobs = await h.pool.query(`SELECT count(*)::int AS n FROM cache_blobs WHERE sha256 = $1`, [one.image_hash]);
    expect(blobs.rows[0].n).toBe(1);
    const people = await h.pool.query(`SELECT count(*)::int AS n FROM actors WHERE image_hash IS NOT NULL`);
    expect(people.rows[0].n).toBe(19 - 1 + 5);
    expect(
      (
        await h.pool.query(
          `SELECT count(DISTINCT blob_sha256)::int AS n FROM cache_image_refs WHERE entity_type = 'actor'`,
        )
      ).rows[0].n,
    ).toBe(people.rows[0].n);

    // The person with their films.
    const person = await call(h.api, 'GET', `/api/people/${one.id}`);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ name: 'Ensemble Player 1', imageSha256: one.image_hash, imageLocked: false });
    expect(person.body.films.map((f: { movieId: number; role: string }) => [f.movieId, f.role])).toEqual([
      [b.id, 'Sequel part 1'],
      [a.id, 'Part 1'],
    ]);
    expect((await call(h.api, 'GET', '/api/people/999999')).status).toBe(404);

    // Unlocked again, the person's headshot comes back on the next run, which publishes it by
    // itself: a new headshot is a change although nothing else is.
    await h.pool.query(`UPDATE actors SET image_locked = false WHERE id = $1`, [locked.id]);
    await h.pool.query(`INSERT INTO app_settings (key, value) VALUES ('auto_publish', 'true')`);
    const again = await enrich(b.id);
    expect(again.changedFields).toEqual([]);
    expect(again.headshots).toMatchObject({ downloaded: 1, cached: 13 });
    expect(again.publish).toMatchObject({ status: 'published' });
    expect(await readdir(join(b.folder, '.actors'))).toContain('Ensemble Player 2.jpg');
  });
});
