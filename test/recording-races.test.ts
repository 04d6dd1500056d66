// What the user does while a run is downloading wins when it records: a type locked meanwhile keeps
// its rows, a candidate blocked meanwhile is not selected, a movie identified as another film is not
// recorded over; and a pick's cached download that was not recorded is undone. The activities are
// called directly, so the user's step lands exactly between planning and recording.
import { existsSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.js';
import { FailureType } from '../domain/failures.js';
import type { AssetPlan, DownloadOutcome, RecordOutcome, ScrapeOutcome, TypeSelection } from '../domain/types.js';
import { artworkHelpers } from './support/artwork.js';
import { call, useHarness } from './support/harness.js';

const h = useHarness();
const { register, expectCacheConsistent } = artworkHelpers(h);
const env = new MockActivityEnvironment();
const activities = () => createActivities({ pool: h.pool, config: h.config });

/** A run of the movie up to recording: scraped, its top `count` posters downloaded and cached. */
async function runUpToRecording(movieId: number, runKey: string, count = 2) {
  const a = activities();
  const scrape = (await env.run(a.scrapeMovie, { movieId, trigger: 'user' as const, force: false })) as ScrapeOutcome;
  if (scrape.status !== 'ok') throw new Error(`scrape: ${scrape.status}`);
  const plan = (await env.run(a.planCandidates, { movieId, cacheId: scrape.cacheId, manual: true })) as AssetPlan;
  const posters = plan.types.find((t) => t.assetType === 'poster')!.candidates;
  const cache = async (c: { id: number; url: string }) => {
    const image = (await env.run(a.downloadCandidate, { runKey, candidateId: c.id, url: c.url })) as DownloadOutcome;
    if (!image.ok) throw new Error(`download: ${image.reason}`);
    await env.run(a.storeBlob, { image, movieId, assetType: 'poster' as const });
    return { candidateId: c.id, sha256: image.sha256, phash: image.phash };
  };
  const selection: TypeSelection = { assetType: 'poster', accepted: [], rejected: [], failed: [] };
  for (const c of posters.slice(0, count)) selection.accepted.push(await cache(c));
  const record = async () =>
    (await env.run(a.recordEnrichment, {
      movieId,
      cacheId: scrape.cacheId,
      selections: [selection],
      runKey,
    })) as RecordOutcome;
  return { selection, record, cacheAnother: () => cache(posters[count]!) };
}

const posterRows = async (movieId: number) =>
  (
    await h.pool.query(
      `SELECT id, is_selected, selected_by, pick_order FROM provider_assets
        WHERE entity_id = $1 AND asset_type = 'poster' AND is_selected ORDER BY id`,
      [movieId],
    )
  ).rows;
const posterRefs = async (movieId: number) =>
  (
    await h.pool.query(
      `SELECT blob_sha256 FROM cache_image_refs WHERE entity_id = $1 AND image_type = 'poster' ORDER BY 1`,
      [movieId],
    )
  ).rows.map((r) => r.blob_sha256 as string);
const blobFile = async (sha256: string) =>
  (await h.pool.query('SELECT file_path FROM cache_blobs WHERE sha256 = $1', [sha256])).rows[0]?.file_path as
    string | undefined;

describe('recording after the user acted during the run', () => {
  it('leaves a type locked between planning and recording as it is, and drops the run’s downloads of it', async () => {
    const movieId = await register(603);
    const { selection, record } = await runUpToRecording(movieId, 'races-lock');
    const files = await Promise.all(selection.accepted.map((a) => blobFile(a.sha256)));
    expect(files.every((f) => f && existsSync(f))).toBe(true);

    expect((await call(h.api, 'POST', `/api/movies/${movieId}/locks`, { lock: ['poster'] })).status).toBe(200);
    const outcome = await record();
    expect(outcome.assetsChanged).toBe(false);
    expect(await posterRows(movieId)).toEqual([]);
    expect(await posterRefs(movieId)).toEqual([]);
    for (const f of files) expect(existsSync(f!)).toBe(false);
    expect((await h.pool.query('SELECT poster_locked FROM movies WHERE id = $1', [movieId])).rows[0]).toEqual({
      poster_locked: true,
    });
    await expectCacheConsistent();
  });

  it('does not select a candidate blocked between planning and recording', async () => {
    const movieId = await register(105);
    const { selection, record } = await runUpToRecording(movieId, 'races-block');
    const [blocked, kept] = selection.accepted;
    expect((await call(h.api, 'POST', `/api/candidates/${blocked!.candidateId}/block`)).status).toBe(200);

    expect((await record()).assetsChanged).toBe(true);
    expect((await posterRows(movieId)).map((r) => r.id)).toEqual([kept!.candidateId]);
    expect(await posterRefs(movieId)).toEqual([kept!.sha256]);
    await expectCacheConsistent();
  });

  it('refuses to record over a movie identified as another film while it scraped', async () => {
    const movieId = await register(129);
    const { record } = await runUpToRecording(movieId, 'races-identity');
    await h.pool.query('UPDATE movies SET tmdb_id = 999999 WHERE id = $1', [movieId]);
    const failure = await record().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.StaleIdentity, nonRetryable: true });
    expect(await posterRows(movieId)).toEqual([]);
  });
});

describe('a pick not recorded', () => {
  it('releases the reference its download added, idempotently, and keeps a selected one’s', async () => {
    const movieId = await register(348);
    const { selection, record, cacheAnother } = await runUpToRecording(movieId, 'races-pick', 1);
    await record();
    // A pick refused after its bytes were cached.
    const [selected] = selection.accepted;
    const unrecorded = await cacheAnother();
    expect(await posterRefs(movieId)).toEqual([selected!.sha256, unrecorded.sha256].sort());
    const file = await blobFile(unrecorded.sha256);

    const { releaseCachedRef } = activities();
    for (let i = 0; i < 2; i++)
      await env.run(releaseCachedRef, { movieId, assetType: 'poster' as const, sha256: unrecorded.sha256 });
    await env.run(releaseCachedRef, { movieId, assetType: 'poster' as const, sha256: selected!.sha256 });
    expect(await posterRefs(movieId)).toEqual([selected!.sha256]);
    expect(await blobFile(unrecorded.sha256)).toBeUndefined();
    expect(existsSync(file!)).toBe(false);
    await expectCacheConsistent();
  });
});
