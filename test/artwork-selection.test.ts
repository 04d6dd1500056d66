// Issue 4 end to end: scoring, ranked downloads, pHash dedup and the content-addressed cache, through
// the real API, workflow, activities, PostgreSQL and the fake providers' generated artwork.
// ENRICHMENT.md §16 acceptance 19–36 (with DECISIONS.md) and the must-shows 1 and 4–6.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sweepStaleTemp } from '../activities/temp-files.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import type { DemoImage } from '../fake-providers/catalog.js';
import { perceptualHash } from '../activities/image-hash.js';
import { artworkHelpers } from './support/artwork.js';
import { pngBomb } from './support/bad-images.js';
import { useHarness } from './support/harness.js';

const h = useHarness();
beforeEach(async () => {
  h.providers.clearFaults();
  h.providers.clearLog();
  await h.pool.query('DELETE FROM app_settings');
});

const {
  register,
  enrich,
  image,
  fanartImage,
  requestPath,
  candidateUrl,
  imageRequests,
  requestsFor,
  isPoster,
  isBackdrop,
  sha256,
  servedBytes,
  candidate,
  selected,
  expectCacheConsistent,
} = artworkHelpers(h);

describe('selection for every movie type (acceptance 20–24, 27–30, 33; §6.1 worked example)', () => {
  it('walks ranked candidates per type, rejects near-duplicates with distance and hash, and caches by content', async () => {
    // A stored limit outside its range is ignored (acceptance 27): 3 posters, not 50.
    await h.pool.query(`INSERT INTO app_settings (key, value) VALUES ('asset_limit_poster', '50')`);
    const id = await register(348);
    const result = await enrich(id);
    expect(result.status).toBe('enriched');

    // Posters rank poster-1 (69), its resized copy (63), its byte-identical twin (62, more votes),
    // poster-3 (62), poster-2 (58), then Fanart.tv's. Like §6.1's worked example: 5 downloads,
    // the 2nd and 3rd rejected as duplicates of the 1st, 3 kept; nothing past the stop point fetched.
    const A = image(348, 'poster-1');
    const resized = image(348, 'poster-1', 'resized');
    const twin = image(348, 'poster-1', 'identical');
    const C = image(348, 'poster-3');
    const E = image(348, 'poster-2');
    expect(requestsFor(348, isPoster)).toEqual([A, resized, twin, C, E].map(requestPath));
    expect(result.types.poster).toMatchObject({ limit: 3, downloaded: 5, accepted: 3, duplicates: 2, failed: 0 });
    expect((await selected(id, 'poster')).map((s) => s.provider_url).sort()).toEqual(
      [A, C, E].map(candidateUrl).sort(),
    );

    const a = await candidate(id, A);
    const near = await candidate(id, resized);
    expect(near).toMatchObject({
      is_rejected: true,
      is_selected: false,
      duplicate_of: a.content_hash,
      hash_algorithm: PHASH_ALGORITHM,
    });
    expect(near.duplicate_distance).toBeGreaterThan(0);
    expect(near.duplicate_distance).toBeLessThanOrEqual(h.config.phashThreshold);
    expect(near.rejection_reason).toMatch(/near-duplicate of .*pHash distance \d+/);
    expect(near.content_hash).not.toBe(a.content_hash);
    expect(await candidate(id, twin)).toMatchObject({
      is_rejected: true,
      duplicate_of: a.content_hash,
      duplicate_distance: 0,
      content_hash: a.content_hash,
    });
    // The re-encoded backdrop is caught the same way among the fanart.
    const reencoded = await candidate(id, image(348, 'backdrop-1', 'reencoded'));
    const backdrop = await candidate(id, image(348, 'backdrop-1'));
    expect(reencoded).toMatchObject({ is_rejected: true, duplicate_of: backdrop.content_hash });
    expect(reencoded.content_hash).not.toBe(backdrop.content_hash);
    expect(reencoded.duplicate_distance).toBeLessThanOrEqual(h.config.phashThreshold);

    // Every type with candidates reaches its limit; keyart has no provider.
    for (const [type, limit] of Object.entries({
      fanart: 4,
      banner: 1,
      clearlogo: 1,
      clearart: 1,
      landscape: 1,
      discart: 1,
    }))
      expect(result.types[type as 'fanart'], type).toMatchObject({ accepted: limit });
    expect(result.types.keyart).toMatchObject({ candidates: 0, accepted: 0 });

    // Scores persisted on every candidate (D16), with the §5 values.
    expect(
      (
        await h.pool.query('SELECT count(*)::int AS n FROM provider_assets WHERE entity_id = $1 AND score IS NULL', [
          id,
        ])
      ).rows[0].n,
    ).toBe(0);
    expect([a.score, near.score, (await candidate(id, C)).score]).toEqual([69, 63, 62]);

    // Acceptance 33 with D15: the clearlogo PNG at images/{h0:2}/{h2:4}/{h}.png with real size and pHash.
    const [logo] = await selected(id, 'clearlogo');
    const blob = (await h.pool.query('SELECT * FROM cache_blobs WHERE sha256 = $1', [logo.content_hash])).rows[0];
    const h0 = logo.content_hash as string;
    expect(blob.file_path).toBe(join(h.config.cacheDir, 'images', h0.slice(0, 2), h0.slice(2, 4), `${h0}.png`));
    expect(blob).toMatchObject({
      format: 'png',
      width: 800,
      height: 310,
      has_alpha: true,
      hash_algorithm: PHASH_ALGORITHM,
    });
    expect(blob.perceptual_hash).toBe(await perceptualHash(blob.file_path));
    const ref = (await h.pool.query('SELECT * FROM cache_image_refs WHERE blob_sha256 = $1', [h0])).rows;
    expect(ref).toEqual([
      expect.objectContaining({
        entity_id: id,
        image_type: 'clearlogo',
        source_type: 'provider',
        provider_name: 'tmdb',
      }),
    ]);
    await expectCacheConsistent();
  });
});

describe('locks, limits and re-runs (acceptance 19, 25, 26, 34, 35; D28; must-show 6)', () => {
  it('downloads no fanart at limit 0, and leaves a locked type exactly as it was', async () => {
    await h.pool.query(`INSERT INTO app_settings (key, value) VALUES ('asset_limit_fanart', '0')`);
    const id = await register(603);
    const first = await enrich(id);
    expect(first.types.fanart).toBeUndefined();
    expect(requestsFor(603, isBackdrop)).toEqual([]);
    expect(requestsFor(603, isPoster).length).toBeGreaterThan(0);
    expect(await selected(id, 'fanart')).toEqual([]);

    await h.pool.query('UPDATE movies SET poster_locked = true WHERE id = $1', [id]);
    const posters = async () =>
      (
        await h.pool.query(`SELECT * FROM provider_assets WHERE entity_id = $1 AND asset_type = 'poster' ORDER BY id`, [
          id,
        ])
      ).rows;
    const before = await posters();
    expect(before.filter((p) => p.is_selected)).toHaveLength(3);
    h.providers.clearLog();
    const second = await enrich(id, 'user', true);
    expect(second.types.poster).toBeUndefined();
    expect(requestsFor(603, isPoster)).toEqual([]);
    expect(await posters()).toEqual(before);
  });

  it('adds no duplicate candidate rows; a manual run refreshes provider dimensions and metadata, an automated one does not', async () => {
    const id = await register(105);
    await enrich(id, 'schedule');
    const count = async () =>
      (await h.pool.query('SELECT count(*)::int AS n FROM provider_assets WHERE entity_id = $1', [id])).rows[0].n;
    const n = await count();
    const poster = image(105, 'poster-4');
    await h.pool.query(
      `UPDATE provider_assets SET width = 1, height = 1, provider_metadata = '{"language":"xx"}' WHERE entity_id = $1 AND provider_url = $2`,
      [id, candidateUrl(poster)],
    );
    await enrich(id, 'schedule', true);
    expect(await count()).toBe(n);
    expect(await candidate(id, poster)).toMatchObject({ width: 1, height: 1, provider_metadata: { language: 'xx' } });
    await enrich(id, 'user', true);
    expect(await count()).toBe(n);
    expect(await candidate(id, poster)).toMatchObject({
      width: 680,
      height: 1000,
      provider_metadata: expect.objectContaining({ language: 'en', vote_count: 4 }),
    });
  });

  it('evicts only on replacement, never re-downloads what it holds or rejected, and restores a lost cache file', async () => {
    const id = await register(550);
    await enrich(id);
    const firstPosters = await selected(id, 'poster');
    expect(firstPosters).toHaveLength(3);
    const rejected = (
      await h.pool.query('SELECT provider_url FROM provider_assets WHERE entity_id = $1 AND is_rejected', [id])
    ).rows.map((r) => r.provider_url);
    expect(rejected.length).toBeGreaterThan(0);
    const neverAgain = () => h.providers.requests.filter((r) => rejected.includes(`${h.providers.url}${r.path}`));

    // Must-show 6: a second enrichment, providers re-asked (force), downloads no image at all.
    const selection = await selected(id);
    h.providers.clearLog();
    const again = await enrich(id, 'user', true);
    expect(h.providers.count('/3/movie/550')).toBe(1);
    expect(imageRequests()).toEqual([]);
    expect(again.types.poster).toMatchObject({ reused: 3, downloaded: 0 });
    expect(await selected(id)).toEqual(selection);

    // Acceptance 34: the limit drops to 1; the two surplus posters lose their reference and, used
    // by nothing else, their files.
    await h.pool.query(`INSERT INTO app_settings (key, value) VALUES ('asset_limit_poster', '1')`);
    await enrich(id);
    const kept = await selected(id, 'poster');
    expect(kept.map((p) => p.content_hash)).toEqual([firstPosters[0]!.content_hash]);
    for (const gone of firstPosters.slice(1)) {
      expect(existsSync(gone.file_path)).toBe(false);
      expect((await h.pool.query('SELECT 1 FROM cache_blobs WHERE sha256 = $1', [gone.content_hash])).rowCount).toBe(0);
    }
    await expectCacheConsistent();

    // D28: the kept poster's file disappears and every download fails: nothing replaces it, so the
    // selection and its reference stay (publishing will report the missing file).
    await rm(kept[0]!.file_path);
    h.providers.setFaults([
      { match: '/t/p/', status: 404, body: 'Not Found' },
      { match: '/fanart/art/', status: 404, body: 'Not Found' },
    ]);
    const failing = await enrich(id);
    expect(failing.types.poster).toMatchObject({ accepted: 0, failed: failing.types.poster!.candidates });
    expect((await selected(id, 'poster')).map((p) => p.content_hash)).toEqual([kept[0]!.content_hash]);
    expect(
      (await h.pool.query(`SELECT rejection_reason FROM provider_assets WHERE id = $1`, [kept[0]!.id])).rows[0]
        .rejection_reason,
    ).toBe('HTTP 404');

    // The cache is the source of truth: with the provider back, the lost file is downloaded again.
    h.providers.clearFaults();
    const restored = await enrich(id);
    expect(restored.types.poster).toMatchObject({ accepted: 1, downloaded: 1 });
    expect(sha256(await readFile(kept[0]!.file_path))).toBe(kept[0]!.content_hash);
    // Acceptance 35: rejected candidates were never considered again in any of these runs.
    expect(neverAgain()).toEqual([]);
    await expectCacheConsistent();
  });
});

describe('bad images (D12; acceptance 31; must-show 4)', () => {
  it('skips each kind with its reason and still fills each type from the remaining candidates', async () => {
    const id = await register(680);
    // Posters in rank order: poster-1, its resized copy, its twin, poster-3, poster-2, Fanart.tv's
    // two (the second a copy of poster-1), poster-4. Backdrops: backdrop-1, backdrop-2, then
    // backdrop-1's re-encode, backdrop-3, …
    const top = image(680, 'poster-1');
    const resized = image(680, 'poster-1', 'resized');
    const twin = image(680, 'poster-1', 'identical');
    const p3 = image(680, 'poster-3');
    const p2 = image(680, 'poster-2');
    const f1 = fanartImage(680, 'movieposter', 1);
    const f2 = fanartImage(680, 'movieposter', 2);
    const p4 = image(680, 'poster-4');
    const b1 = image(680, 'backdrop-1');
    const b2 = image(680, 'backdrop-2');
    const half = await servedBytes(p2);
    h.providers.clearLog();
    h.providers.setFaults([
      { match: requestPath(top), status: 404, body: 'Not Found' },
      {
        match: requestPath(twin),
        status: 200,
        body: '<!DOCTYPE html><html><body>Rate limit page</body></html>',
        headers: { 'content-type': 'image/jpeg' },
      },
      { match: requestPath(p3), status: 200, body: '' },
      {
        match: requestPath(p2),
        status: 200,
        body: half.subarray(0, Math.floor(half.length / 2)),
        headers: { 'content-type': 'image/jpeg' },
      },
      { match: requestPath(b1), status: 200, body: pngBomb(12_000), headers: { 'content-type': 'image/png' } },
      { match: requestPath(b2), streamBytes: 51 * 1024 * 1024 },
    ]);
    const result = await enrich(id);
    expect(result.status).toBe('enriched');
    const reason = async (img: DemoImage) => (await candidate(id, img)).rejection_reason as string;
    expect(await reason(top)).toBe('HTTP 404');
    expect(await reason(twin)).toMatch(/^not an image \(starts with "<!DOCTYP"\)/);
    expect(await reason(p3)).toBe('empty body');
    expect(await reason(p2)).toMatch(/^undecodable jpeg: .*premature end/i);
    expect(await reason(b1)).toBe('too many pixels: 12000×12000 = 144.0 MP, over the 40.0 MP cap');
    expect(await reason(b2)).toMatch(/^too large: over 52428800 bytes/);
    for (const img of [top, twin, p3, p2, b1, b2])
      expect(await candidate(id, img)).toMatchObject({ is_selected: false, is_rejected: false, content_hash: null });

    // With poster-1 unusable, its resized copy is the first good image, so Fanart.tv's copy of the
    // same picture is the duplicate now.
    expect(await candidate(id, f2)).toMatchObject({
      is_rejected: true,
      duplicate_of: (await candidate(id, resized)).content_hash,
    });
    expect((await selected(id, 'poster')).map((s) => s.provider_url).sort()).toEqual(
      [resized, f1, p4].map(candidateUrl).sort(),
    );
    expect(result.types.poster).toMatchObject({ accepted: 3, failed: 4, duplicates: 1 });
    expect(result.types.fanart).toMatchObject({ accepted: 4, failed: 2 });
    expect((await selected(id, 'fanart')).map((s) => s.provider_url)).toContain(
      candidateUrl(image(680, 'backdrop-1', 'reencoded')),
    );
    await expectCacheConsistent();
  });
});

describe('images whose server fails', () => {
  it('tries one again within the walk, and counts one that keeps failing as failed and goes on', async () => {
    const id = await register(238);
    const broken = image(238, 'poster-1');
    const flaky = image(238, 'backdrop-1');
    h.providers.clearLog();
    h.providers.setFaults([
      { match: requestPath(broken), status: 503, body: 'Service Unavailable' },
      { match: requestPath(flaky), status: 503, body: 'Service Unavailable', times: 1 },
    ]);
    const result = await enrich(id);
    expect(result.status).toBe('enriched');
    // Three tries of the broken one (a second apart, then two), then the next candidate.
    expect(h.providers.count(requestPath(broken))).toBe(3);
    expect(await candidate(id, broken)).toMatchObject({ is_selected: false, content_hash: null });
    expect((await candidate(id, broken)).rejection_reason).toMatch(/answered HTTP 503/);
    expect(result.types.poster).toMatchObject({ accepted: 3, failed: 1 });
    // The flaky one answered on its second try and was kept.
    expect(h.providers.count(requestPath(flaky))).toBe(2);
    expect(await candidate(id, flaky)).toMatchObject({ is_selected: true });
    expect(result.types.fanart).toMatchObject({ failed: 0 });
    await expectCacheConsistent();
  });
});

describe('temp files', () => {
  it('sweeps run folders untouched for a day and keeps current ones', async () => {
    const root = join(h.config.cacheDir, '.tmp');
    await mkdir(join(root, 'enrich-movie-1-dead'), { recursive: true });
    await mkdir(join(root, 'enrich-movie-2-live'), { recursive: true });
    const old = new Date(Date.now() - 25 * 3600_000);
    await utimes(join(root, 'enrich-movie-1-dead'), old, old);
    expect(await sweepStaleTemp(h.config.cacheDir)).toEqual(['enrich-movie-1-dead']);
    expect(await readdir(root)).toEqual(['enrich-movie-2-live']);
    expect((await stat(join(root, 'enrich-movie-2-live'))).isDirectory()).toBe(true);
    await rm(join(root, 'enrich-movie-2-live'), { recursive: true });
  });
});
