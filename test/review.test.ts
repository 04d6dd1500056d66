// Issue 5: the complete phase. Durable review (approve across a worker restart, reject, picks,
// validator refusals, timeout), auto-publish with change detection, and locks set through the API
// while an enrichment is between scraping and recording (must-shows 3 and 4; acceptance 50).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { artworkHelpers } from './support/artwork.js';
import { call, useHarness, waitForEnrichment, type Harness } from './support/harness.js';

/** A library folder with an (empty) video file, as Radarr leaves it. */
async function libraryFolder(h: Harness, name: string): Promise<{ folder: string; video: string }> {
  const folder = join(h.config.dataDir, 'library', name);
  await mkdir(folder, { recursive: true });
  const video = join(folder, `${name}.mkv`);
  await writeFile(video, '');
  return { folder, video };
}

async function registerWithFile(h: Harness, tmdbId: number, name: string) {
  const { folder, video } = await libraryFolder(h, name);
  const res = await call(h.api, 'POST', '/api/movies', { tmdbId, path: video });
  expect(res.status).toBe(201);
  return { id: res.body.id as number, folder };
}

/** Polls the enrichment's progress until it reaches `phase` (or closes, which fails the wait). */
async function waitForPhase(h: Harness, workflowId: string, phase: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(h.api, 'GET', `/api/enrichments/${workflowId}`);
    if (res.body.status === 'RUNNING' && res.body.progress?.phase === phase) return res.body;
    if (res.body.status && res.body.status !== 'RUNNING')
      throw new Error(`${workflowId} closed (${res.body.status}) before phase ${phase}`);
    if (Date.now() > deadline) throw new Error(`${workflowId} did not reach phase ${phase}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startEnrichment(h: Harness, id: number, body?: unknown): Promise<string> {
  const res = await call(h.api, 'POST', `/api/movies/${id}/enrich`, body);
  expect(res.status).toBe(202);
  return res.body.workflowId;
}

const filesIn = async (folder: string) => (await readdir(folder)).sort();

describe('durable review (must-show 4)', () => {
  const h = useHarness({ REVIEW_TIMEOUT: '7d' });
  beforeEach(() => {
    h.providers.clearFaults();
  });

  it('waits for the review across a worker restart, then approval publishes the NFO and artwork', async () => {
    const { id, folder } = await registerWithFile(h, 348, 'Alien (1979)');
    const workflowId = await startEnrichment(h, id);
    const waiting = await waitForPhase(h, workflowId, 'awaiting_review');
    expect(Date.parse(waiting.progress.reviewDeadline) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect(await filesIn(folder)).toEqual(['Alien (1979).mkv']); // nothing published before the review
    expect((await call(h.api, 'POST', `/api/movies/${id}/enrich`)).status).toBe(409);

    // The worker goes away and comes back: the wait is in Temporal's history, not in a process.
    await h.stopWorker();
    await h.startWorker();
    const review = await call(h.api, 'POST', `/api/movies/${id}/review`, { decision: 'approve' });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ decision: 'approve', picks: {}, publish: { status: 'published' } });
    const files = await filesIn(folder);
    expect(files).toContain('Alien (1979).nfo');
    expect(files).toContain('Alien (1979)-poster.jpg');
    expect(files).toContain('Alien (1979)-fanart.jpg');
    const done = await waitForEnrichment(h.api, workflowId);
    expect(done.status).toBe('COMPLETED');
    expect(done.result.review).toMatchObject({ decision: 'approve' });
    if (process.env.UPDATE_HISTORIES) {
      // Replayed by test/replay.test.ts: a run with the review update and the publish child.
      const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
      await writeFile(join(import.meta.dirname, 'histories', 'enrich-movie-review.json'), historyToJSON(history));
    }
    const row = (await h.pool.query('SELECT identification_status, published_at FROM movies WHERE id = $1', [id]))
      .rows[0];
    expect(row.identification_status).toBe('published');
    expect(row.published_at).not.toBeNull();
  });

  it('publishes nothing on reject', async () => {
    const { id, folder } = await registerWithFile(h, 603, 'The Matrix (1999)');
    const workflowId = await startEnrichment(h, id);
    await waitForPhase(h, workflowId, 'awaiting_review');
    const review = await call(h.api, 'POST', `/api/movies/${id}/review`, { decision: 'reject' });
    expect(review.body).toEqual({
      decision: 'reject',
      picks: {},
      publish: { status: 'not_published', reason: 'rejected by the user' },
    });
    expect((await waitForEnrichment(h.api, workflowId)).status).toBe('COMPLETED');
    expect(await filesIn(folder)).toEqual(['The Matrix (1999).mkv']);
    expect(
      (await h.pool.query('SELECT identification_status FROM movies WHERE id = $1', [id])).rows[0]
        .identification_status,
    ).toBe('enriched');
    // Nothing awaits a review any more.
    expect((await call(h.api, 'POST', `/api/movies/${id}/review`, { decision: 'approve' })).status).toBe(409);
  });

  it('refuses invalid reviews with a clear 400 and keeps waiting; applies valid picks, locks the type and publishes them', async () => {
    const { id, folder } = await registerWithFile(h, 105, 'Back to the Future (1985)');
    const a = artworkHelpers(h);
    const workflowId = await startEnrichment(h, id);
    await waitForPhase(h, workflowId, 'awaiting_review');
    const posters = (
      await h.pool.query(
        `SELECT id, is_selected FROM provider_assets WHERE entity_id = $1 AND asset_type = 'poster' AND NOT is_rejected ORDER BY score DESC, id`,
        [id],
      )
    ).rows;
    const unselected = posters.filter((p) => !p.is_selected).map((p) => p.id as number);
    expect(unselected.length).toBeGreaterThanOrEqual(1);

    const refused = async (body: unknown, status = 400) => {
      const res = await call(h.api, 'POST', `/api/movies/${id}/review`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body.error.message as string;
    };
    expect(await refused({ decision: 'approve', picks: { poster: [999_999] } })).toBe(
      `poster: candidate 999999 is not a poster candidate of this movie`,
    );
    expect(await refused({ decision: 'approve', picks: { poster: posters.slice(0, 4).map((p) => p.id) } })).toBe(
      'poster: 4 picks but the limit is 3',
    );
    expect(await refused({ decision: 'reject', picks: { poster: [unselected[0]] } })).toBe(
      'picks come with "approve" only',
    );
    expect(await refused({ decision: 'maybe' })).toMatch(/decision/);
    expect(await refused({ decision: 'approve', picks: { thumbnail: [1] } })).toMatch(/picks/);
    expect((await call(h.api, 'GET', `/api/enrichments/${workflowId}`)).body.progress.phase).toBe('awaiting_review');

    const pick = unselected[0]!;
    const review = await call(h.api, 'POST', `/api/movies/${id}/review`, {
      decision: 'approve',
      picks: { poster: [pick] },
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    expect(review.body).toMatchObject({ picks: { poster: [pick] }, publish: { status: 'published' } });
    const selected = await a.selected(id, 'poster');
    expect(selected.map((s) => s.id)).toEqual([pick]);
    const row = (await h.pool.query('SELECT selected_by FROM provider_assets WHERE id = $1', [pick])).rows[0];
    expect(row.selected_by).toBe('user');
    expect((await h.pool.query('SELECT poster_locked FROM movies WHERE id = $1', [id])).rows[0].poster_locked).toBe(
      true,
    );
    // The library holds exactly the picked poster, byte for byte.
    const files = await filesIn(folder);
    expect(files.filter((f) => f.includes('-poster'))).toEqual(['Back to the Future (1985)-poster.jpg']);
    expect(a.sha256(await readFile(join(folder, 'Back to the Future (1985)-poster.jpg')))).toBe(
      selected[0]!.content_hash,
    );
    await a.expectCacheConsistent();
  });

  it('keeps nothing a refused review downloaded: a later pick failing releases the earlier ones, still awaiting review', async () => {
    const { id } = await registerWithFile(h, 27205, 'Inception (2010)');
    const a = artworkHelpers(h);
    const workflowId = await startEnrichment(h, id);
    await waitForPhase(h, workflowId, 'awaiting_review');
    const unselected = async (type: string) =>
      (
        await h.pool.query(
          `SELECT id, provider_url FROM provider_assets
            WHERE entity_id = $1 AND asset_type = $2 AND NOT is_selected AND NOT is_rejected AND content_hash IS NULL
            ORDER BY score DESC, id LIMIT 1`,
          [id, type],
        )
      ).rows[0] as { id: number; provider_url: string };
    const poster = await unselected('poster');
    const fanart = await unselected('fanart');
    const refs = async () =>
      (await h.pool.query('SELECT count(*)::int AS n FROM cache_image_refs WHERE entity_id = $1', [id])).rows[0].n;
    const before = await refs();
    // The poster downloads; the fanart, picked after it, does not.
    h.providers.setFaults([{ match: new URL(fanart.provider_url).pathname, status: 404, body: 'Not Found' }]);
    try {
      const res = await call(h.api, 'POST', `/api/movies/${id}/review`, {
        decision: 'approve',
        picks: { poster: [poster.id], fanart: [fanart.id] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
    } finally {
      h.providers.clearFaults();
    }
    expect(await refs()).toBe(before);
    expect((await a.selected(id, 'poster')).map((s) => s.id)).not.toContain(poster.id);
    await a.expectCacheConsistent();
    expect((await call(h.api, 'GET', `/api/enrichments/${workflowId}`)).body.progress.phase).toBe('awaiting_review');
    expect((await call(h.api, 'POST', `/api/movies/${id}/review`, { decision: 'reject' })).status).toBe(200);
  });

  it('honours a lock set through the API while the enrichment is between scraping and recording (must-show 3)', async () => {
    const { id } = await registerWithFile(h, 550, 'Fight Club (1999)');
    await h.pool.query(`UPDATE movies SET plot = 'My own plot', tagline = 'An old tagline' WHERE id = $1`, [id]);
    // Image downloads take 1.5 s each: the run sits in its download phase, past scraping.
    h.providers.setFaults([{ match: '/t/p/', delayMs: 1500 }]);
    const workflowId = await startEnrichment(h, id);
    await waitForPhase(h, workflowId, 'download');
    // A review sent before there is anything to review is refused, not held back for later.
    const early = await call(h.api, 'POST', `/api/movies/${id}/review`, { decision: 'approve' });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toBe('no review is awaited (the enrichment is in phase download)');
    const locked = await call(h.api, 'POST', `/api/movies/${id}/locks`, { lock: ['plot'] });
    expect(locked.status).toBe(200);
    expect(locked.body.locks.plot).toBe(true);
    const edited = await call(h.api, 'PATCH', `/api/movies/${id}`, { tagline: 'My tagline' });
    expect(edited.body.locks.tagline).toBe(true);
    await waitForPhase(h, workflowId, 'awaiting_review', 120_000);
    h.providers.clearFaults();
    const row = (await h.pool.query('SELECT title, plot, tagline, field_sources FROM movies WHERE id = $1', [id]))
      .rows[0];
    expect(row).toMatchObject({ title: 'Fight Club', plot: 'My own plot', tagline: 'My tagline' });
    expect(row.field_sources).toMatchObject({ title: 'tmdb', tagline: 'user' });
    await call(h.api, 'POST', `/api/movies/${id}/review`, { decision: 'reject' });
  });

  it('shows what approving would change: fields before and after, artwork added, then kept once published', async () => {
    const { id } = await registerWithFile(h, 157336, 'Interstellar (2014)');
    const workflowId = await startEnrichment(h, id);
    await waitForPhase(h, workflowId, 'awaiting_review');
    const before = await call(h.api, 'GET', `/api/movies/${id}/review`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ movieId: id, awaitingReview: true, workflowId });
    expect(Date.parse(before.body.reviewDeadline)).toBeGreaterThan(Date.now());
    // Registered from its file, the movie had the folder's name for a title and nothing else.
    expect(before.body.changes).toContainEqual({
      field: 'title',
      before: 'Interstellar (2014)',
      after: 'Interstellar',
    });
    expect(before.body.changes).toContainEqual({ field: 'plot', before: null, after: expect.any(String) });
    expect(before.body.changes).toContainEqual({
      field: 'genres',
      before: [],
      after: expect.arrayContaining([expect.any(String)]),
    });
    const changed = before.body.changes.map((c: { field: string }) => c.field);
    expect(changed).toEqual(expect.arrayContaining(['year', 'cast', 'directors']));
    const poster = before.body.artwork.find((t: { assetType: string }) => t.assetType === 'poster');
    expect(poster.removed).toEqual([]);
    expect(poster.kept).toEqual([]);
    expect(poster.added.length).toBeGreaterThan(0);
    for (const image of poster.added) expect(image.url).toBe(`/api/cache/${image.sha256}`);

    // An <img> tag reads the pictures with the session's image token, and with nothing else.
    const { imageToken } = (await call(h.api, 'GET', '/api/session')).body;
    const picture = await fetch(`${h.api}${poster.added[0].url}?token=${imageToken}`);
    expect([picture.status, picture.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect((await fetch(`${h.api}${poster.added[0].url}?token=${imageToken}x`)).status).toBe(401);
    expect((await fetch(`${h.api}${poster.added[0].url}`)).status).toBe(401);
    expect((await fetch(`${h.api}/api/movies/${id}/review?token=${imageToken}`)).status).toBe(401);

    await call(h.api, 'POST', `/api/movies/${id}/review`, { decision: 'approve' });
    await waitForEnrichment(h.api, workflowId);
    const after = (await call(h.api, 'GET', `/api/movies/${id}/review`)).body;
    expect(after).toMatchObject({ awaitingReview: false, reviewDeadline: null });
    const published = after.artwork.find((t: { assetType: string }) => t.assetType === 'poster');
    expect(published).toEqual({ assetType: 'poster', added: [], removed: [], kept: poster.added });
  });

  it('answers 404 for an unknown movie and 400 for a bad id', async () => {
    expect((await call(h.api, 'GET', '/api/movies/999999/review')).status).toBe(404);
    expect((await call(h.api, 'POST', '/api/movies/999999/review', { decision: 'approve' })).status).toBe(404);
    expect((await call(h.api, 'POST', '/api/movies/abc/review', { decision: 'approve' })).status).toBe(400);
  });
});

describe('review timeout', () => {
  const h = useHarness({ REVIEW_TIMEOUT: '2s' });

  it('completes as not published when nobody reviews in time', async () => {
    const { id, folder } = await registerWithFile(h, 78, 'Blade Runner (1982)');
    const workflowId = await startEnrichment(h, id);
    await waitForPhase(h, workflowId, 'awaiting_review');
    const done = await waitForEnrichment(h.api, workflowId);
    expect(done.result.publish).toEqual({ status: 'not_published', reason: 'no review within 2 s' });
    expect(await filesIn(folder)).toEqual(['Blade Runner (1982).mkv']);
  });
});

describe('auto-publish (D21; acceptance 50)', () => {
  const h = useHarness({ AUTO_PUBLISH: 'true', REVIEW_TIMEOUT: '7d' });

  it('publishes when something changed, and not again when nothing did', async () => {
    const { id, folder } = await registerWithFile(h, 680, 'Pulp Fiction (1994)');
    const first = await waitForEnrichment(h.api, await startEnrichment(h, id));
    expect(first.result.publish).toMatchObject({ status: 'published', result: { movieId: id, folder } });
    expect(first.result.publish.result.written).toContain('Pulp Fiction (1994).nfo');
    const files = await filesIn(folder);
    const mtimes = await Promise.all(files.map(async (f) => (await stat(join(folder, f))).mtimeMs));

    const second = await waitForEnrichment(h.api, await startEnrichment(h, id, { force: true }));
    expect(second.result.changedFields).toEqual([]);
    expect(second.result.publish).toEqual({
      status: 'not_published',
      reason: 'nothing changed since the last enrichment',
    });
    expect(await filesIn(folder)).toEqual(files);
    expect(await Promise.all(files.map(async (f) => (await stat(join(folder, f))).mtimeMs))).toEqual(mtimes);
    expect(existsSync(join(folder, 'Pulp Fiction (1994).nfo'))).toBe(true);
  });
});
