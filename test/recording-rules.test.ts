import { describe, expect, it } from 'vitest';
import { mergeCast, normaliseName, type CastLink } from '../domain/cast.js';
import { secureFanartUrl } from '../domain/fanart.js';
import { recordedValues } from '../domain/recording.js';
import { tmdbCacheRecord, usCertification } from '../domain/tmdb.js';
import { tmdbMovieDetails } from '../domain/schemas.js';

const link = (l: Partial<CastLink>): CastLink => ({ role: null, order: null, roleLocked: false, removed: false, ...l });

describe('cast merge: the provider’s cast applied to the movie’s links', () => {
  it('links new actors, updates roles and order, and reports no change when nothing differs', () => {
    const existing = new Map([[1, link({ role: 'Ripley', order: 0 })]]);
    const merged = mergeCast(
      existing,
      [
        { actorId: 1, role: 'Ellen Ripley', order: 0 },
        { actorId: 2, role: 'Dallas', order: 1 },
      ],
      false,
    );
    expect(merged).toEqual({
      inserts: [{ actorId: 2, role: 'Dallas', order: 1 }],
      updates: [{ actorId: 1, role: 'Ellen Ripley', order: 0 }],
      changed: true,
    });
    const same = mergeCast(
      new Map([[1, link({ role: 'Ripley', order: 0 })]]),
      [{ actorId: 1, role: 'Ripley', order: 0 }],
      false,
    );
    expect(same).toEqual({ inserts: [], updates: [], changed: false });
  });

  it('never touches a removed link, keeps a locked role, and an empty role never erases one', () => {
    const existing = new Map([
      [1, link({ role: 'Kane', order: 3, removed: true })],
      [2, link({ role: 'My Dallas', order: 1, roleLocked: true })],
      [3, link({ role: 'Lambert', order: 2 })],
    ]);
    const merged = mergeCast(
      existing,
      [
        { actorId: 1, role: 'Kane', order: 0 },
        { actorId: 2, role: 'Dallas', order: 1 },
        { actorId: 3, role: null, order: 5 },
      ],
      false,
    );
    expect(merged.inserts).toEqual([]);
    expect(merged.updates).toEqual([{ actorId: 3, role: 'Lambert', order: 5 }]);
  });

  it('with the order locked, keeps existing orders and links new actors without one', () => {
    const merged = mergeCast(
      new Map([[1, link({ role: 'Ripley', order: 4 })]]),
      [
        { actorId: 1, role: 'Ripley', order: 0 },
        { actorId: 2, role: 'Ash', order: 1 },
      ],
      true,
    );
    expect(merged).toEqual({ inserts: [{ actorId: 2, role: 'Ash', order: null }], updates: [], changed: true });
  });

  it('gives a person listed twice the later credit’s role and order', () => {
    const merged = mergeCast(
      new Map(),
      [
        { actorId: 7, role: 'Young Ripley', order: 2 },
        { actorId: 7, role: 'Ripley', order: 9 },
      ],
      false,
    );
    expect(merged.inserts).toEqual([{ actorId: 7, role: 'Ripley', order: 9 }]);
  });

  it('normalises names so case and spacing make no second actor', () => {
    expect(normaliseName('  Sigourney   WEAVER ')).toBe('sigourney weaver');
  });
});

describe('TMDB answer as provider-cache rows', () => {
  const details = tmdbMovieDetails.parse({
    id: 348,
    title: 'Alien',
    imdb_id: '',
    release_date: '1979-05-25',
    genres: [{ id: 27, name: 'Horror' }],
    production_companies: [],
    production_countries: [],
    release_dates: {
      results: [
        { iso_3166_1: 'GB', release_dates: [{ type: 3, certification: '18' }] },
        {
          iso_3166_1: 'US',
          release_dates: [
            { type: 1, certification: 'X' },
            { type: 3, certification: ' R ' },
          ],
        },
      ],
    },
    credits: {
      cast: [
        { id: 2, name: 'Tom Skerritt', character: 'Dallas', order: 1 },
        { id: 1, name: 'Sigourney Weaver', character: '', order: 0 },
      ],
      crew: [
        { id: 3, name: 'Ridley Scott', job: 'Director', department: 'Directing' },
        { id: 1, name: 'Sigourney Weaver', job: 'Producer', department: 'Production' },
        { id: 9, name: 'Someone', job: 'Gaffer', department: 'Lighting' },
      ],
    },
    videos: {
      results: [
        { id: 'v1', name: 'Trailer', site: 'YouTube', key: 'k1', type: 'Trailer' },
        { id: 'v2', name: 'Recap', site: 'YouTube', key: 'k2', type: 'Recap' },
      ],
    },
  });
  const record = tmdbCacheRecord(details);

  it('takes the US theatrical certification, empty strings as absent, and the year from the date', () => {
    expect(usCertification(details)).toBe('R');
    expect(record.movie).toMatchObject({ imdbId: null, year: 1979, contentRating: 'R', title: 'Alien' });
  });

  it('keeps the cast in credit order, known crew jobs, each person once, and known video types', () => {
    expect(record.cast).toEqual([
      { personTmdbId: 1, character: null, order: 0 },
      { personTmdbId: 2, character: 'Dallas', order: 1 },
    ]);
    expect(record.crew.map((c) => c.job)).toEqual(['Director', 'Producer']);
    expect(record.people.map((p) => p.tmdbId)).toEqual([1, 2, 3]);
    expect(record.videos.map((v) => v.type)).toEqual(['trailer']);
  });
});

describe('recorded values', () => {
  it('fills gaps, keeps locked fields, backfills ids, and falls back to OMDb’s rating', () => {
    const movie = {
      title: 'alien',
      title_locked: true,
      plot: null,
      plot_locked: false,
      sort_title: null,
      sort_title_locked: false,
      tmdb_id: null,
      imdb_id: 'tt0078748',
      tvdb_id: null,
      content_rating: null,
      field_sources: { imdb_id: 'user' },
      identification_status: 'published',
    };
    const cache = {
      title: 'Alien',
      overview: 'In space…',
      content_rating: null,
      omdb_rated: 'R',
      tmdb_id: 348,
      imdb_id: 'tt0078748',
      tvdb_id: null,
    };
    const { values, changed } = recordedValues(movie, cache);
    expect(changed).toEqual(['plot', 'content_rating', 'sort_title', 'tmdb_id']);
    expect(values).toMatchObject({ plot: 'In space…', content_rating: 'R', sort_title: 'alien', tmdb_id: 348 });
    expect(JSON.parse(values.field_sources as string)).toEqual({
      imdb_id: 'user',
      plot: 'tmdb',
      content_rating: 'omdb',
    });
    expect(values.identification_status).toBe('published');
  });
});

describe('Fanart.tv image URLs', () => {
  it('fetches the http links Fanart.tv still lists for older images over https, and leaves others alone', () => {
    expect(secureFanartUrl('http://assets.fanart.tv/fanart/movies/603/movieposter/x.jpg')).toBe(
      'https://assets.fanart.tv/fanart/movies/603/movieposter/x.jpg',
    );
    expect(secureFanartUrl('https://assets.fanart.tv/a.jpg')).toBe('https://assets.fanart.tv/a.jpg');
    expect(secureFanartUrl('http://127.0.0.1:3999/fanart/art/a.jpg')).toBe('http://127.0.0.1:3999/fanart/art/a.jpg');
  });
});
