// Trailers: TMDB's trailers analysed official first and newest first, a video the oEmbed check
// calls gone never probed, each class of downloader error recognised and retried as its policy
// says, the best candidate downloaded through yt-dlp from the fake video site, a failed download
// falling back to the next, the trailer published as `{base}-trailer.mp4` with the NFO pointing at
// it, and `trailer_locked` honoured.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { trailerMovies } from '../fake-providers/catalog.js';
import { checkState } from '../storage/invariants.js';
import { artworkHelpers } from './support/artwork.js';
import { call, useHarness, waitForEnrichment } from './support/harness.js';
import { registerInLibrary } from './support/library.js';
import { published } from './support/publishing.js';

const h = useHarness({ TRAILER_ENABLED: 'true', AUTO_PUBLISH: 'true' });
const { enrich, sha256 } = artworkHelpers(h);

/** The video keys the fake site was asked about, in order: oEmbed checks, watch pages (probes and downloads), files. */
function siteRequests() {
  const keyOf = (query: string) => {
    const q = new URLSearchParams(query);
    const url = q.get('url');
    return url ? new URL(url).searchParams.get('v') : q.get('v');
  };
  const log = h.providers.requests;
  return {
    oembed: log.filter((r) => r.path === '/youtube/oembed').map((r) => keyOf(r.query)),
    pages: log.filter((r) => r.path === '/youtube/watch').map((r) => keyOf(r.query)),
    files: log.filter((r) => r.path.startsWith('/videos/')).map((r) => r.path),
  };
}

async function candidates(movieId: number) {
  const { rows } = await h.pool.query(
    `SELECT id, source_url, failure_reason, retry_after, score, is_selected, blob_sha256
       FROM trailer_candidates WHERE movie_id = $1`,
    [movieId],
  );
  return new Map(rows.map((r) => [new URL(r.source_url).searchParams.get('v')!, r]));
}

describe('trailers', () => {
  const film = trailerMovies[0]!.details;
  let movie: { id: number; folder: string };

  it('analyses in order, classifies each failure, falls back from a failed download and publishes the trailer', async () => {
    movie = await registerInLibrary(h, film.id, 'Trailer Trouble (2020)');
    h.providers.clearLog();
    const result = await enrich(movie.id);
    expect(result.status).toBe('enriched');
    const trailer = result.trailer!;
    // Official first, newest first, then the others; a site other than YouTube or Vimeo is skipped.
    expect(trailer.videos!.map((v) => [v.key, v.outcome])).toEqual([
      ['tp-gone', 'unavailable'],
      ['tp-geo', 'geo_blocked'],
      ['tp-broken', 'probed'],
      ['tp-busy', 'rate_limited'],
      ['tp-age', 'age_restricted'],
      ['tp-good', 'probed'],
      ['tp-teaser-de', 'probed'],
      ['tp-oops', 'download_error'],
      ['tp-elsewhere', 'unsupported_site'],
    ]);
    const seen = siteRequests();
    // Every YouTube candidate was checked through oEmbed in that order (a download error is checked again).
    expect(seen.oembed).toEqual([
      'tp-gone',
      'tp-geo',
      'tp-broken',
      'tp-busy',
      'tp-age',
      'tp-good',
      'tp-teaser-de',
      'tp-oops',
      'tp-oops',
      // the failed download of tp-broken is checked again too
      'tp-broken',
    ]);
    // The one oEmbed calls gone is never probed, nor downloaded.
    expect(seen.pages).not.toContain('tp-gone');
    expect(seen.pages.slice(0, 7)).toEqual([
      'tp-geo',
      'tp-broken',
      'tp-busy',
      'tp-age',
      'tp-good',
      'tp-teaser-de',
      'tp-oops',
    ]);

    const rows = await candidates(movie.id);
    expect(rows.get('tp-broken')!.score).toBe(180); // official, English, 1080p
    expect(rows.get('tp-good')!.score).toBe(170); // official, English, 720p
    expect(rows.get('tp-teaser-de')!.score).toBe(30); // 1080p only
    // The best one's file fails (500): the next-best is downloaded instead.
    expect(trailer.attempts).toEqual([
      {
        candidateId: rows.get('tp-broken')!.id,
        outcome: 'download_error',
        message: expect.stringContaining('HTTP Error 500'),
      },
      { candidateId: rows.get('tp-good')!.id, outcome: 'downloaded' },
    ]);
    expect(trailer.status).toBe('downloaded');
    expect(seen.files).toContain('/videos/tp-good-720.mp4');
    expect(rows.get('tp-broken')!.failure_reason).toBe('download_error');
    expect(rows.get('tp-gone')!.failure_reason).toBe('unavailable');
    const retryIn = rows.get('tp-busy')!.retry_after.getTime() - Date.now();
    expect(retryIn).toBeGreaterThan(55 * 60_000);
    expect(retryIn).toBeLessThanOrEqual(3_600_000);
    expect(rows.get('tp-good')!.is_selected).toBe(true);

    // In the cache as a video blob, byte-equal to what the site serves.
    const served = Buffer.from(await (await fetch(`${h.providers.url}/videos/tp-good-720.mp4`)).arrayBuffer());
    const blob = (
      await h.pool.query('SELECT namespace, file_path, file_size FROM cache_blobs WHERE sha256 = $1', [
        rows.get('tp-good')!.blob_sha256,
      ])
    ).rows[0];
    expect(blob).toMatchObject({ namespace: 'videos', file_size: served.length });
    expect(blob.file_path.startsWith(join(h.config.cacheDir, 'videos'))).toBe(true);
    expect(sha256(await readFile(blob.file_path))).toBe(rows.get('tp-good')!.blob_sha256);

    // Published beside the film, and the NFO points at it.
    expect(result.publish?.status).toBe('published');
    const file = join(movie.folder, 'Trailer Trouble (2020)-trailer.mp4');
    expect(await readFile(file)).toEqual(served);
    const nfo = new XMLParser().parse(await readFile(join(movie.folder, 'Trailer Trouble (2020).nfo'), 'utf8'));
    expect(nfo.movie.trailer).toBe('Trailer Trouble (2020)-trailer.mp4');
    const recorded = await h.pool.query(`SELECT kind, asset_type FROM library_files WHERE path = $1`, [file]);
    expect(recorded.rows).toEqual([{ kind: 'video', asset_type: 'trailer' }]);
    // The video blob, its reference and the published copy agree; no temp folder is left.
    expect(await checkState(h.pool, h.config, { tempGraceMs: 0, unreferencedGraceMs: 0 })).toEqual([]);

    if (process.env.UPDATE_HISTORIES) {
      const handle = h.client.workflow.getHandle(`enrich-movie-${movie.id}`);
      await writeFile(
        join(import.meta.dirname, 'histories', 'enrich-movie-trailer.json'),
        historyToJSON(await handle.fetchHistory()),
      );
    }
  });

  it('tries a rate-limited video again after its delay, and never one that is gone, blocked or failed', async () => {
    // An hour later for the rate-limited one.
    await h.pool.query(
      `UPDATE trailer_candidates SET retry_after = now() - interval '1 second'
        WHERE movie_id = $1 AND source_url LIKE '%v=tp-busy'`,
      [movie.id],
    );
    h.providers.clearLog();
    const result = await enrich(movie.id, 'user', true);
    const outcomes = Object.fromEntries(result.trailer!.videos!.map((v) => [v.key, v.outcome]));
    expect(outcomes).toMatchObject({
      'tp-gone': 'known',
      'tp-geo': 'known',
      // no cookies file: an age-restricted video stays out
      'tp-age': 'known',
      // a plain download error waits for the user
      'tp-oops': 'known',
      'tp-broken': 'known',
      'tp-busy': 'rate_limited',
    });
    const seen = siteRequests();
    expect(seen.oembed).toEqual(['tp-busy']);
    expect(seen.pages).toEqual(['tp-busy']);
    // The cached trailer is still the best selectable one: nothing downloaded.
    expect(result.trailer!.status).toBe('unchanged');
    expect(seen.files).toEqual([]);
  });

  it('leaves a locked trailer alone', async () => {
    const file = join(movie.folder, 'Trailer Trouble (2020)-trailer.mp4');
    const before = await stat(file);
    await h.pool.query('UPDATE movies SET trailer_locked = true WHERE id = $1', [movie.id]);
    await h.pool.query(`UPDATE trailer_candidates SET retry_after = now() - interval '1 second' WHERE movie_id = $1`, [
      movie.id,
    ]);
    h.providers.clearLog();
    const result = await enrich(movie.id, 'user', true);
    expect(result.trailer).toMatchObject({ status: 'locked', attempts: [] });
    expect(siteRequests()).toEqual({ oembed: [], pages: [], files: [] });
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('lets the user list candidates, choose one or a URL of their own (locking the trailer), and unlock it', async () => {
    const path = `/api/movies/${movie.id}/trailers`;
    const listed = await call(h.api, 'GET', path);
    expect(listed.status).toBe(200);
    expect(listed.body.locked).toBe(true);
    const byKey = new Map(listed.body.candidates.map((c: any) => [new URL(c.url).searchParams.get('v'), c]));
    expect(byKey.get('tp-good')).toMatchObject({ selected: true, selectedBy: 'auto', score: 170, height: 720 });
    expect(byKey.get('tp-geo')).toMatchObject({ failure: { reason: 'geo_blocked' }, selected: false });
    expect((await call(h.api, 'DELETE', `${path}/lock`)).body).toEqual({ locked: false });

    // Choosing the German teaser: downloaded by the user's own workflow, the earlier video let go of.
    const before = byKey.get('tp-good') as any;
    const teaser = byKey.get('tp-teaser-de') as any;
    const chose = await call(h.api, 'POST', `${path}/${teaser.id}/select`);
    expect(chose.status).toBe(202);
    expect(chose.body).toMatchObject({ candidateId: teaser.id, locked: true, workflowId: `trailer-${movie.id}` });
    const done = await waitForEnrichment(h.api, chose.body.workflowId);
    expect(done.result).toMatchObject({ ok: true, candidateId: teaser.id });
    const after = await call(h.api, 'GET', path);
    expect(after.body.locked).toBe(true);
    const chosen = after.body.candidates.find((c: any) => c.id === teaser.id);
    expect(chosen).toMatchObject({ selected: true, selectedBy: 'user', cachedSha256: done.result.sha256 });
    expect((await h.pool.query('SELECT 1 FROM cache_blobs WHERE sha256 = $1', [before.cachedSha256])).rowCount).toBe(0);

    // A URL of one's own: only on an allowed video site.
    for (const url of ['https://evil.example/watch?v=x', 'file:///etc/passwd', 'http://127.0.0.2/youtube/watch?v=x'])
      expect((await call(h.api, 'POST', path, { url })).status, url).toBe(400);
    const own = await call(h.api, 'POST', path, { url: `${h.config.trailers.sites.youtube.watch}my-own-cut` });
    expect(own.status).toBe(202);
    const ownDone = await waitForEnrichment(h.api, own.body.workflowId);
    expect(ownDone.result).toMatchObject({ ok: true, candidateId: own.body.candidateId });

    // Back to the teaser, whose video is no longer cached: downloaded again. Then published.
    const again = await call(h.api, 'POST', `${path}/${teaser.id}/select`);
    expect(again.status).toBe(202);
    await waitForEnrichment(h.api, again.body.workflowId);
    const reselect = await call(h.api, 'POST', `${path}/${teaser.id}/select`);
    expect(reselect).toMatchObject({ status: 200, body: { candidateId: teaser.id, cachedSha256: done.result.sha256 } });
    await published(h, movie.id);
    const served = Buffer.from(await (await fetch(`${h.providers.url}/videos/tp-teaser-de-1080.mp4`)).arrayBuffer());
    expect(await readFile(join(movie.folder, 'Trailer Trouble (2020)-trailer.mp4'))).toEqual(served);
    expect((await call(h.api, 'GET', `/api/movies/999999999/trailers`)).status).toBe(404);
  });

  it('lets go of the trailer video when the movie is deleted', async () => {
    const { rows } = await h.pool.query(
      `SELECT b.sha256, b.file_path FROM trailer_candidates t JOIN cache_blobs b ON b.sha256 = t.blob_sha256
        WHERE t.movie_id = $1`,
      [movie.id],
    );
    expect(rows).toHaveLength(1);
    expect((await call(h.api, 'DELETE', `/api/movies/${movie.id}`)).status).toBe(200);
    expect((await h.pool.query('SELECT 1 FROM cache_blobs WHERE sha256 = $1', [rows[0].sha256])).rowCount).toBe(0);
    await expect(stat(rows[0].file_path)).rejects.toThrow(/ENOENT/);
    expect(await checkState(h.pool, h.config, { tempGraceMs: 0, unreferencedGraceMs: 0 })).toEqual([]);
  });
});
