// Artwork control through the real API, workflows, activities and PostgreSQL against the fake
// providers' generated artwork: the candidate list with states, the user's pick (published first,
// type locked), blocking and unblocking, resetting a type, and serving cached images.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { DemoImage } from '../fake-providers/catalog.js';
import { artworkHelpers } from './support/artwork.js';
import { call, TEST_API_KEY, useHarness, waitForEnrichment } from './support/harness.js';
import { published } from './support/publishing.js';

const h = useHarness();
const { enrich, image, requestPath, candidateUrl, requestsFor, isPoster, servedBytes, expectCacheConsistent } =
  artworkHelpers(h);

interface Candidate {
  id: number;
  assetType: string;
  providerUrl: string;
  url: string;
  width: number | null;
  height: number | null;
  fileSize: number | null;
  rank: number;
  state: string;
  selectedBy: string | null;
  sha256: string | null;
  reason: string | null;
  duplicate: { sha256: string; candidateId: number | null; distance: number | null } | null;
}

const posters = async (movieId: number): Promise<Candidate[]> => {
  const res = await call(h.api, 'GET', `/api/movies/${movieId}/candidates?type=poster`);
  expect(res.status).toBe(200);
  return res.body.candidates;
};
const byImage = (list: Candidate[], img: DemoImage) => list.find((c) => c.providerUrl === candidateUrl(img))!;
const selectedPosters = async (movieId: number) =>
  (await posters(movieId)).filter((c) => c.state === 'selected').map((c) => c.providerUrl);
const movie = async (movieId: number) => (await call(h.api, 'GET', `/api/movies/${movieId}`)).body;

describe('artwork control', () => {
  let id: number;
  let folder: string;
  // Alien's posters rank poster-1, its resized copy, its byte-identical twin, poster-3, poster-2,
  // then Fanart.tv's and poster-4; the limit is 3.
  const A = image(348, 'poster-1');
  const resized = image(348, 'poster-1', 'resized');
  const twin = image(348, 'poster-1', 'identical');
  const C = image(348, 'poster-3');
  const E = image(348, 'poster-2');
  const last = image(348, 'poster-4');

  it('lists every candidate with its rank and state: selected, duplicate of which, failed with why, not fetched', async () => {
    folder = join(h.config.dataDir, 'library', 'Alien (1979)');
    await mkdir(folder, { recursive: true });
    const res = await call(h.api, 'POST', '/api/movies', { tmdbId: 348, path: folder });
    expect(res.status).toBe(201);
    id = res.body.id;
    h.providers.setFaults([{ match: requestPath(C), status: 404, body: 'Not Found' }]);
    await enrich(id);
    h.providers.clearFaults();

    const list = await posters(id);
    expect(list.every((c) => c.assetType === 'poster')).toBe(true);
    expect(list.map((c) => c.rank)).toEqual(list.map((_, i) => i + 1));
    const a = byImage(list, A);
    expect(a).toMatchObject({ state: 'selected', selectedBy: 'auto', rank: 1, url: `/api/cache/${a.sha256}` });
    expect(a.width).toBeGreaterThan(0);
    expect(a.height).toBeGreaterThan(a.width!);
    expect(a.fileSize).toBeGreaterThan(0);
    const near = byImage(list, resized);
    expect(near.state).toBe('duplicate');
    expect(near.duplicate).toMatchObject({ sha256: a.sha256, candidateId: a.id });
    expect(near.duplicate!.distance).toBeGreaterThan(0);
    expect(near.duplicate!.distance).toBeLessThanOrEqual(h.config.phashThreshold);
    expect(byImage(list, twin)).toMatchObject({
      state: 'duplicate',
      duplicate: { sha256: a.sha256, candidateId: a.id, distance: 0 },
    });
    expect(byImage(list, C)).toMatchObject({ state: 'failed', reason: 'HTTP 404', url: candidateUrl(C), sha256: null });
    expect(byImage(list, E).state).toBe('selected');
    expect(byImage(list, last)).toMatchObject({ state: 'not_fetched', url: candidateUrl(last), sha256: null });
    expect(list.filter((c) => c.state === 'selected')).toHaveLength(3);

    const all = (await call(h.api, 'GET', `/api/movies/${id}/candidates`)).body.candidates as Candidate[];
    expect(new Set(all.map((c) => c.assetType))).toContain('fanart');
    expect((await call(h.api, 'GET', `/api/movies/${id}/candidates?type=thumb`)).body.error.code).toBe(
      'invalid_request',
    );
    expect((await call(h.api, 'GET', '/api/movies/999999999/candidates')).status).toBe(404);
  });

  it('blocks the chosen poster: it leaves the selection and the cache, and the next enrichment takes the next one', async () => {
    const a = byImage(await posters(id), A);
    const file = (await h.pool.query('SELECT file_path FROM cache_blobs WHERE sha256 = $1', [a.sha256])).rows[0]
      .file_path;
    const res = await call(h.api, 'POST', `/api/candidates/${a.id}/block`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, state: 'blocked', url: candidateUrl(A) });
    expect(await selectedPosters(id)).not.toContain(candidateUrl(A));
    // Its bytes were this movie's only use of them (the twin is a rejected duplicate).
    expect(existsSync(file)).toBe(false);
    await expectCacheConsistent();

    h.providers.clearLog();
    await enrich(id, 'user', true);
    const now = await selectedPosters(id);
    expect(now).toHaveLength(3);
    expect(now).not.toContain(candidateUrl(A));
    expect(now).toContain(candidateUrl(C));
    // Neither the blocked poster nor its rejected duplicates were considered.
    expect(requestsFor(348, isPoster)).not.toContain(requestPath(A));
    expect(requestsFor(348, isPoster)).not.toContain(requestPath(twin));
    expect(byImage(await posters(id), twin).state).toBe('duplicate');

    const refused = await call(h.api, 'POST', `/api/candidates/${a.id}/select`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect((await call(h.api, 'POST', '/api/candidates/999999999/block')).status).toBe(404);
    expect((await call(h.api, 'POST', '/api/candidates/007/block')).status).toBe(400);
  });

  it('selects a lower-ranked candidate: downloaded, published first as poster.jpg, the type locked', async () => {
    const before = await selectedPosters(id);
    const pick = byImage(await posters(id), last);
    expect(pick.state).toBe('not_fetched');

    // A pick whose download fails changes nothing.
    h.providers.setFaults([{ match: requestPath(last), status: 404, body: 'Not Found' }]);
    const failed = await call(h.api, 'POST', `/api/candidates/${pick.id}/select`);
    expect(failed.status).toBe(422);
    expect(failed.body.error).toMatchObject({ code: 'unprocessable', message: expect.stringContaining('HTTP 404') });
    expect(await selectedPosters(id)).toEqual(before);
    expect((await movie(id)).locks.poster).toBe(false);
    h.providers.clearFaults();

    const res = await call(h.api, 'POST', `/api/candidates/${pick.id}/select`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      movieId: id,
      candidateId: pick.id,
      assetType: 'poster',
      downloaded: true,
      locked: true,
      candidate: { id: pick.id, state: 'selected', selectedBy: 'user' },
    });
    // The pick first; the previous first two follow, the third falls past the limit.
    expect(res.body.selection).toHaveLength(3);
    expect(res.body.selection[0]).toBe(pick.id);
    expect((await movie(id)).locks.poster).toBe(true);

    const result = await published(h, id);
    expect(result.written).toContain('poster.jpg');
    expect(await readFile(join(folder, 'poster.jpg'))).toEqual(await servedBytes(last));

    // Locked: a forced enrichment leaves the user's selection exactly as it is.
    const kept = await selectedPosters(id);
    await enrich(id, 'user', true);
    expect(await selectedPosters(id)).toEqual(kept);
    expect((await call(h.api, 'POST', '/api/candidates/999999999/select')).status).toBe(404);

    // Blocking one of the selection takes only it out: the rest keep their order and who chose them.
    const rows = async () =>
      (
        await h.pool.query(
          `SELECT id, selected_by, pick_order FROM provider_assets
            WHERE entity_id = $1 AND asset_type = 'poster' AND is_selected ORDER BY pick_order`,
          [id],
        )
      ).rows;
    const selection = await rows();
    expect(selection.map((r) => r.pick_order)).toEqual([1, 2, 3]);
    const second = selection[1].id as number;
    expect((await call(h.api, 'POST', `/api/candidates/${second}/block`)).status).toBe(200);
    expect(await rows()).toEqual(selection.filter((r) => r.id !== second));
    await expectCacheConsistent();
    expect((await call(h.api, 'POST', `/api/candidates/${second}/unblock`)).status).toBe(200);
  });

  it('unblocks a candidate: it is downloaded once, no longer cached', async () => {
    const a = byImage(await posters(id), A);
    const res = await call(h.api, 'POST', `/api/candidates/${a.id}/unblock`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, state: 'unselected', url: candidateUrl(A) });
  });

  it('resets the type: unlocked, and an enrichment chooses it afresh', async () => {
    const res = await call(h.api, 'POST', `/api/movies/${id}/assets/poster/reset`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ workflowId: `enrich-movie-${id}`, runId: expect.any(String) });
    const run = await waitForEnrichment(h.api, res.body.workflowId);
    expect(run.status).toBe('COMPLETED');
    expect((await movie(id)).locks.poster).toBe(false);
    const list = await posters(id);
    // The walk's choice again: the unblocked top poster back, the user's pick out, duplicates still rejected.
    expect(byImage(list, A)).toMatchObject({ state: 'selected', selectedBy: 'auto' });
    expect(byImage(list, last).state).not.toBe('selected');
    expect(byImage(list, resized).state).toBe('duplicate');
    expect(list.filter((c) => c.state === 'selected').every((c) => c.selectedBy === 'auto')).toBe(true);
    expect((await call(h.api, 'POST', `/api/movies/${id}/assets/thumb/reset`)).status).toBe(400);
    expect((await call(h.api, 'POST', '/api/movies/999999999/assets/poster/reset')).status).toBe(404);
    await expectCacheConsistent();
  });

  it('serves cached images: bytes, ETag, immutable, content type, 304, and thumbnails kept on disk', async () => {
    const a = byImage(await posters(id), A);
    const blob = (await h.pool.query('SELECT file_path, format FROM cache_blobs WHERE sha256 = $1', [a.sha256]))
      .rows[0];
    expect(blob.format).toBe('jpeg');
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${h.api}${path}`, { headers: { 'x-api-key': TEST_API_KEY, ...headers } });

    const full = await get(a.url);
    expect(full.status).toBe(200);
    expect(full.headers.get('etag')).toBe(`"${a.sha256}"`);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(await readFile(blob.file_path));
    const again = await get(a.url, { 'if-none-match': `"${a.sha256}"` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // What an <img> tag can send: the key in the URL.
    expect((await fetch(`${h.api}${a.url}?apikey=${TEST_API_KEY}`)).status).toBe(200);
    expect((await fetch(`${h.api}${a.url}`)).status).toBe(401);

    // A width is rounded up to the next of a few fixed ones: 100 is served as 185.
    const thumb = await get(`${a.url}?w=100`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect(thumb.headers.get('etag')).toBe(`"${a.sha256}-w185"`);
    const bytes = Buffer.from(await thumb.arrayBuffer());
    expect((await sharp(bytes).metadata()).width).toBe(185);
    const kept = join(h.config.cacheDir, 'thumbnails', a.sha256!.slice(0, 2), a.sha256!.slice(2, 4));
    const file = join(kept, `${a.sha256}-185.jpg`);
    expect(await readFile(file)).toEqual(bytes);
    const { ino, mtimeMs } = await stat(file);
    const second = await get(`${a.url}?w=185`);
    expect(Buffer.from(await second.arrayBuffer())).toEqual(bytes);
    // Read from the disk, not made again.
    expect(await stat(file)).toMatchObject({ ino, mtimeMs });
    expect((await get(`${a.url}?w=150`, { 'if-none-match': `"${a.sha256}-w185"` })).status).toBe(304);
    expect((await get(`${a.url}?w=1999`)).headers.get('etag')).toBe(`"${a.sha256}-w2000"`);
    const thumbnails = async () => (await readdir(kept)).filter((n) => n.startsWith(`${a.sha256}-`)).sort();
    expect(await thumbnails()).toEqual([`${a.sha256}-185.jpg`, `${a.sha256}-2000.jpg`]);

    for (const bad of [`${a.url}?w=5`, `${a.url}?w=2001`, `${a.url}?w=1e2`, '/api/cache/xyz', '/api/cache/../etc']) {
      const res = await get(bad);
      expect([400, 404], bad).toContain(res.status);
      expect(((await res.json()) as { error: { code: string } }).error.code, bad).toMatch(/invalid_request|not_found/);
    }
    expect((await get(`/api/cache/${a.sha256!.toUpperCase()}`)).status).toBe(400);
    const unknown = await get(`/api/cache/${'0'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');

    // The image leaves the cache (blocked: this movie was its only user), and its thumbnails with it.
    expect((await call(h.api, 'POST', `/api/candidates/${a.id}/block`)).status).toBe(200);
    expect(existsSync(blob.file_path)).toBe(false);
    expect(await thumbnails()).toEqual([]);
  });
});
