import { describe, expect, it } from 'vitest';
import { classify, completeness } from '../domain/completeness.js';
import { identifyBySearch } from '../domain/identification.js';
import { isFresh } from '../domain/provider-ttl.js';
import { sniffImageFormat } from '../domain/image-format.js';
import { shouldWrite, sortTitle } from '../domain/recording.js';
import { compareRanked, scoreCandidate, scoreParts } from '../domain/scoring.js';

const tmdb = { provider: 'tmdb', width: 2000, height: 3000, language: 'en', voteAverage: 8.2, voteCount: 456 };

describe('scoring (ENRICHMENT.md §5)', () => {
  it('scores the worked examples', () => {
    expect(scoreCandidate('poster', tmdb, 'en')).toBe(96);
    expect(scoreCandidate('poster', { ...tmdb, language: null, voteAverage: null, voteCount: null }, 'en')).toBe(78);
    expect(
      scoreCandidate(
        'fanart',
        { provider: 'tmdb', width: 1920, height: 1080, language: null, voteAverage: 0, voteCount: 0 },
        'en',
      ),
    ).toBe(78);
  });
  it('caps resolution at 1.5× the ideal (acceptance 23)', () => {
    expect(scoreParts('poster', { ...tmdb, width: 3000, height: 4500 }, 'en').resolution).toBe(45);
  });
  it('gives no resolution or aspect points without dimensions (acceptance 21)', () => {
    const p = scoreParts('poster', { ...tmdb, width: null, height: null }, 'en');
    expect([p.resolution, p.aspect]).toEqual([0, 0]);
  });
  it('ranks languages 20/18/15/5 for preferred fr (acceptance 22)', () => {
    const lang = (language: string | null) => scoreParts('poster', { ...tmdb, language }, 'fr').language;
    expect([lang('fr'), lang(null), lang('en'), lang('de')]).toEqual([20, 18, 15, 5]);
  });
  it('scales votes by count up to 50 (acceptance 24)', () => {
    expect(scoreParts('poster', { ...tmdb, voteAverage: 8, voteCount: 25 }, 'en').votes).toBe(8);
  });
  it('breaks ties by votes, then lower id (D11)', () => {
    const ranked = [
      { id: 3, score: 80, voteCount: 5 },
      { id: 2, score: 80, voteCount: 10 },
      { id: 1, score: 80, voteCount: 5 },
      { id: 9, score: 90, voteCount: 0 },
    ].sort(compareRanked);
    expect(ranked.map((r) => r.id)).toEqual([9, 2, 1, 3]);
  });
});

describe('recording rules (§8.1)', () => {
  it('fills gaps and never erases (acceptance 14)', () => {
    expect(shouldWrite('Old plot', '', false)).toBe(false);
    expect(shouldWrite(null, 'New', false)).toBe(true);
    expect(shouldWrite('Same', 'Same', false)).toBe(false);
    expect(shouldWrite('Old', 'Corrected', false)).toBe(true);
    expect(shouldWrite(null, 'New', true)).toBe(false);
  });
  it('builds sort titles (acceptance 13)', () => {
    expect(sortTitle('The Matrix')).toBe('Matrix, The');
    expect(sortTitle('an American Werewolf')).toBe('American Werewolf, an');
    expect(sortTitle('Alien')).toBe('Alien');
    expect(sortTitle('Theodore')).toBe('Theodore');
  });
});

describe('completeness (D19)', () => {
  const full = {
    title: 'x',
    plot: 'x',
    release_date: '1999-03-31',
    runtime: 136,
    content_rating: 'R',
    poster: 1,
    fanart: 1,
    imdb_rating: 8.7,
    genres: 2,
    directors: 1,
  };
  it('weights fields to 56 and names the missing ones', () => {
    expect(completeness(full)).toEqual({ pct: 100, missing: [] });
    expect(completeness({ ...full, fanart: 0, imdb_rating: null })).toEqual({
      pct: 86,
      missing: ['fanart', 'imdb_rating'],
    });
    expect(
      completeness({
        ...full,
        title: 'x',
        plot: 'x',
        release_date: null,
        runtime: null,
        content_rating: null,
        poster: 0,
        fanart: 0,
        imdb_rating: null,
        genres: 0,
        directors: 0,
      }).pct,
    ).toBe(32);
  });
  it('classifies 90 / 75 / 59 (acceptance 56)', () => {
    expect([classify(90), classify(75), classify(59)]).toEqual(['enriched', 'partial', 'unenriched']);
  });
});

describe('identification by search (D4)', () => {
  const r = (id: number, title: string, release_date: string) => ({ id, title, original_title: title, release_date });
  it('accepts a single result', () => {
    expect(identifyBySearch('Anything', 2000, [r(1, 'Other', '1990-01-01')])).toEqual({ ok: true, tmdbId: 1 });
  });
  it('accepts one normalised title match within ±1 year', () => {
    expect(identifyBySearch('Alien', 1980, [r(348, 'Alien', '1979-05-25'), r(8077, 'Alien³', '1992-05-22')])).toEqual({
      ok: true,
      tmdbId: 348,
    });
  });
  it('refuses ambiguity and emptiness', () => {
    expect(identifyBySearch('Dune', null, [r(1, 'Dune', '1984-12-14'), r(2, 'Dune', '2021-09-15')]).ok).toBe(false);
    expect(identifyBySearch('Dune', 1984, []).ok).toBe(false);
  });
});

describe('image format sniffing (D12)', () => {
  it('reads magic bytes, not names', () => {
    expect(sniffImageFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toBe('png');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImageFormat(Buffer.from('<!DOCTYPE html>', 'latin1'))).toBeNull();
    expect(sniffImageFormat(Buffer.alloc(0))).toBeNull();
  });
});

describe('provider cache freshness (D9, D24)', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const ago = (hours: number) => new Date(now - hours * 3600_000);
  it('keeps TMDB and OMDb 7 days and Fanart.tv 24 hours; force and a missing fetch are never fresh', () => {
    expect(isFresh('tmdb', ago(6 * 24), false, now)).toBe(true);
    expect(isFresh('tmdb', ago(8 * 24), false, now)).toBe(false);
    expect(isFresh('omdb', ago(6 * 24), false, now)).toBe(true);
    expect(isFresh('fanart.tv', ago(20), false, now)).toBe(true);
    expect(isFresh('fanart.tv', ago(25), false, now)).toBe(false);
    expect(isFresh('tmdb', ago(1), true, now)).toBe(false);
    expect(isFresh('tmdb', null, false, now)).toBe(false);
  });
});
