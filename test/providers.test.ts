import { beforeEach, describe, expect, it } from 'vitest';
import type { EnrichMovieInput } from '../domain/types.js';
import { findDemoMovie } from '../fake-providers/catalog.js';
import { ProviderGate } from '../providers/gate.js';
import { FanartClient } from '../providers/fanart.js';
import { TmdbClient } from '../providers/tmdb.js';
import { call, createHarness, useHarness } from './support/harness.js';

// ENRICHMENT.md §16 acceptance 1–10 and 53–55 (with DECISIONS.md), and issue 3's must-shows 3–6,
// against the fake providers through the real API, workflow, activities and PostgreSQL.

const h = useHarness();

/** A TMDB client on the fake provider server, outside any workflow. */
const fakeTmdb = () =>
  new TmdbClient({ apiUrl: h.providers.tmdbApiUrl, imageUrl: h.providers.tmdbImageUrl, apiKey: 'k', language: 'en' });
beforeEach(async () => {
  h.providers.clearFaults();
  h.providers.clearLog();
  await h.pool.query('DELETE FROM provider_breakers; DELETE FROM provider_request_log');
});

async function movieId(body: Record<string, unknown>): Promise<number> {
  const res = await call(h.api, 'POST', '/api/movies', body);
  expect([200, 201]).toContain(res.status);
  return res.body.id;
}

/** Runs an enrichment to its end, as the API or a schedule would start it. */
async function enrich(input: EnrichMovieInput) {
  const handle = await h.client.workflow.start('enrichMovie', {
    taskQueue: h.config.temporal.taskQueue,
    workflowId: `enrich-movie-${input.movieId}`,
    args: [input],
  });
  return handle.result();
}

const cacheRow = async (tmdbId: number) =>
  (await h.pool.query('SELECT * FROM provider_cache_movies WHERE tmdb_id = $1', [tmdbId])).rows[0];
const age = (column: string, tmdbId: number, interval: string) =>
  h.pool.query(`UPDATE provider_cache_movies SET ${column} = now() - $2::interval WHERE tmdb_id = $1`, [
    tmdbId,
    interval,
  ]);

describe('scraping and the provider cache (acceptance 1–4, 6, 7, 10; must-show 6)', () => {
  it('reuses a 6-day-old cache without any request, refetches an 8-day-old one, and force bypasses the TTL', async () => {
    const id = await movieId({ tmdbId: 348 });
    const first = await enrich({ movieId: id, trigger: 'user' });
    expect(first.providers).toEqual({
      tmdb: { status: 'ok' },
      'fanart.tv': { status: 'ok', reason: '9 images' },
      omdb: { status: 'ok' },
    });

    // Within every TTL: not a single request to any provider, images included (must-show 6).
    await age('tmdb_fetched_at', 348, '6 days');
    await age('omdb_fetched_at', 348, '6 days');
    await age('fanart_fetched_at', 348, '20 hours');
    h.providers.clearLog();
    const cached = await enrich({ movieId: id, trigger: 'schedule' });
    expect(h.providers.requests).toEqual([]);
    expect(cached.providers).toEqual({
      tmdb: { status: 'skipped', reason: 'fresh cache' },
      'fanart.tv': { status: 'skipped', reason: 'fresh cache' },
      omdb: { status: 'skipped', reason: 'fresh cache' },
    });

    await age('tmdb_fetched_at', 348, '8 days');
    const before = (await cacheRow(348)).tmdb_fetched_at as Date;
    await enrich({ movieId: id, trigger: 'schedule' });
    const tmdbCalls = h.providers.requests.filter((r) => r.path.startsWith('/3/'));
    expect(tmdbCalls.map((r) => r.path)).toEqual(['/3/movie/348']);
    expect(new URLSearchParams(tmdbCalls[0]!.query).get('append_to_response')).toBe(
      'credits,external_ids,release_dates,keywords,videos,images',
    );
    expect(new URLSearchParams(tmdbCalls[0]!.query).get('include_image_language')).toBe('en,null');
    expect(((await cacheRow(348)).tmdb_fetched_at as Date).getTime()).toBeGreaterThan(before.getTime());

    h.providers.clearLog();
    await enrich({ movieId: id, trigger: 'user', force: true });
    expect(h.providers.count('/3/movie/348')).toBe(1);
    expect(h.providers.count('/fanart/v3/movies/348')).toBe(1);
    expect(h.providers.count('/omdb')).toBe(1);
  });

  it('identifies by IMDb id through /find and uses the first result for details', async () => {
    const id = await movieId({ imdbId: 'tt1375666' });
    await enrich({ movieId: id, trigger: 'user' });
    const api = h.providers.requests.filter((r) => r.path.startsWith('/3/'));
    expect(api.map((r) => r.path)).toEqual(['/3/find/tt1375666', '/3/movie/27205']);
    expect(api[0]!.query).toContain('external_source=imdb_id');
  });

  it('takes a Fanart.tv 404 as "no artwork": TMDB candidates only, no error', async () => {
    const id = await movieId({ tmdbId: 194 });
    const result = await enrich({ movieId: id, trigger: 'user' });
    expect(result.status).toBe('enriched');
    expect(result.providers['fanart.tv']).toEqual({ status: 'ok', reason: 'no artwork on Fanart.tv' });
    const providers = (
      await h.pool.query('SELECT DISTINCT provider_name FROM provider_assets WHERE entity_id = $1', [id])
    ).rows;
    expect(providers).toEqual([{ provider_name: 'tmdb' }]);
    expect((await h.pool.query("SELECT state FROM provider_breakers WHERE provider = 'fanart.tv'")).rows).toEqual([]);
  });

  it('stores the fields of every provider: Fanart.tv types (D7, D11) and OMDb ratings (D8), content rating from US type 3 (acceptance 10)', async () => {
    const demo = findDemoMovie(603)!;
    const details = structuredClone(demo.details);
    details.release_dates = {
      results: [
        {
          iso_3166_1: 'US',
          release_dates: [
            { certification: '', type: 1 },
            { certification: 'R', type: 3 },
          ],
        },
      ],
    };
    h.providers.setFaults([{ match: '/3/movie/603', status: 200, body: JSON.stringify(details) }]);
    const id = await movieId({ tmdbId: 603 });
    await enrich({ movieId: id, trigger: 'user' });
    const row = await cacheRow(603);
    expect(row).toMatchObject({
      content_rating: 'R',
      omdb_rated: 'R',
      imdb_rating: 8.3,
      imdb_votes: 26500 * 61,
      rotten_tomatoes_score: 90,
      metacritic_score: 79,
    });
    expect(row.outline).toBe('A action film by Lana Wachowski and Lilly Wachowski.');
    const types = (
      await h.pool.query(
        `SELECT image_type, is_hd, width, height, vote_average, vote_count, iso_639_1 FROM provider_cache_images
          WHERE entity_cache_id = $1 AND provider_name = 'fanart.tv' ORDER BY image_type, vote_count DESC`,
        [row.id],
      )
    ).rows;
    expect(types.map((t) => t.image_type)).toEqual([
      'backdrop',
      'backdrop',
      'banner',
      'clearart',
      'clearlogo',
      'discart',
      'landscape',
      'poster',
      'poster',
    ]);
    expect(types.find((t) => t.image_type === 'clearlogo')).toMatchObject({
      is_hd: true,
      width: 800,
      height: 310,
      vote_average: 7,
      vote_count: 6,
      iso_639_1: 'en',
    });
    expect(types.find((t) => t.image_type === 'backdrop')).toMatchObject({
      width: 1920,
      height: 1080,
      iso_639_1: null,
    });
    const movie = (
      await h.pool.query(
        'SELECT outline, imdb_rating, awards, content_rating, field_sources FROM movies WHERE id = $1',
        [id],
      )
    ).rows[0];
    expect(movie).toMatchObject({ outline: row.outline, imdb_rating: 8.3, content_rating: 'R' });
    expect(movie.field_sources).toMatchObject({ outline: 'omdb', imdb_rating: 'omdb', awards: 'omdb', title: 'tmdb' });
  });
});

describe('OMDb (acceptance 7–9)', () => {
  it('keeps a stored rating when OMDb says N/A, and rejects an answer with 6 of 14 fields N/A', async () => {
    const demo = findDemoMovie(680)!;
    const id = await movieId({ tmdbId: 680 });
    await enrich({ movieId: id, trigger: 'user' });
    await h.pool.query('UPDATE provider_cache_movies SET imdb_rating = 8.7 WHERE tmdb_id = 680');

    h.providers.setFaults([{ match: '/omdb', status: 200, body: JSON.stringify({ ...demo.omdb, imdbRating: 'N/A' }) }]);
    const na = await enrich({ movieId: id, trigger: 'user', force: true });
    expect(na.providers.omdb).toEqual({ status: 'ok' });
    expect((await cacheRow(680)).imdb_rating).toBe(8.7);

    // Poster is already N/A in the fake data: with these five, 6 of the 14 checked fields are absent.
    const sparse = { ...demo.omdb };
    for (const f of ['Rated', 'Released', 'Runtime', 'Writer', 'Language']) sparse[f] = 'N/A';
    h.providers.setFaults([{ match: '/omdb', status: 200, body: JSON.stringify(sparse) }]);
    const rejected = await enrich({ movieId: id, trigger: 'user', force: true });
    expect(rejected.status).toBe('enriched');
    expect(rejected.providers.omdb).toEqual({
      status: 'failed',
      reason: expect.stringContaining('8 of 14 fields present (57 % < 60 %)'),
    });
    expect((await cacheRow(680)).omdb_rated).toBe('R'); // the rejected answer wrote nothing
  });

  it('makes no OMDb request without a key, and the enrichment succeeds', async () => {
    const other = await createHarness({ OMDB_API_KEY: '' });
    try {
      const res = await call(other.api, 'POST', '/api/movies', { tmdbId: 78 });
      const handle = await other.client.workflow.start('enrichMovie', {
        taskQueue: other.config.temporal.taskQueue,
        workflowId: `enrich-movie-other-${res.body.id}`,
        args: [{ movieId: res.body.id, trigger: 'user' }],
      });
      const result = await handle.result();
      expect(result.status).toBe('enriched');
      expect(result.providers.omdb).toEqual({ status: 'skipped', reason: 'disabled: OMDB_API_KEY is not set' });
      expect(other.providers.count('/omdb')).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('failures (acceptance 5; must-shows 3 and 5)', () => {
  it('asks no other provider when TMDB fails every attempt, and leaves the movie as it was', async () => {
    const id = await movieId({ tmdbId: 105 });
    const before = (await h.pool.query('SELECT * FROM movies WHERE id = $1', [id])).rows[0];
    h.providers.setFaults([{ match: '/3/movie/105', status: 503 }]);
    await expect(enrich({ movieId: id, trigger: 'user' })).rejects.toThrow();
    expect(h.providers.count('/3/movie/105')).toBe(3);
    expect(h.providers.count('/fanart')).toBe(0);
    expect(h.providers.count('/omdb')).toBe(0);
    expect((await h.pool.query('SELECT * FROM movies WHERE id = $1', [id])).rows[0]).toEqual(before);
  });

  it('waits out a 429 with Retry-After: 3 before the next attempt, then succeeds', async () => {
    const id = await movieId({ tmdbId: 550 });
    h.providers.setFaults([{ match: '/3/movie/550', status: 429, headers: { 'retry-after': '3' }, times: 1 }]);
    const result = await enrich({ movieId: id, trigger: 'user' });
    expect(result.status).toBe('enriched');
    const attempts = h.providers.requests.filter((r) => r.path === '/3/movie/550');
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    const gap = attempts[1]!.at - attempts[0]!.at;
    console.log(`429 with Retry-After: 3 → next attempt after ${gap} ms`);
    expect(gap).toBeGreaterThanOrEqual(3000);
  });

  it('holds every request to a provider that answered 429 until its Retry-After, without counting it as a failure', async () => {
    await h.pool.query('DELETE FROM provider_rate_limit_reports');
    const gate = new ProviderGate(h.pool, h.config.rateLimits);
    const tmdb = fakeTmdb();
    h.providers.setFaults([{ match: '/3/movie/603', status: 429, headers: { 'retry-after': '2' }, times: 1 }]);
    const limitedAt = Date.now();
    await expect(gate.call('tmdb', () => tmdb.movie(603))).rejects.toMatchObject({ kind: 'rate_limited' });
    const failures = `SELECT provider FROM provider_breakers WHERE consecutive_failures > 0 OR state <> 'closed'`;
    expect((await h.pool.query(failures)).rows).toEqual([]);
    // Another film, another caller (any worker): it waits for the Retry-After before asking.
    const waits: number[] = [];
    await gate.call(
      'tmdb',
      () => tmdb.movie(680),
      (ms) => waits.push(ms),
    );
    const sent = h.providers.requests.filter((r) => r.path === '/3/movie/680').at(-1)!.at;
    expect(sent - limitedAt).toBeGreaterThanOrEqual(1900);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('retries a body cut off mid-way (a network error), then succeeds', async () => {
    const id = await movieId({ tmdbId: 157336 });
    h.providers.setFaults([{ match: '/3/movie/157336', truncate: true, times: 1 }]);
    const result = await enrich({ movieId: id, trigger: 'user' });
    expect(result.status).toBe('enriched');
    expect(h.providers.count('/3/movie/157336')).toBe(2);
  });

  it('asks Fanart.tv again after its 503, but not OMDb, which had answered', async () => {
    const id = await movieId({ tmdbId: 680 });
    h.providers.setFaults([{ match: '/fanart/v3', status: 503, times: 1 }]);
    const result = await enrich({ movieId: id, trigger: 'user', force: true });
    expect(result.providers['fanart.tv']).toMatchObject({ status: 'ok' });
    expect(result.providers.omdb).toEqual({ status: 'ok' });
    const fanart = h.providers.requests.filter((r) => r.path.startsWith('/fanart/v3'));
    expect(fanart.map((r) => r.status)).toEqual([503, 200]);
    expect(h.providers.count('/omdb')).toBe(1);
  });

  it('reports Fanart.tv failed once its attempts are spent, and keeps what OMDb answered', async () => {
    const id = await movieId({ tmdbId: 680 });
    h.providers.setFaults([{ match: '/fanart/v3', status: 503 }]);
    const result = await enrich({ movieId: id, trigger: 'user', force: true });
    expect(result.status).toBe('enriched');
    expect(result.providers['fanart.tv']).toEqual({ status: 'failed', reason: expect.stringMatching(/503/) });
    expect(result.providers.omdb).toEqual({ status: 'ok' });
    // A user's run tries three times; OMDb, which answered the first time, is asked once.
    expect(h.providers.count('/fanart/v3')).toBe(3);
    expect(h.providers.count('/omdb')).toBe(1);
    expect((await cacheRow(680)).omdb_fetched_at).not.toBeNull();
  });

  const garbage = [
    { name: 'invalid JSON', body: '{"id": 129, "title": "Spirit', expect: /response is not JSON/ },
    {
      name: 'an HTML error page',
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      expect: /response is not JSON \(starts with "<html>/,
    },
  ];
  for (const g of garbage)
    it(`turns ${g.name} from each provider into a clear error and writes no partial cache row`, async () => {
      // TMDB: the item fails with the reason; no cache row for the film.
      const id = await movieId({ tmdbId: 129 });
      h.providers.setFaults([{ match: '/3/movie/129', status: 200, body: g.body }]);
      await expect(enrich({ movieId: id, trigger: 'user' })).rejects.toThrow();
      const failed = await call(h.api, 'GET', `/api/enrichments/enrich-movie-${id}`);
      expect(failed.body.failure.message).toMatch(/^scraping failed: tmdb: GET .*\/3\/movie\/129: /);
      expect(failed.body.failure.message).toMatch(g.expect);
      expect(h.providers.count('/3/movie/129')).toBe(1); // not retried: garbage stays garbage
      expect(await cacheRow(129)).toBeUndefined();

      // Fanart.tv and OMDb: the item goes on; their failures are in the result, their cache untouched.
      h.providers.setFaults([
        { match: '/fanart/v3', status: 200, body: g.body },
        { match: '/omdb', status: 200, body: g.body },
      ]);
      const result = await enrich({ movieId: id, trigger: 'user' });
      expect(result.status).toBe('enriched');
      expect(result.providers['fanart.tv']).toEqual({ status: 'failed', reason: expect.stringMatching(g.expect) });
      expect(result.providers.omdb).toEqual({ status: 'failed', reason: expect.stringMatching(g.expect) });
      const row = await cacheRow(129);
      expect(row).toMatchObject({ fanart_fetched_at: null, omdb_fetched_at: null, imdb_rating: null });
      expect(
        (
          await h.pool.query(
            `SELECT count(*)::int AS n FROM provider_cache_images WHERE entity_cache_id = $1 AND provider_name = 'fanart.tv'`,
            [row.id],
          )
        ).rows[0].n,
      ).toBe(0);
      await h.pool.query('DELETE FROM provider_cache_movies WHERE tmdb_id = 129');
    });

  it('names the field when a provider answers with wrong types', async () => {
    const id = await movieId({ tmdbId: 238 });
    const fanart = {
      name: 'The Godfather',
      movieposter: [{ id: '1', url: 'http://127.0.0.1/x.jpg', lang: 'en', likes: 12 }],
    };
    h.providers.setFaults([
      {
        match: '/3/movie/238',
        status: 200,
        body: JSON.stringify({ ...findDemoMovie(238)!.details, runtime: '175 min' }),
        times: 1,
      },
      { match: '/fanart/v3', status: 200, body: JSON.stringify(fanart) },
      { match: '/omdb', status: 200, body: JSON.stringify({ ...findDemoMovie(238)!.omdb, Ratings: 'many' }) },
    ]);
    await expect(enrich({ movieId: id, trigger: 'user' })).rejects.toThrow();
    const failed = await call(h.api, 'GET', `/api/enrichments/enrich-movie-${id}`);
    expect(failed.body.failure.message).toMatch(/tmdb: .*unexpected response: runtime: /);
    const result = await enrich({ movieId: id, trigger: 'user' });
    expect(result.providers['fanart.tv'].reason).toMatch(/^fanart\.tv: .*unexpected response: movieposter\.0\.likes: /);
    expect(result.providers.omdb.reason).toMatch(/^omdb: .*unexpected response: /);
  });
});

describe('circuit breaker (acceptance 53; must-show 4)', () => {
  const expire = () => h.pool.query(`UPDATE provider_breakers SET opened_at = now() - interval '5 minutes 1 second'`);

  it('opens after 5 failures, fails fast without I/O, half-opens after 5 minutes, closes after 2 successes, re-opens on 1 failure', async () => {
    const gate = new ProviderGate(h.pool, h.config.rateLimits);
    const tmdb = fakeTmdb();
    const movie = () => gate.call('tmdb', () => tmdb.movie(13));
    h.providers.setFaults([{ match: '/3/movie/13', status: 500 }]);
    for (let i = 0; i < 5; i++) await expect(movie()).rejects.toMatchObject({ kind: 'server' });
    await expect(movie()).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/provider unavailable: circuit open after 5 consecutive failures/),
    });
    expect(h.providers.count('/3/movie/13')).toBe(5);

    await expire();
    await expect(movie()).rejects.toMatchObject({ kind: 'server' }); // half-open: attempted, failed → open again
    expect(h.providers.count('/3/movie/13')).toBe(6);
    await expect(movie()).rejects.toMatchObject({ kind: 'unavailable' });

    await expire();
    h.providers.clearFaults();
    await movie();
    expect((await h.pool.query(`SELECT state FROM provider_breakers WHERE provider = 'tmdb'`)).rows[0].state).toBe(
      'half_open',
    );
    await movie();
    expect(
      (await h.pool.query(`SELECT state, consecutive_failures FROM provider_breakers WHERE provider = 'tmdb'`)).rows[0],
    ).toEqual({
      state: 'closed',
      consecutive_failures: 0,
    });
  });

  it('with Fanart.tv failing, 20 enrichments complete with TMDB artwork and Fanart.tv hears nothing while the breaker is open', async () => {
    h.providers.setFaults([{ match: '/fanart/v3', status: 500 }]);
    const films = [348, 603, 680, 78, 13, 550, 27205, 157336, 129, 238, 105, 194];
    const ids = await Promise.all(films.map((tmdbId) => movieId({ tmdbId })));
    const results = [];
    for (let i = 0; i < 20; i++)
      results.push(await enrich({ movieId: ids[i % ids.length]!, trigger: 'user', force: true }));
    expect(results.every((r) => r.status === 'enriched' && r.types.poster!.accepted > 0)).toBe(true);
    expect(results.slice(2).every((r) => /provider unavailable/.test(r.providers['fanart.tv']!.reason ?? ''))).toBe(
      true,
    );
    console.log(
      `Fanart.tv answering 500: ${h.providers.count('/fanart/v3')} requests over 20 enrichments, then the breaker was open`,
    );
    expect(h.providers.count('/fanart/v3')).toBe(5);

    // Five minutes on, the next call is let through (half-open); two successes close the breaker.
    await expire();
    h.providers.clearFaults();
    for (const movie of ids.slice(0, 2))
      expect((await enrich({ movieId: movie, trigger: 'user', force: true })).providers['fanart.tv']!.status).toBe(
        'ok',
      );
    expect(h.providers.count('/fanart/v3')).toBe(7);
    expect((await h.pool.query(`SELECT state FROM provider_breakers WHERE provider = 'fanart.tv'`)).rows[0].state).toBe(
      'closed',
    );
  });
});

describe('shared rate limits (acceptance 54, 55)', () => {
  it('holds the 41st TMDB request in 10 s until the oldest leaves the window (+100 ms)', async () => {
    const gate = new ProviderGate(h.pool, h.config.rateLimits);
    // 40 requests, the oldest 9.5 s ago.
    await h.pool.query(
      `INSERT INTO provider_request_log (provider, at) SELECT 'tmdb', clock_timestamp() - interval '9500 ms' + (i * interval '10 ms') FROM generate_series(0, 39) i`,
    );
    const { waitedMs: waited } = await gate.limiter.acquire('tmdb');
    // The 41st slot is taken, by the database's clock, 10 s + 100 ms after the oldest request.
    const { rows } = await h.pool.query(
      `SELECT (extract(epoch FROM max(at) - min(at)) * 1000)::float8 AS span FROM provider_request_log WHERE provider = 'tmdb'`,
    );
    console.log(
      `41st TMDB request waited ${waited} ms; taken ${Math.round(rows[0].span)} ms after the oldest of the 40`,
    );
    expect(rows[0].span).toBeGreaterThanOrEqual(10_100);
    expect(rows[0].span).toBeLessThan(11_000);
  });

  it('spaces two Fanart.tv requests at least 1000 ms apart, measured at the provider', async () => {
    const gate = new ProviderGate(h.pool, h.config.rateLimits);
    const fanart = new FanartClient({ apiUrl: h.providers.fanartApiUrl, apiKey: 'k' });
    await Promise.all([
      gate.call('fanart.tv', () => fanart.movie(348)),
      gate.call('fanart.tv', () => fanart.movie(603)),
    ]);
    const [a, b] = h.providers.requests.filter((r) => r.path.startsWith('/fanart/v3'));
    console.log(`two Fanart.tv requests arrived ${b!.at - a!.at} ms apart`);
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(1000);
  });
});
