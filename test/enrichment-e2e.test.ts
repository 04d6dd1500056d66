import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, it } from 'vitest';
import { findDemoMovie } from '../fake-providers/catalog.js';
import { call, waitForEnrichment, useHarness } from './support/harness.js';

const h = useHarness();

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function register(body: unknown) {
  const res = await call(h.api, 'POST', '/api/movies', body);
  expect([200, 201]).toContain(res.status);
  return res.body as { id: number };
}

async function enrich(movieId: number, body?: unknown) {
  const res = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`, body);
  expect(res.status).toBe(202);
  return waitForEnrichment(h.api, res.body.workflowId);
}

describe('API input validation', () => {
  it('rejects a malformed body with 400 naming the field', async () => {
    const res = await call(h.api, 'POST', '/api/movies', { tmdbId: 'abc' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ field: 'tmdbId' })]);
    expect(res.body.error.message).toContain('tmdbId');
  });
  it('rejects a body that identifies nothing, an unknown field, and non-JSON', async () => {
    expect((await call(h.api, 'POST', '/api/movies', { title: 'Alien' })).status).toBe(400);
    const unknown = await call(h.api, 'POST', '/api/movies', { tmdbId: 348, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('colour');
    const notJson = await call(h.api, 'POST', '/api/movies', '{"tmdbId":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toMatch(/JSON/);
  });
  it('answers 404 for unknown movies and 400 for bad ids', async () => {
    expect((await call(h.api, 'GET', '/api/movies/999999')).status).toBe(404);
    expect((await call(h.api, 'POST', '/api/movies/999999/enrich')).status).toBe(404);
    expect((await call(h.api, 'POST', '/api/movies/abc/enrich')).status).toBe(400);
    expect((await call(h.api, 'GET', '/api/enrichments/enrich-movie-999999')).status).toBe(404);
  });
  it('returns the existing row for a known tmdbId or imdbId', async () => {
    const first = await call(h.api, 'POST', '/api/movies', { tmdbId: 78 });
    expect(first.status).toBe(201);
    const again = await call(h.api, 'POST', '/api/movies', { tmdbId: 78 });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('health', () => {
  it('reports PostgreSQL, Temporal and the worker', async () => {
    const res = await call(h.api, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'ok', temporal: 'ok', worker: 'ok' }, down: [] });
  });
});

describe('end-to-end enrichment', () => {
  it('enriches a demo movie into movies, provider_assets and the content-addressed cache', async () => {
    const demo = findDemoMovie(348)!;
    const movie = await register({ tmdbId: 348, path: join(h.config.dataDir, 'movies/Alien (1979)/Alien (1979).mkv') });
    const done = await enrich(movie.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.result.status).toBe('enriched');

    const row = (await h.pool.query('SELECT * FROM movies WHERE id = $1', [movie.id])).rows[0];
    expect(row.title).toBe(demo.details.title);
    expect(row.plot).toBe(demo.details.overview);
    expect(row.imdb_id).toBe(demo.details.imdb_id);
    expect(row.identification_status).toBe('enriched');
    expect(row.sort_title).toBe('Alien');
    expect(row.completeness_pct).toBeGreaterThan(0);
    expect(row.field_sources.title).toBe('tmdb');

    // Selected posters and fanart are files under the cache named by their SHA-256.
    const selected = (
      await h.pool.query(
        `SELECT a.asset_type, a.content_hash, b.file_path FROM provider_assets a JOIN cache_blobs b ON b.sha256 = a.content_hash
          WHERE a.entity_id = $1 AND a.is_selected`,
        [movie.id],
      )
    ).rows;
    const posters = selected.filter((s) => s.asset_type === 'poster');
    const fanart = selected.filter((s) => s.asset_type === 'fanart');
    expect(posters).toHaveLength(h.config.assetLimits.poster);
    expect(fanart.length).toBeGreaterThan(0);
    for (const s of selected) {
      expect(s.file_path.startsWith(join(h.config.cacheDir, 'images'))).toBe(true);
      const bytes = await readFile(s.file_path);
      const sha = createHash('sha256').update(bytes).digest('hex');
      expect(basename(s.file_path).split('.')[0]).toBe(sha);
      expect(s.content_hash).toBe(sha);
    }
    // Every blob file is referenced, and there are no extra files (temp folder removed).
    const files = await filesUnder(h.config.cacheDir);
    const blobs = (await h.pool.query('SELECT file_path FROM cache_blobs')).rows.map((r) => r.file_path).sort();
    expect(files).toEqual(blobs);

    // The API shows the selection with cache paths and the locks.
    const view = await call(h.api, 'GET', `/api/movies/${movie.id}`);
    expect(view.body.locks.title).toBe(false);
    expect(view.body.selectedAssets.poster.map((a: any) => a.cache_path).sort()).toEqual(
      posters.map((p) => p.file_path).sort(),
    );

    // Two byte-identical candidates: one file; the twin is rejected with the same hash.
    const twins = (
      await h.pool.query(
        `SELECT content_hash, is_selected, is_rejected, rejection_reason FROM provider_assets
          WHERE entity_id = $1 AND content_hash IS NOT NULL AND content_hash IN (
            SELECT content_hash FROM provider_assets WHERE entity_id = $1 GROUP BY content_hash HAVING count(*) > 1)`,
        [movie.id],
      )
    ).rows;
    expect(twins.length).toBeGreaterThanOrEqual(2);
    expect(twins.filter((t) => t.is_selected)).toHaveLength(1);
    expect(twins.filter((t) => t.is_rejected)[0].rejection_reason).toMatch(/identical/);

    if (process.env.UPDATE_HISTORIES) {
      const history = await h.client.workflow.getHandle(done.workflowId, done.runId).fetchHistory();
      await writeFile(join(import.meta.dirname, 'histories', 'enrich-movie.json'), historyToJSON(history));
    }

    // A second enrichment downloads nothing and writes no file.
    const mtimes = await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs));
    h.providers.clearLog();
    const again = await enrich(movie.id);
    expect(again.status).toBe('COMPLETED');
    expect(h.providers.count('/t/p/')).toBe(0);
    expect(h.providers.count('/3/')).toBe(0); // the TMDB cache is fresh
    expect(await filesUnder(h.config.cacheDir)).toEqual(files);
    expect(await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs))).toEqual(mtimes);
    const reselected = (
      await h.pool.query(
        'SELECT content_hash FROM provider_assets WHERE entity_id = $1 AND is_selected ORDER BY content_hash',
        [movie.id],
      )
    ).rows;
    expect(reselected.map((r) => r.content_hash)).toEqual(selected.map((s) => s.content_hash).sort());
  });

  it('identifies by IMDb id through /find', async () => {
    const demo = findDemoMovie(603)!;
    const movie = await register({ imdbId: demo.details.imdb_id });
    h.providers.clearLog();
    const done = await enrich(movie.id);
    expect(done.result.tmdbId).toBe(603);
    expect(h.providers.requests.some((r) => r.path.startsWith(`/3/find/${demo.details.imdb_id}`))).toBe(true);
    const row = (await h.pool.query('SELECT tmdb_id, title FROM movies WHERE id = $1', [movie.id])).rows[0];
    expect(row).toEqual({ tmdb_id: 603, title: demo.details.title });
  });

  it('keeps one row per film: a title registered again is the same row, a second file of a known film needs the user', async () => {
    const byId = await register({ tmdbId: 550 });
    expect((await enrich(byId.id)).result.status).toBe('enriched');
    const again = await call(h.api, 'POST', '/api/movies', { title: 'fight club', year: 1999 });
    expect([again.status, again.body.id]).toEqual([200, byId.id]);

    const other = await call(h.api, 'POST', '/api/movies', {
      title: 'Fight Club',
      year: 1999,
      path: join(h.config.dataDir, 'Fight Club (1999)/copy.mkv'),
    });
    expect(other.status).toBe(201);
    const done = await enrich(other.body.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.result).toMatchObject({
      status: 'needs_identification',
      message: `TMDB 550 is already movie ${byId.id} ("Fight Club"): a duplicate registration`,
    });
    const row = (await h.pool.query('SELECT tmdb_id, identification_status FROM movies WHERE id = $1', [other.body.id]))
      .rows[0];
    expect(row).toEqual({ tmdb_id: null, identification_status: 'needs_identification' });
  });

  it('reports progress while running and refuses a second start with 409', async () => {
    const movie = await register({ tmdbId: 680 });
    h.providers.setFaults([{ match: '/3/movie/680', delayMs: 2500, times: 1 }]);
    const first = await call(h.api, 'POST', `/api/movies/${movie.id}/enrich`);
    expect(first.status).toBe(202);
    const second = await call(h.api, 'POST', `/api/movies/${movie.id}/enrich`);
    expect(second.status).toBe(409);
    expect(second.body.error.details.workflowId).toBe(`enrich-movie-${movie.id}`);
    const running = await call(h.api, 'GET', `/api/enrichments/${first.body.workflowId}`);
    expect(running.body.status).toBe('RUNNING');
    expect(running.body.progress).toMatchObject({ movieId: movie.id, phase: 'scrape' });
    const done = await waitForEnrichment(h.api, first.body.workflowId);
    expect(done.status).toBe('COMPLETED');
    expect(done.result.types.poster).toMatchObject({ accepted: h.config.assetLimits.poster });
    h.providers.clearFaults();
  });

  it('retries a provider answering 500, then records a clear failure and leaves movies untouched', async () => {
    const movie = await register({ tmdbId: 13 });
    const before = (await h.pool.query('SELECT * FROM movies WHERE id = $1', [movie.id])).rows[0];
    h.providers.setFaults([{ match: '/3/movie/13', status: 500 }]);
    h.providers.clearLog();
    const res = await call(h.api, 'POST', `/api/movies/${movie.id}/enrich`);
    const done = await waitForEnrichment(h.api, res.body.workflowId);
    h.providers.clearFaults();
    expect(done.status).toBe('FAILED');
    expect(done.failure.message).toMatch(/scraping failed: tmdb: GET .*\/3\/movie\/13 answered HTTP 500/);
    expect(h.providers.count('/3/movie/13')).toBe(3); // user-triggered: 3 attempts
    const after = (await h.pool.query('SELECT * FROM movies WHERE id = $1', [movie.id])).rows[0];
    expect(after).toEqual(before);
    expect(
      (await h.pool.query('SELECT count(*)::int AS n FROM provider_assets WHERE entity_id = $1', [movie.id])).rows[0].n,
    ).toBe(0);
  });
});
