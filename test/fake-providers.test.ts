import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fanartMovieResponse,
  omdbResponse,
  tmdbFindResponse,
  tmdbMovieDetails,
  tmdbSearchResponse,
} from '../domain/schemas.js';
import { demoMovies, findDemoMovie } from '../fake-providers/catalog.js';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server.js';

let p: FakeProviders;
beforeAll(async () => {
  p = await startFakeProviders();
});
afterAll(async () => {
  await p?.close();
});

const get = async (path: string, init?: RequestInit) => fetch(`${p.url}${path}`, init);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const image = async (filePath: string, size = 'original') =>
  Buffer.from(
    await (
      await get(filePath.startsWith('/movies/') ? `/fanart/art${filePath}` : `/t/p/${size}${filePath}`)
    ).arrayBuffer(),
  );

describe('fake TMDB', () => {
  it('serves a dozen films whose details parse with the real client schema', async () => {
    expect(demoMovies.length).toBeGreaterThanOrEqual(12);
    for (const m of demoMovies) {
      const res = await get(`/3/movie/${m.details.id}?api_key=k&append_to_response=credits,images`);
      expect(res.status).toBe(200);
      const parsed = tmdbMovieDetails.parse(await res.json());
      expect(parsed.title).toBe(m.details.title);
      expect(parsed.credits?.crew.some((c) => c.job === 'Director')).toBe(true);
    }
  });

  it('filters images by include_image_language as TMDB does', async () => {
    const all = tmdbMovieDetails.parse(await (await get('/3/movie/348?api_key=k')).json());
    const en = tmdbMovieDetails.parse(
      await (await get('/3/movie/348?api_key=k&include_image_language=en,null')).json(),
    );
    expect(all.images!.posters.some((i) => i.iso_639_1 === 'de')).toBe(true);
    expect(en.images!.posters.length).toBeLessThan(all.images!.posters.length);
    expect(en.images!.posters.every((i) => i.iso_639_1 === 'en' || i.iso_639_1 === null)).toBe(true);
  });

  it('answers TMDB errors: 401 without a key, 404 for unknown ids, bearer tokens accepted', async () => {
    const noKey = await get('/3/movie/348');
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ success: false, status_code: 7 });
    expect((await get('/3/movie/1?api_key=k')).status).toBe(404);
    expect((await get('/3/movie/348', { headers: { authorization: 'Bearer eyJtoken' } })).status).toBe(200);
  });

  it('finds by IMDb id and searches by title', async () => {
    const found = tmdbFindResponse.parse(
      await (await get('/3/find/tt0133093?api_key=k&external_source=imdb_id')).json(),
    );
    expect(found.movie_results.map((r) => r.id)).toEqual([603]);
    const none = tmdbFindResponse.parse(
      await (await get('/3/find/tt9999999?api_key=k&external_source=imdb_id')).json(),
    );
    expect(none.movie_results).toEqual([]);
    const search = tmdbSearchResponse.parse(await (await get('/3/search/movie?api_key=k&query=amelie')).json());
    expect(search.results.map((r) => r.id)).toEqual([194]);
    const byYear = tmdbSearchResponse.parse(await (await get('/3/search/movie?api_key=k&query=the&year=1999')).json());
    expect(byYear.results.map((r) => r.id)).toEqual([603]);
  });

  it('serves deterministic images matching their metadata, with real variants', async () => {
    const alien = findDemoMovie(348)!;
    const byKind = (key: string) => alien.images.find((i) => i.seed === `348-${key}` && !i.variantOf)!;
    const poster = byKind('poster-1');
    const bytes = await image(poster.filePath);
    expect(sha(await image(poster.filePath))).toBe(sha(bytes)); // stable
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', poster.width, poster.height]);

    const variants = alien.images.filter(
      (i) => i.variantOf?.filePath === poster.filePath || i.variantOf?.filePath === byKind('backdrop-1').filePath,
    );
    // TMDB's identical twin, resized copy and re-encode, and Fanart.tv's resized copy of the same poster.
    expect(variants.map((v) => `${v.provider}:${v.variantOf!.how}`).sort()).toEqual([
      'fanart.tv:resized',
      'tmdb:identical',
      'tmdb:reencoded',
      'tmdb:resized',
    ]);
    for (const v of variants) {
      const vb = await image(v.filePath);
      const vm = await sharp(vb).metadata();
      expect([vm.width, vm.height]).toEqual([v.width, v.height]);
      if (v.variantOf!.how === 'identical') expect(sha(vb)).toBe(sha(bytes));
      else expect(sha(vb)).not.toBe(sha(await image(v.variantOf!.filePath)));
    }
    // Distinct pictures differ, logos are PNG with alpha, sized renditions are scaled.
    expect(sha(await image(byKind('poster-2').filePath))).not.toBe(sha(bytes));
    const logo = alien.images.find((i) => i.kind === 'logo')!;
    expect(await sharp(await image(logo.filePath)).metadata()).toMatchObject({ format: 'png', hasAlpha: true });
    expect((await sharp(await image(poster.filePath, 'w500')).metadata()).width).toBe(500);
    expect((await get('/t/p/original/nothing.jpg')).status).toBe(404);
  });

  it('answers Fanart.tv: artwork lists with absolute URLs, 404 for a film without artwork, 401 without a key', async () => {
    const res = fanartMovieResponse.parse(await (await get('/fanart/v3/movies/348?api_key=k')).json());
    expect(res.tmdb_id).toBe('348');
    expect(res.movieposter).toHaveLength(2);
    expect(res.moviedisc![0]).toMatchObject({ disc: '1', disc_type: 'bluray' });
    const bytes = Buffer.from(await (await fetch(res.hdmovielogo![0]!.url)).arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 800, height: 310 });
    expect(fanartMovieResponse.parse(await (await get('/fanart/v3/movies/tt0078748?api_key=k')).json()).tmdb_id).toBe(
      '348',
    );
    expect((await get('/fanart/v3/movies/194?api_key=k')).status).toBe(404);
    expect((await get('/fanart/v3/movies/348')).status).toBe(401);
  });

  it('answers OMDb: a movie by IMDb id, Response "False" for an unknown id', async () => {
    const res = omdbResponse.parse(await (await get('/omdb/?apikey=k&i=tt0133093&plot=short')).json());
    expect(res).toMatchObject({ Response: 'True', Title: 'The Matrix', Rated: 'R' });
    expect(omdbResponse.parse(await (await get('/omdb/?apikey=k&i=tt9999999')).json())).toEqual({
      Response: 'False',
      Error: 'Incorrect IMDb ID.',
    });
    expect((await get('/omdb/?i=tt0133093')).status).toBe(401);
  });

  it('truncates a body on request', async () => {
    p.setFaults([{ match: '/3/movie/603', truncate: true, times: 1 }]);
    await expect(get('/3/movie/603?api_key=k').then((r) => r.text())).rejects.toThrow();
    expect((await get('/3/movie/603?api_key=k')).status).toBe(200);
  });

  it('logs requests and injects faults that expire', async () => {
    p.clearLog();
    p.setFaults([
      { match: '/3/movie/13', status: 429, headers: { 'retry-after': '2' }, times: 1 },
      { match: '/3/movie/78', status: 502, body: '<html>Bad Gateway</html>' },
    ]);
    const limited = await get('/3/movie/13?api_key=k');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await get('/3/movie/13?api_key=k')).status).toBe(200);
    expect((await get('/3/movie/130?api_key=k')).status).toBe(404); // prefixes stop at a path segment
    const html = await get('/3/movie/78?api_key=k');
    expect([html.status, await html.text()]).toEqual([502, '<html>Bad Gateway</html>']);
    expect(p.count('/3/movie/13')).toBe(2);
    expect(p.requests.map((r) => r.status)).toEqual([429, 200, 404, 502]);
    p.clearFaults();
    expect((await get('/3/movie/78?api_key=k')).status).toBe(200);
  });
});
