// Settings at run time: GET shows the values in force and where each comes from; PATCH validates
// against each setting's range, stores the change, and the next enrichment follows it without a
// worker restart; a changed refresh interval reschedules the refresh at once; null resets.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { effectiveSettings } from '../domain/settings.js';
import { refreshScheduleId } from '../domain/workflow-ids.js';
import { artworkHelpers } from './support/artwork.js';
import { call, useHarness } from './support/harness.js';

const h = useHarness({ ASSET_LIMIT_FANART: '2' });
const { register, enrich, image, candidate, selected } = artworkHelpers(h);
const schedule = () => h.client.schedule.getHandle(refreshScheduleId(h.config.temporal.taskQueue));
/** The refresh schedule's intervals, in milliseconds, as Temporal holds them. */
const every = async () => (await schedule().describe()).spec.intervals?.map((i) => i.every);
beforeEach(() => h.pool.query('DELETE FROM app_settings'));
afterAll(() =>
  schedule()
    .delete()
    .catch(() => undefined),
);

const DEFAULTS = {
  settings: {
    assetLimits: { poster: 3, fanart: 2, banner: 1, clearlogo: 1, clearart: 1, landscape: 1, keyart: 1, discart: 1 },
    preferredLanguage: 'en',
    autoPublish: false,
    // The harness sets REVIEW_TIMEOUT=0; REFRESH_INTERVAL is the built-in default.
    reviewTimeout: '0',
    refreshInterval: '7d',
  },
  sources: {
    assetLimits: {
      poster: 'environment',
      fanart: 'environment',
      banner: 'environment',
      clearlogo: 'environment',
      clearart: 'environment',
      landscape: 'environment',
      keyart: 'environment',
      discart: 'environment',
    },
    preferredLanguage: 'environment',
    autoPublish: 'environment',
    reviewTimeout: 'environment',
    refreshInterval: 'environment',
  },
};

const patch = (body: unknown) => call(h.api, 'PATCH', '/api/settings', body);

describe('settings at run time', () => {
  it('shows the environment values as defaults', async () => {
    expect(await call(h.api, 'GET', '/api/settings')).toEqual({ status: 200, body: DEFAULTS });
  });

  it('refuses unknown settings and values outside their range, naming the range, and stores nothing', async () => {
    const tooMany = await patch({ assetLimits: { poster: 11 }, preferredLanguage: 'de' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({
      code: 'invalid_request',
      details: { issues: [{ field: 'assetLimits.poster', message: 'a whole number from 0 to 10' }] },
    });
    expect(tooMany.body.error.message).toContain('from 0 to 10');

    const unknown = await patch({ colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_request');
    expect(unknown.body.error.message).toContain('colour');
    expect((await patch({ assetLimits: { sticker: 1 } })).status).toBe(400);

    const forever = await patch({ reviewTimeout: '400d' });
    expect(forever.status).toBe(400);
    expect(forever.body.error.message).toContain('from 0 (no wait) to 365d');
    const hectic = await patch({ refreshInterval: '5s' });
    expect(hectic.body.error.message).toContain('0 (off) or a duration from 1m to 365d');
    expect((await patch({ autoPublish: 'yes' })).status).toBe(400);
    expect((await patch({ preferredLanguage: 'German' })).status).toBe(400);

    expect((await call(h.api, 'GET', '/api/settings')).body).toEqual(DEFAULTS);
  });

  it('applies a poster limit and a language from the next enrichment on, with the same worker', async () => {
    const before = await register(348);
    expect((await enrich(before)).types.poster).toMatchObject({ limit: 3 });
    expect(await selected(before, 'poster')).toHaveLength(3);

    const res = await patch({ assetLimits: { poster: 1 }, preferredLanguage: 'de' });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ assetLimits: { poster: 1, fanart: 2 }, preferredLanguage: 'de' });
    expect(res.body.sources).toMatchObject({
      assetLimits: { poster: 'set', fanart: 'environment' },
      preferredLanguage: 'set',
      autoPublish: 'environment',
    });
    expect((await call(h.api, 'GET', '/api/settings')).body).toEqual(res.body);

    h.providers.clearLog();
    const after = await register(603);
    expect((await enrich(after)).types.poster).toMatchObject({ limit: 1 });
    expect(await selected(after, 'poster')).toHaveLength(1);
    // TMDB was asked in German, and German artwork became a candidate, which it was not in English.
    expect(h.providers.requests.find((r) => r.path === '/3/movie/603')?.query).toMatch(/[?&]language=de(&|$)/);
    expect(await candidate(after, image(603, 'poster-de'))).toBeDefined();
    expect(await candidate(before, image(348, 'poster-de'))).toBeUndefined();
    // English artwork now scores as the fallback language (15 points), no longer the preferred one (20).
    const english = [await candidate(before, image(348, 'poster-1')), await candidate(after, image(603, 'poster-1'))];
    expect(Number(english[0].score) - Number(english[1].score)).toBe(5);
  });

  it('publishes the next enrichment once auto-publish is switched on', async () => {
    const withFile = async (tmdbId: number, name: string) => {
      const folder = join(h.config.dataDir, 'library', name);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${name}.mkv`), '');
      const res = await call(h.api, 'POST', '/api/movies', { tmdbId, path: join(folder, `${name}.mkv`) });
      expect(res.status).toBe(201);
      return { id: res.body.id as number, folder };
    };
    const before = await withFile(680, 'Pulp Fiction (1994)');
    expect((await enrich(before.id)).publish?.status).toBe('not_published');

    expect((await patch({ autoPublish: true })).body.settings.autoPublish).toBe(true);
    const after = await withFile(550, 'Fight Club (1999)');
    expect((await enrich(after.id)).publish).toMatchObject({ status: 'published', result: { folder: after.folder } });
  });

  it('reschedules the refresh at once, removes it at 0, and resets every setting with null', async () => {
    const daily = await patch({ refreshInterval: '24h' });
    expect(daily.body.settings.refreshInterval).toBe('1d');
    expect(await every()).toEqual([86_400_000]);
    await patch({ refreshInterval: '12h' });
    expect(await every()).toEqual([43_200_000]);

    expect((await patch({ refreshInterval: '0' })).body).toMatchObject({
      settings: { refreshInterval: '0' },
      sources: { refreshInterval: 'set' },
    });
    await expect(schedule().describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);

    await patch({ assetLimits: { poster: 2, banner: 0 }, autoPublish: true, reviewTimeout: '2d' });
    const reset = await patch({
      assetLimits: null,
      preferredLanguage: null,
      autoPublish: null,
      reviewTimeout: null,
      refreshInterval: null,
    });
    expect(reset).toEqual({ status: 200, body: DEFAULTS });
    expect((await h.pool.query('SELECT key FROM app_settings')).rows).toEqual([]);
    // Back to REFRESH_INTERVAL's 7 days.
    expect(await every()).toEqual([7 * 86_400_000]);
  });
});

describe('stored values', () => {
  it('count only when they read as valid; anything else stored falls back to the environment', () => {
    const stored = new Map([
      ['asset_limit_poster', '50'],
      ['asset_limit_fanart', ' 0 '],
      ['preferred_language', 'German'],
      ['auto_publish', 'true'],
      ['review_timeout', '2d'],
      ['refresh_interval', '5s'],
    ]);
    const { settings, sources } = effectiveSettings(stored, h.config);
    expect(settings).toMatchObject({
      assetLimits: { poster: 3, fanart: 0 },
      preferredLanguage: 'en',
      autoPublish: true,
      reviewTimeoutMs: 2 * 86_400_000,
      refreshIntervalMs: 7 * 86_400_000,
    });
    expect(sources).toMatchObject({
      assetLimits: { poster: 'environment', fanart: 'set' },
      preferredLanguage: 'environment',
      autoPublish: 'set',
      reviewTimeoutMs: 'set',
      refreshIntervalMs: 'environment',
    });
  });
});
