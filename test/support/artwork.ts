// Helpers for the artwork tests: catalogue look-ups, enrichment runs and cache checks against one harness.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { EnrichMovieInput, EnrichmentResult } from '../../domain/types.js';
import { extraMovies, findDemoMovie, type DemoImage } from '../../fake-providers/catalog.js';
import { call, type Harness } from './harness.js';

export function artworkHelpers(h: Harness) {
  async function register(tmdbId: number): Promise<number> {
    const res = await call(h.api, 'POST', '/api/movies', { tmdbId });
    expect([200, 201]).toContain(res.status);
    return res.body.id;
  }

  /** Runs an enrichment to its end as a user (manual) or a schedule (automated) would start it. */
  async function enrich(
    movieId: number,
    trigger: EnrichMovieInput['trigger'] = 'user',
    force = false,
  ): Promise<EnrichmentResult> {
    const handle = await h.client.workflow.start('enrichMovie', {
      taskQueue: h.config.temporal.taskQueue,
      workflowId: `enrich-movie-${movieId}`,
      args: [{ movieId, trigger, force }],
    });
    return handle.result();
  }

  const catalogue = (tmdbId: number) =>
    (findDemoMovie(tmdbId) ?? extraMovies.find((m) => m.details.id === tmdbId))!.images;
  /** A film's TMDB image by its key (`poster-1`, `backdrop-3`, …), or a variant of it made `how`. */
  function image(tmdbId: number, key: string, how?: 'identical' | 'resized' | 'reencoded'): DemoImage {
    const found = catalogue(tmdbId).find(
      (i) => i.provider === 'tmdb' && i.seed === `${tmdbId}-${key}` && i.variantOf?.how === how,
    );
    if (!found) throw new Error(`no image ${key} ${how ?? ''} for ${tmdbId}`);
    return found;
  }
  /** A film's n-th Fanart.tv image of a field (`movieposter`, `moviebackground`, …). */
  const fanartImage = (tmdbId: number, field: string, n: number) =>
    catalogue(tmdbId).filter((i) => i.fanart?.field === field)[n - 1]!;
  /** The path the fake server logs when this image is downloaded. */
  const requestPath = (img: DemoImage) =>
    img.provider === 'tmdb' ? `/t/p/original${img.filePath}` : `/fanart/art${img.filePath}`;
  /** The candidate URL enrichment stores for it. */
  const candidateUrl = (img: DemoImage) => `${h.providers.url}${requestPath(img)}`;
  const imageRequests = () =>
    h.providers.requests.filter((r) => r.path.startsWith('/t/p/') || r.path.startsWith('/fanart/art/'));
  /** Image downloads of a film's artwork that `which` picks. */
  const requestsFor = (tmdbId: number, which: (i: DemoImage) => boolean) => {
    const paths = new Set(catalogue(tmdbId).filter(which).map(requestPath));
    return imageRequests()
      .filter((r) => paths.has(r.path))
      .map((r) => r.path);
  };
  const isPoster = (i: DemoImage) => i.seed.includes('poster') || i.fanart?.field === 'movieposter';
  const isBackdrop = (i: DemoImage) =>
    (i.provider === 'tmdb' && i.kind === 'backdrop') || i.fanart?.field === 'moviebackground';

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  async function servedBytes(img: DemoImage): Promise<Buffer> {
    return Buffer.from(await (await fetch(candidateUrl(img))).arrayBuffer());
  }

  async function candidate(movieId: number, img: DemoImage) {
    return (
      await h.pool.query('SELECT * FROM provider_assets WHERE entity_id = $1 AND provider_url = $2', [
        movieId,
        candidateUrl(img),
      ])
    ).rows[0];
  }
  async function selected(movieId: number, assetType?: string) {
    return (
      await h.pool.query(
        `SELECT a.id, a.asset_type, a.provider_url, a.content_hash, b.file_path FROM provider_assets a
           LEFT JOIN cache_blobs b ON b.sha256 = a.content_hash
          WHERE a.entity_id = $1 AND a.is_selected AND ($2::text IS NULL OR a.asset_type = $2) ORDER BY a.asset_type, a.score DESC, a.id`,
        [movieId, assetType ?? null],
      )
    ).rows;
  }
  async function filesUnder(dir: string): Promise<string[]> {
    if (!existsSync(dir)) return [];
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  }
  /** The cache holds exactly the blobs' files, each named by the SHA-256 of its bytes; nothing else. */
  async function expectCacheConsistent() {
    const blobs = (await h.pool.query('SELECT sha256, file_path FROM cache_blobs ORDER BY file_path')).rows;
    expect(await filesUnder(join(h.config.cacheDir, 'images'))).toEqual(blobs.map((b) => b.file_path).sort());
    for (const b of blobs) expect(sha256(await readFile(b.file_path))).toBe(b.sha256);
    const orphans = await h.pool.query(
      'SELECT sha256 FROM cache_blobs b WHERE NOT EXISTS (SELECT 1 FROM cache_image_refs r WHERE r.blob_sha256 = b.sha256)',
    );
    expect(orphans.rows).toEqual([]);
    expect(await filesUnder(join(h.config.cacheDir, '.tmp'))).toEqual([]);
  }

  return {
    register,
    enrich,
    catalogue,
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
    filesUnder,
    expectCacheConsistent,
  };
}
