// Pure selection rules of issue 4: per-type scoring (§5, D11), limits (§4.1), dedup decisions (D13).
import { describe, expect, it } from 'vitest';
import { ASSET_TYPE_TABLE } from '../domain/asset-types.js';
import { duplicateOf } from '../domain/dedup.js';
import { FANART_VOTE_AVERAGE } from '../domain/fanart.js';
import { scoreCandidate, scoreParts } from '../domain/scoring.js';
import { effectiveSettings } from '../domain/settings.js';
import { walkType } from '../domain/type-walk.js';
import { ASSET_TYPES, type CandidateRef, type DownloadOutcome } from '../domain/types.js';
import { ConfigError, loadConfig } from '../lib/config.js';

/** A 64-bit hash with the lowest `bits` bits flipped relative to `base`. */
const flip = (base: string, bits: number) =>
  (BigInt(`0x${base}`) ^ ((1n << BigInt(bits)) - 1n)).toString(16).padStart(16, '0');
const sha = (c: string) => c.repeat(64);

describe('asset types and limits (§4.1, D10)', () => {
  it('covers every movie image type, banner included, with the reference defaults', () => {
    expect(ASSET_TYPES).toEqual([
      'poster',
      'fanart',
      'banner',
      'clearlogo',
      'clearart',
      'landscape',
      'keyart',
      'discart',
    ]);
    const config = loadConfig({});
    expect(config.assetLimits).toEqual({
      poster: 3,
      fanart: 4,
      banner: 1,
      clearlogo: 1,
      clearart: 1,
      landscape: 1,
      keyart: 1,
      discart: 1,
    });
  });
  it('reads ASSET_LIMIT_{TYPE} and refuses values outside the type range, naming the variable', () => {
    expect(loadConfig({ ASSET_LIMIT_DISCART: '5', ASSET_LIMIT_FANART: '0' }).assetLimits).toMatchObject({
      discart: 5,
      fanart: 0,
    });
    expect(() => loadConfig({ ASSET_LIMIT_CLEARLOGO: '4' })).toThrow(ConfigError);
    expect(() => loadConfig({ ASSET_LIMIT_CLEARLOGO: '4' })).toThrow(/ASSET_LIMIT_CLEARLOGO/);
    expect(() => loadConfig({ ASSET_LIMIT_POSTER: 'three' })).toThrow(/ASSET_LIMIT_POSTER/);
  });
  it('ignores a stored limit outside the range in favour of the configured one (acceptance 27)', () => {
    const config = loadConfig({ ASSET_LIMIT_POSTER: '3', ASSET_LIMIT_FANART: '4', ASSET_LIMIT_BANNER: '1' });
    const limit = (type: 'poster' | 'fanart' | 'banner', stored?: string) =>
      effectiveSettings(new Map(stored === undefined ? [] : [[`asset_limit_${type}`, stored]]), config).settings
        .assetLimits[type];
    expect(limit('poster', '50')).toBe(3);
    expect(limit('poster', '-1')).toBe(3);
    expect(limit('poster', 'lots')).toBe(3);
    expect(limit('poster', '7')).toBe(7);
    expect(limit('fanart', '0')).toBe(0);
    expect(limit('banner', '3')).toBe(3);
    expect(limit('banner', '4')).toBe(1);
    expect(limit('poster')).toBe(3);
  });
});

describe('scoring per type (§4.2, §5, D11)', () => {
  it('measures resolution against each type ideal and shape against poster, fanart and clearlogo ratios', () => {
    const tmdb = { provider: 'tmdb', language: 'en', voteAverage: 0, voteCount: 0 };
    // The §5 logo example: 1000×400 → R 12, A 0 (|2.5 − 4| × 100 > 20), L 20, V 0, P 10 = 42.
    expect(scoreCandidate('clearlogo', { ...tmdb, width: 1000, height: 400 }, 'en')).toBe(42);
    // Types without an ideal ratio get full aspect points; their ideal is 1 000 000 px.
    expect(scoreParts('discart', { ...tmdb, width: 1000, height: 1000 }, 'en')).toMatchObject({
      resolution: 30,
      aspect: 20,
    });
    expect(scoreParts('banner', { ...tmdb, width: 1000, height: 185 }, 'en').resolution).toBeCloseTo(5.55, 2);
    expect(ASSET_TYPE_TABLE.fanart.idealRatio).toBeCloseTo(16 / 9);
  });
  it('scores a Fanart.tv candidate from its nominal size and likes as votes at 7', () => {
    const fanartLogo = {
      provider: 'fanart.tv',
      width: 800,
      height: 310,
      language: 'en',
      voteAverage: FANART_VOTE_AVERAGE,
      voteCount: 25,
    };
    const p = scoreParts('clearlogo', fanartLogo, 'en');
    expect(p.resolution).toBeCloseTo(7.44, 2);
    expect(p.aspect).toBe(0); // 2.58 is more than 0.2 from 4
    expect(p.votes).toBeCloseTo(7, 5); // (7 / 10) × (25 / 50) × 20
    expect([p.language, p.provider]).toEqual([20, 9]);
    expect(scoreCandidate('clearlogo', fanartLogo, 'en')).toBe(43);
  });
});

describe('dedup decisions (§6.1, D13)', () => {
  const a = { sha256: sha('a'), phash: 'c0c46e372f379568' };
  it('treats identical bytes as a duplicate at distance 0', () => {
    expect(duplicateOf({ sha256: sha('a'), phash: null }, [a], 6)).toMatchObject({ of: sha('a'), distance: 0 });
  });
  it('rejects within the threshold and keeps beyond it (acceptance 29, at the reference threshold 6)', () => {
    expect(duplicateOf({ sha256: sha('b'), phash: flip(a.phash, 6) }, [a], 6)).toMatchObject({
      of: sha('a'),
      distance: 6,
    });
    expect(duplicateOf({ sha256: sha('b'), phash: flip(a.phash, 7) }, [a], 6)).toBeNull();
  });
  it('names the closest accepted image and its distance', () => {
    const c = { sha256: sha('c'), phash: flip(a.phash, 2) };
    const verdict = duplicateOf({ sha256: sha('d'), phash: flip(a.phash, 3) }, [a, c], 10);
    expect(verdict).toMatchObject({ of: sha('c'), distance: 1 });
    expect(verdict!.reason).toContain('pHash distance 1');
  });
  it('keeps an image without a pHash unless its bytes match', () => {
    expect(duplicateOf({ sha256: sha('e'), phash: null }, [a], 64)).toBeNull();
    expect(duplicateOf({ sha256: sha('e'), phash: a.phash }, [{ sha256: sha('f'), phash: null }], 64)).toBeNull();
    expect(duplicateOf({ sha256: sha('e'), phash: 'not-a-hash' }, [a], 64)).toBeNull();
  });
});

describe('the per-type walk (§6.1)', () => {
  const counters = () => ({ candidates: 0, limit: 0, downloaded: 0, reused: 0, accepted: 0, duplicates: 0, failed: 0 });
  const candidate = (id: number, extra: Partial<CandidateRef> = {}): CandidateRef => ({
    id,
    url: `http://img/${id}`,
    score: 100 - id,
    knownSha256: null,
    knownPhash: null,
    cachedForItem: false,
    ...extra,
  });
  /** A downloader over a table of id → bytes' hashes (or a failure reason); records what was asked. */
  const downloader = (table: Record<number, { sha256: string; phash: string } | string>) => {
    const asked: number[] = [];
    const download = async (c: CandidateRef): Promise<DownloadOutcome> => {
      asked.push(c.id);
      const t = table[c.id]!;
      if (typeof t === 'string') return { ok: false, candidateId: c.id, reason: t };
      return {
        ok: true,
        candidateId: c.id,
        ...t,
        tempPath: `/tmp/${c.id}`,
        format: 'jpeg',
        width: 1,
        height: 1,
        hasAlpha: false,
        size: 1,
      };
    };
    return { asked, download };
  };

  it('plays the worked example: A, C, E kept after 5 downloads; B (3 bits) and D (4 bits) rejected as duplicates of A', async () => {
    const A = { sha256: sha('a'), phash: '0000000000000000' };
    const { asked, download } = downloader({
      1: A,
      2: { sha256: sha('b'), phash: flip(A.phash, 3) },
      3: { sha256: sha('c'), phash: 'ffffffffff000000' },
      4: { sha256: sha('d'), phash: flip(A.phash, 4) },
      5: { sha256: sha('e'), phash: '00000fffffffffff' },
      6: { sha256: sha('f'), phash: 'f0f0f0f0f0f0f0f0' },
    });
    const c = counters();
    const walk = await walkType(
      { assetType: 'poster', limit: 3, locked: false, candidates: [1, 2, 3, 4, 5, 6].map((id) => candidate(id)) },
      6,
      c,
      download,
    );
    expect(asked).toEqual([1, 2, 3, 4, 5]); // 6 is past the stop point: never downloaded (acceptance 30)
    expect(walk.selection.accepted.map((a) => a.candidateId)).toEqual([1, 3, 5]);
    expect(walk.selection.rejected).toEqual([
      expect.objectContaining({ candidateId: 2, duplicateOf: sha('a'), distance: 3 }),
      expect.objectContaining({ candidateId: 4, duplicateOf: sha('a'), distance: 4 }),
    ]);
    expect(walk.toCache.map((d) => d.candidateId)).toEqual([1, 3, 5]);
    expect(c).toMatchObject({ downloaded: 5, accepted: 3, duplicates: 2, failed: 0 });
  });
  it('moves past a failed download without counting it toward the limit (acceptance 31)', async () => {
    const { asked, download } = downloader({
      1: 'HTTP 404',
      2: { sha256: sha('b'), phash: '0000000000000000' },
      3: { sha256: sha('c'), phash: 'ffffffffffffffff' },
    });
    const walk = await walkType(
      { assetType: 'fanart', limit: 2, locked: false, candidates: [1, 2, 3].map((id) => candidate(id)) },
      10,
      counters(),
      download,
    );
    expect(asked).toEqual([1, 2, 3]);
    expect(walk.selection.failed).toEqual([{ candidateId: 1, reason: 'HTTP 404' }]);
    expect(walk.selection.accepted.map((a) => a.candidateId)).toEqual([2, 3]);
  });
  it('reuses what the item already holds without downloading, and still compares it', async () => {
    const held = candidate(1, { knownSha256: sha('a'), knownPhash: '0000000000000000', cachedForItem: true });
    const { asked, download } = downloader({
      2: { sha256: sha('b'), phash: flip('0000000000000000', 2) },
      3: { sha256: sha('c'), phash: 'ffffffffffffffff' },
    });
    const c = counters();
    const walk = await walkType(
      { assetType: 'poster', limit: 2, locked: false, candidates: [held, candidate(2), candidate(3)] },
      6,
      c,
      download,
    );
    expect(asked).toEqual([2, 3]);
    expect(walk.selection.accepted.map((a) => a.candidateId)).toEqual([1, 3]);
    expect(walk.toCache.map((d) => d.candidateId)).toEqual([3]);
    expect(c).toMatchObject({ reused: 1, downloaded: 2, duplicates: 1 });
  });
  it('keeps or lets go of each download as it is decided, and goes on past one that cannot be kept', async () => {
    const A = { sha256: sha('a'), phash: '0000000000000000' };
    const { asked, download } = downloader({
      1: A,
      2: { sha256: sha('b'), phash: flip(A.phash, 2) },
      3: { sha256: sha('c'), phash: 'ffffffffffffffff' },
      4: { sha256: sha('d'), phash: 'f0f0f0f0f0f0f0f0' },
    });
    const steps: string[] = [];
    const c = counters();
    const walk = await walkType(
      { assetType: 'poster', limit: 2, locked: false, candidates: [1, 2, 3, 4].map((id) => candidate(id)) },
      6,
      c,
      download,
      {
        keep: async (image) => {
          steps.push(`keep ${image.candidateId}`);
          return image.candidateId === 3 ? 'not cached: temp file gone' : null;
        },
        duplicate: async (image) => void steps.push(`duplicate ${image.candidateId}`),
      },
    );
    expect(asked).toEqual([1, 2, 3, 4]);
    expect(steps).toEqual(['keep 1', 'duplicate 2', 'keep 3', 'keep 4']);
    expect(walk.selection.accepted.map((a) => a.candidateId)).toEqual([1, 4]);
    expect(walk.selection.failed).toEqual([{ candidateId: 3, reason: 'not cached: temp file gone' }]);
    expect(walk.toCache).toEqual([]);
    expect(c).toMatchObject({ downloaded: 4, accepted: 2, duplicates: 1, failed: 1 });
  });
  it('decides a download settled before a crash from its hashes again, with nothing to keep or let go', async () => {
    const A = { sha256: sha('a'), phash: '0000000000000000' };
    const steps: string[] = [];
    const settled = (candidateId: number, image: typeof A) =>
      ({ ok: true, settled: true, candidateId, ...image }) as const;
    const walk = await walkType(
      { assetType: 'poster', limit: 2, locked: false, candidates: [1, 2, 3].map((id) => candidate(id)) },
      6,
      counters(),
      async (c) =>
        c.id === 1
          ? settled(1, A)
          : c.id === 2
            ? settled(2, { sha256: sha('b'), phash: flip(A.phash, 1) })
            : {
                ok: true,
                candidateId: 3,
                sha256: sha('c'),
                phash: 'ffffffffffffffff',
                tempPath: '/t/3',
                format: 'jpeg',
                width: 1,
                height: 1,
                hasAlpha: false,
                size: 1,
              },
      {
        keep: async (image) => (steps.push(`keep ${image.candidateId}`), null),
        duplicate: async (image) => void steps.push(`duplicate ${image.candidateId}`),
      },
    );
    expect(walk.selection.accepted.map((a) => a.candidateId)).toEqual([1, 3]);
    expect(walk.selection.rejected.map((r) => r.candidateId)).toEqual([2]);
    expect(steps).toEqual(['keep 3']);
  });
});
