import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchScore, rankSearchResults, reidentification } from '../domain/identification.js';
import { findDemoMovie } from '../fake-providers/catalog.js';
import { call, TEST_API_KEY, useHarness, waitForEnrichment } from './support/harness.js';

describe('match score', () => {
  const solaris = (year: number | null, originalTitle: string | null = null) => ({
    title: 'Solaris',
    originalTitle,
    year,
  });
  it('scores title and year: exact 100, a year off 90, another year 80, no year asked: the title alone', () => {
    expect(matchScore({ title: 'Solaris', year: 2002 }, solaris(2002))).toBe(100);
    expect(matchScore({ title: 'solaris', year: 2002 }, solaris(2003))).toBe(90);
    expect(matchScore({ title: 'Solaris', year: 2002 }, solaris(1972))).toBe(80);
    expect(matchScore({ title: 'Solaris', year: 2002 }, solaris(null))).toBe(80);
    expect(matchScore({ title: 'Solaris', year: null }, solaris(1972))).toBe(100);
  });
  it('forgives accents and punctuation, takes the original title, and ranks other films lower', () => {
    expect(matchScore({ title: 'Amelie', year: null }, { title: 'Amélie', originalTitle: null, year: 2001 })).toBe(100);
    expect(
      matchScore(
        { title: 'Le Fabuleux Destin d’Amélie Poulain', year: 2001 },
        { title: 'Amélie', originalTitle: 'Le Fabuleux Destin d’Amélie Poulain', year: 2001 },
      ),
    ).toBe(100);
    const typo = matchScore(
      { title: 'The Matirx', year: null },
      { title: 'The Matrix', originalTitle: null, year: 1999 },
    );
    const other = matchScore(
      { title: 'The Matrix', year: null },
      { title: 'Fight Club', originalTitle: null, year: 1999 },
    );
    expect(typo).toBeGreaterThan(50);
    expect(typo).toBeLessThan(100);
    expect(other).toBeLessThan(20);
  });
  it('ranks by score, then popularity', () => {
    const ranked = rankSearchResults({ title: 'Solaris', year: 2002 }, [
      { id: 1, title: 'Solaris', release_date: '1972-03-20', popularity: 50 },
      { id: 2, title: 'Solaris', release_date: '2002-11-27', popularity: 10 },
      { id: 3, title: 'Solaris', release_date: '', popularity: 90 },
    ]);
    expect(ranked.map((r) => [r.tmdbId, r.score])).toEqual([
      [2, 100],
      [3, 80],
      [1, 80],
    ]);
  });
  it('re-identification keeps what is locked and clears the rest', () => {
    const plan = reidentification({ plot_locked: true, tags_locked: true, clearlogo_locked: true });
    expect(plan.clearColumns).not.toContain('plot');
    expect(plan.clearColumns).not.toContain('title');
    expect(plan.clearColumns).toEqual(expect.arrayContaining(['tagline', 'year', 'original_title', 'sort_title']));
    expect(plan.clearLists).not.toContain('tags');
    expect(plan.clearLists).toContain('genres');
    expect(plan.clearCast).toBe(true);
    expect(plan.keptArtwork).toEqual(['clearlogo']);
  });
});

// Enrichments wait for a review, so re-identifying one shows it giving way to the new run.
const h = useHarness({ REVIEW_TIMEOUT: '7d' });

/** Polls the run until its progress reaches `phase`. */
async function waitForPhase(workflowId: string, phase: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await call(h.api, 'GET', `/api/enrichments/${workflowId}`);
    if (res.body?.progress?.phase === phase) return res.body;
    expect(res.body?.status ?? 'RUNNING').toBe('RUNNING');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${workflowId} did not reach ${phase}`);
}

const assetsOf = async (movieId: number) =>
  (
    await h.pool.query<{ asset_type: string; provider_url: string; is_selected: boolean }>(
      `SELECT asset_type, provider_url, is_selected FROM provider_assets WHERE entity_type = 'movie' AND entity_id = $1`,
      [movieId],
    )
  ).rows;

/** Whether a provider URL is one of the film's images (TMDB's or Fanart.tv's). */
const imageOf = (tmdbId: number, url: string) => findDemoMovie(tmdbId)!.images.some((i) => url.endsWith(i.filePath));

describe('identification', () => {
  it('re-identifies a movie first matched to the wrong film of the same title: locks survive, old candidates go, new artwork is chosen', async () => {
    // The folder says 1972, the file is Soderbergh's 2002 film: the search picks Tarkovsky's.
    const registered = await call(h.api, 'POST', '/api/movies', { title: 'Solaris', year: 1972 });
    expect(registered.status).toBe(201);
    const id = registered.body.id as number;
    const first = await call(h.api, 'POST', `/api/movies/${id}/enrich`);
    expect(first.status).toBe(202);
    await waitForPhase(first.body.workflowId, 'awaiting_review');
    const wrong = (await call(h.api, 'GET', `/api/movies/${id}`)).body;
    expect(wrong).toMatchObject({ tmdb_id: 593, original_title: 'Солярис' });
    expect(wrong.directors).toEqual(['Andrei Tarkovsky']);
    const oldFiles = Object.values(wrong.selectedAssets as Record<string, { cache_path: string }[]>)
      .flat()
      .map((a) => a.cache_path);
    expect(oldFiles.length).toBeGreaterThan(0);

    // The user's own plot and tags, and the clearlogo they chose, are theirs whatever the film.
    const edited = await call(h.api, 'PATCH', `/api/movies/${id}`, { plot: 'My copy, my words.', tags: ['mine'] });
    expect(edited.status).toBe(200);
    expect((await call(h.api, 'POST', `/api/movies/${id}/locks`, { lock: ['clearlogo'] })).status).toBe(200);
    const lockedLogo = (wrong.selectedAssets.clearlogo as { cache_path: string; provider_url: string }[]).map(
      (a) => a.provider_url,
    );
    expect(lockedLogo.length).toBe(1);

    // Without q the movie's own title and year are searched: its guesses, the wrong film first.
    const guesses = await call(h.api, 'GET', `/api/movies/${id}/search`);
    expect(guesses.status).toBe(200);
    expect(guesses.body.query).toEqual({ q: 'Solaris', year: 1972 });
    expect(guesses.body.results.map((r: any) => [r.tmdbId, r.score])).toEqual([
      [593, 100],
      [2103, 80],
    ]);
    const searched = await call(h.api, 'GET', `/api/movies/${id}/search?q=solaris&year=2002`);
    expect(searched.status).toBe(200);
    const best = searched.body.results[0];
    expect(best).toMatchObject({
      tmdbId: 2103,
      title: 'Solaris',
      originalTitle: 'Solaris',
      year: 2002,
      score: 100,
      overview: findDemoMovie(2103)!.details.overview,
    });
    expect(best.popularity).toBeGreaterThan(0);
    expect(best.posterUrl).toMatch(/\/t\/p\/w185\/.+\.jpg$/);
    expect((await fetch(best.posterUrl)).status).toBe(200);
    expect(searched.body.results[1]).toMatchObject({ tmdbId: 593, score: 80 });

    // The run awaiting review of the wrong film gives way to the new film's.
    const identified = await call(h.api, 'POST', `/api/movies/${id}/identify`, { tmdbId: 2103 });
    expect(identified.status).toBe(202);
    expect(identified.body).toEqual({
      movieId: id,
      tmdbId: 2103,
      workflowId: first.body.workflowId,
      runId: expect.any(String),
      supersededRunId: first.body.runId,
    });
    expect(identified.body.runId).not.toBe(first.body.runId);
    const review = await waitForPhase(identified.body.workflowId, 'awaiting_review');
    expect(review.runId).toBe(identified.body.runId);
    expect(review.progress.providers.tmdb).toEqual({ status: 'ok' });

    const movie = (await call(h.api, 'GET', `/api/movies/${id}`)).body;
    expect(movie).toMatchObject({
      tmdb_id: 2103,
      imdb_id: 'tt0307479',
      title: 'Solaris',
      original_title: 'Solaris',
      year: 2002,
      runtime: 99,
      tagline: findDemoMovie(2103)!.details.tagline,
      plot: 'My copy, my words.',
      tags: ['mine'],
      directors: ['Steven Soderbergh'],
      identification_status: 'enriched',
    });
    expect(movie).not.toHaveProperty('identification');
    expect(movie.locks).toMatchObject({ plot: true, tags: true, clearlogo: true });
    expect(movie.cast.map((a: { name: string }) => a.name)).toEqual([
      'George Clooney',
      'Natascha McElhone',
      'Jeremy Davies',
      'Viola Davis',
    ]);

    // The old film's candidates are gone but for the locked clearlogo's; the selection is the new film's.
    const assets = await assetsOf(id);
    const old = assets.filter((a) => imageOf(593, a.provider_url));
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((a) => a.asset_type === 'clearlogo')).toBe(true);
    expect(old.filter((a) => a.is_selected).map((a) => a.provider_url)).toEqual(lockedLogo);
    const selected = assets.filter((a) => a.is_selected && a.asset_type !== 'clearlogo');
    expect(selected.some((a) => a.asset_type === 'poster')).toBe(true);
    expect(selected.every((a) => imageOf(2103, a.provider_url))).toBe(true);
    // The old images' cache files went with their references, but the locked logo's stays.
    for (const file of oldFiles) expect(existsSync(file)).toBe(file === movie.selectedAssets.clearlogo[0].cache_path);
    const refs = await h.pool.query(
      `SELECT r.image_type, a.provider_url FROM cache_image_refs r JOIN provider_assets a ON a.id = r.candidate_id
        WHERE r.entity_type = 'movie' AND r.entity_id = $1`,
      [id],
    );
    for (const r of refs.rows as { image_type: string; provider_url: string }[])
      expect(imageOf(r.image_type === 'clearlogo' ? 593 : 2103, r.provider_url)).toBe(true);
  });

  it('lists the guesses of a movie that needs identification, and identifies it', async () => {
    // No Solaris came out near 1990: the search is ambiguous and the user decides.
    const id = (await call(h.api, 'POST', '/api/movies', { title: 'Solaris', year: 1990 })).body.id as number;
    const started = await call(h.api, 'POST', `/api/movies/${id}/enrich`);
    const done = await waitForEnrichment(h.api, started.body.workflowId);
    expect(done.result.status).toBe('needs_identification');
    const movie = (await call(h.api, 'GET', `/api/movies/${id}`)).body;
    expect(movie.identification).toEqual({
      status: 'needs_identification',
      guesses: `/api/movies/${id}/search`,
    });
    const guesses = await call(h.api, 'GET', movie.identification.guesses);
    expect(guesses.body.query).toEqual({ q: 'Solaris', year: 1990 });
    expect(guesses.body.results.map((r: { tmdbId: number; score: number }) => r.score)).toEqual([80, 80]);

    // The 2002 film is the first test's movie now; the 1972 one is free again.
    const taken = await call(h.api, 'POST', `/api/movies/${id}/identify`, { tmdbId: 2103 });
    expect(taken.status).toBe(409);
    const identified = await call(h.api, 'POST', `/api/movies/${id}/identify`, { tmdbId: 593 });
    expect(identified.status).toBe(202);
    expect(identified.body).not.toHaveProperty('supersededRunId');
    await waitForPhase(identified.body.workflowId, 'awaiting_review');
    const after = (await call(h.api, 'GET', `/api/movies/${id}`)).body;
    expect(after).toMatchObject({ tmdb_id: 593, imdb_id: 'tt0069293', year: 1972, identification_status: 'enriched' });
    expect(after).not.toHaveProperty('identification');
  });

  it('answers 404 for an unknown movie, 400 for a bad id or query, 422 for an id TMDB does not know', async () => {
    expect((await call(h.api, 'GET', '/api/movies/999999/search')).status).toBe(404);
    expect((await call(h.api, 'POST', '/api/movies/999999/identify', { tmdbId: 603 })).status).toBe(404);
    const { body } = await call(h.api, 'POST', '/api/movies', { tmdbId: 603 });
    const id = body.id as number;
    for (const bad of [{ tmdbId: 'abc' }, { tmdbId: 0 }, { tmdbId: 1.5 }, {}, { tmdbId: 603, extra: 1 }]) {
      const res = await call(h.api, 'POST', `/api/movies/${id}/identify`, bad);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await call(h.api, 'GET', `/api/movies/${id}/search?year=99`)).status).toBe(400);
    expect((await call(h.api, 'GET', `/api/movies/${id}/search?q=%20`)).status).toBe(400);

    const unknown = await call(h.api, 'POST', `/api/movies/${id}/identify`, { tmdbId: 999_999 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'unprocessable', details: { tmdbId: 999_999 } });
    const row = (await h.pool.query('SELECT tmdb_id FROM movies WHERE id = $1', [id])).rows[0];
    expect(row.tmdb_id).toBe(603);
  });

  it('answers 409 when another movie is that film', async () => {
    const a = (await call(h.api, 'POST', '/api/movies', { tmdbId: 680 })).body.id as number;
    const b = (await call(h.api, 'POST', '/api/movies', { tmdbId: 550 })).body.id as number;
    const res = await call(h.api, 'POST', `/api/movies/${b}/identify`, { tmdbId: 680 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: { movieId: a } });
  });

  it('answers 503 with Retry-After while TMDB fails, 429 while its rate limit holds, and searches in the language in force', async () => {
    const id = (await call(h.api, 'POST', '/api/movies', { tmdbId: 13 })).body.id as number;
    h.providers.setFaults([{ match: '/3/search/movie', status: 500, times: 1 }]);
    const res = await fetch(`${h.api}/api/movies/${id}/search?q=forrest`, {
      headers: { 'x-api-key': TEST_API_KEY },
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as any).error.code).toBe('unavailable');
    h.providers.clearFaults();
    expect((await call(h.api, 'GET', `/api/movies/${id}/search?q=forrest`)).body.results[0].tmdbId).toBe(13);

    // TMDB's 429, then the hold it left for every caller: a wait beyond the budget is a 429, not a 5xx.
    h.providers.setFaults([{ match: '/3/search/movie', status: 429, headers: { 'retry-after': '30' }, times: 1 }]);
    for (let i = 0; i < 2; i++) {
      const limited = await fetch(`${h.api}/api/movies/${id}/search?q=forrest`, {
        headers: { 'x-api-key': TEST_API_KEY },
      });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(5);
      expect(((await limited.json()) as any).error).toMatchObject({
        code: 'rate_limited',
        details: { provider: 'tmdb' },
      });
    }
    await h.pool.query(`DELETE FROM provider_rate_limit_reports WHERE provider = 'tmdb'`);

    expect((await call(h.api, 'PATCH', '/api/settings', { preferredLanguage: 'de' })).status).toBe(200);
    try {
      h.providers.clearLog();
      expect((await call(h.api, 'GET', `/api/movies/${id}/search?q=forrest`)).status).toBe(200);
      const searches = h.providers.requests.filter((r) => r.path === '/3/search/movie');
      expect(searches.map((r) => new URLSearchParams(r.query).get('language'))).toEqual(['de']);
    } finally {
      await call(h.api, 'PATCH', '/api/settings', { preferredLanguage: null });
    }
  });
});
