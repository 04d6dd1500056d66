// Issue 4, must-show 5 and acceptance 32: two worker processes (as two hosts sharing PostgreSQL,
// Temporal and the cache volume) enrich movies that share artwork at the same time.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extraMovies } from '../fake-providers/catalog.js';
import { artworkHelpers } from './support/artwork.js';
import { call, useHarness } from './support/harness.js';

// Only the two separate worker processes do the work, three activities at a time each: the twelve
// walks, scheduled together, cannot all land on one of them.
const h = useHarness({ WORKER_ACTIVITY_SLOTS: '3' }, { workerProcesses: 2 });

const { register, enrich, catalogue, image, candidate, selected, sha256, expectCacheConsistent } = artworkHelpers(h);

describe('shared artwork and two workers (acceptance 32; must-show 5)', () => {
  it('keeps one file per distinct image across movies and workers, and deleting a movie keeps what others use', async () => {
    // Invented films 2k+1 and 2k+2: the second's top poster and backdrop are byte-identical copies
    // of the first's best, at other URLs.
    const films = extraMovies.slice(0, 12).map((m) => m.details.id);
    const ids = await Promise.all(films.map(register));
    const results = await Promise.all(ids.map((id) => enrich(id, 'schedule')));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 'enriched'));

    // Both processes walked artwork: downloads and cache writes.
    const workersBy = new Map<string, Set<string>>();
    for (const id of ids) {
      const history = await h.client.workflow.getHandle(`enrich-movie-${id}`).fetchHistory();
      const types = new Map<number, string>();
      for (const e of history.events ?? []) {
        const scheduled = e.activityTaskScheduledEventAttributes;
        if (scheduled) types.set(Number(e.eventId), scheduled.activityType!.name!);
        const started = e.activityTaskStartedEventAttributes;
        if (started) {
          const type = types.get(Number(started.scheduledEventId))!;
          if (!workersBy.has(type)) workersBy.set(type, new Set());
          workersBy.get(type)!.add(started.identity!);
        }
      }
    }
    expect(workersBy.get('walkArtwork')?.size).toBe(2);

    for (let k = 0; k < films.length; k += 2) {
      const [firstId, secondId] = [ids[k]!, ids[k + 1]!];
      for (const kind of ['poster', 'backdrop'] as const) {
        const original = image(films[k]!, `${kind}-1`);
        const copy = catalogue(films[k + 1]!).find((i) => i.variantOf?.filePath === original.filePath)!;
        const a = await candidate(firstId, original);
        const b = await candidate(secondId, copy);
        // Acceptance 32: the same bytes again are one blob; both candidates are selected with its hash.
        expect(a.is_selected).toBe(true);
        expect(b).toMatchObject({ is_selected: true, content_hash: a.content_hash });
        const refs = (
          await h.pool.query('SELECT entity_id FROM cache_image_refs WHERE blob_sha256 = $1 ORDER BY entity_id', [
            a.content_hash,
          ])
        ).rows;
        expect(refs.map((r) => r.entity_id)).toEqual([firstId, secondId].sort((x, y) => x - y));
      }
    }
    const distinct = (
      await h.pool.query(`SELECT count(DISTINCT content_hash)::int AS n FROM provider_assets WHERE is_selected`)
    ).rows[0].n;
    expect((await h.pool.query('SELECT count(*)::int AS n FROM cache_blobs')).rows[0].n).toBe(distinct);
    await expectCacheConsistent();

    // Deleting the first film removes the blobs only it used; the shared ones stay for its partner.
    const [firstId, secondId] = [ids[0]!, ids[1]!];
    const shared = (
      await h.pool.query(
        `SELECT DISTINCT r1.blob_sha256 FROM cache_image_refs r1 JOIN cache_image_refs r2 ON r2.blob_sha256 = r1.blob_sha256
          WHERE r1.entity_id = $1 AND r2.entity_id = $2`,
        [firstId, secondId],
      )
    ).rows.map((r) => r.blob_sha256);
    expect(shared).toHaveLength(2);
    const own = (
      await h.pool.query(
        `SELECT DISTINCT b.sha256, b.file_path FROM cache_blobs b JOIN cache_image_refs r ON r.blob_sha256 = b.sha256
          WHERE r.entity_id = $1 AND b.sha256 <> ALL($2)`,
        [firstId, shared],
      )
    ).rows;
    const del = await call(h.api, 'DELETE', `/api/movies/${firstId}`);
    expect(del.status).toBe(200);
    expect(del.body.removedCacheFiles).toBe(own.length);
    for (const o of own) expect(existsSync(o.file_path)).toBe(false);
    const partner = await selected(secondId);
    expect(partner.filter((s) => shared.includes(s.content_hash))).toHaveLength(2);
    for (const s of partner) expect(sha256(await readFile(s.file_path))).toBe(s.content_hash);
    expect((await call(h.api, 'GET', `/api/movies/${firstId}`)).status).toBe(404);
    expect((await call(h.api, 'DELETE', `/api/movies/${firstId}`)).status).toBe(404);
    await expectCacheConsistent();
  });
});
