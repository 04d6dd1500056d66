// Issue 5, must-show 2: for random lock sets, random movie values and random provider data, the
// real recording transaction (PostgreSQL, no mocks) never changes a locked field or list, and never
// empties an unlocked field that had a value.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.js';
import { inTransaction } from '../db/pool.js';
import { crewNames, listNames, writeCrew, writeNamedList } from '../db/relations.js';
import { useHarness } from './support/harness.js';

const h = useHarness();
let movieId: number;
let cacheId: number;
beforeAll(async () => {
  movieId = (await h.pool.query(`INSERT INTO movies (title) VALUES ('Property test') RETURNING id`)).rows[0].id;
  cacheId = (await h.pool.query(`INSERT INTO provider_cache_movies (title) VALUES ('Provider') RETURNING id`)).rows[0]
    .id;
  // Provider-side lookup rows the random lists link to.
  for (const [i, name] of NAMES.entries()) {
    await h.pool.query('INSERT INTO provider_cache_genres (name) VALUES ($1)', [name]);
    await h.pool.query('INSERT INTO provider_cache_companies (name) VALUES ($1)', [name]);
    await h.pool.query('INSERT INTO provider_cache_countries (iso_3166_1, name) VALUES ($1, $2)', [`X${i}`, name]);
    await h.pool.query('INSERT INTO provider_cache_keywords (name) VALUES ($1)', [name]);
    await h.pool.query('INSERT INTO provider_cache_people (name) VALUES ($1)', [name]);
  }
});

const NAMES = ['Alpha', 'Beta', 'Gamma'];

/** movies column ← provider-cache column, and the locks that protect it. */
const SCALARS = {
  title: { from: 'title', locks: ['title'] },
  original_title: { from: 'original_title', locks: ['title', 'original_title'] },
  plot: { from: 'overview', locks: ['plot'] },
  outline: { from: 'outline', locks: ['outline'] },
  tagline: { from: 'tagline', locks: ['tagline'] },
  release_date: { from: 'release_date', locks: ['release_date'] },
  year: { from: 'year', locks: ['year', 'release_date'] },
  runtime: { from: 'runtime', locks: ['runtime'] },
  content_rating: { from: 'content_rating', locks: ['content_rating'] },
  tmdb_rating: { from: 'tmdb_rating', locks: ['ratings'] },
  imdb_rating: { from: 'imdb_rating', locks: ['ratings'] },
  rotten_tomatoes_score: { from: 'rotten_tomatoes_score', locks: ['ratings'] },
} as const;
type Scalar = keyof typeof SCALARS;
const LISTS = ['genres', 'studios', 'countries', 'tags', 'directors', 'writers'] as const;
type List = (typeof LISTS)[number];
const LOCKS = [
  'title',
  'original_title',
  'plot',
  'outline',
  'tagline',
  'release_date',
  'year',
  'runtime',
  'content_rating',
  'ratings',
  ...LISTS,
] as const;

const text = fc.option(fc.constantFrom('', 'One', 'Two', 'A longer text & <markup>'), { nil: null });
const value: Record<Scalar, fc.Arbitrary<string | number | null>> = {
  title: fc.constantFrom('One', 'Two', 'Three'), // never empty: NOT NULL on both sides
  original_title: text,
  plot: text,
  outline: text,
  tagline: text,
  release_date: fc.option(fc.constantFrom('1979-05-25', '1999-03-31'), { nil: null }),
  year: fc.option(fc.integer({ min: 1900, max: 2030 }), { nil: null }),
  runtime: fc.option(fc.integer({ min: 1, max: 240 }), { nil: null }),
  content_rating: text,
  tmdb_rating: fc.option(fc.constantFrom(5.5, 7.25, 8), { nil: null }),
  imdb_rating: fc.option(fc.constantFrom(5.5, 7.25, 8), { nil: null }),
  rotten_tomatoes_score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
};
const names = fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 });
const scalars = fc.record(value);
const lists = fc.record(Object.fromEntries(LISTS.map((l) => [l, names])) as Record<List, typeof names>);

const CACHE_LINKS: Record<Exclude<List, 'directors' | 'writers'>, [link: string, key: string, table: string]> = {
  genres: ['provider_cache_movie_genres', 'genre_id', 'provider_cache_genres'],
  studios: ['provider_cache_movie_companies', 'company_id', 'provider_cache_companies'],
  countries: ['provider_cache_movie_countries', 'country_id', 'provider_cache_countries'],
  tags: ['provider_cache_movie_keywords', 'keyword_id', 'provider_cache_keywords'],
};
const isEmpty = (v: unknown) => v === null || v === '';

async function snapshot() {
  const row = (await h.pool.query(`SELECT ${Object.keys(SCALARS).join(', ')} FROM movies WHERE id = $1`, [movieId]))
    .rows[0];
  const out: Record<string, unknown> = { ...row };
  await inTransaction(h.pool, async (c) => {
    for (const l of LISTS)
      out[l] = l === 'directors' || l === 'writers' ? await crewNames(c, movieId, l) : await listNames(c, movieId, l);
  });
  return out;
}

describe('recording under random locks and provider data (must-show 2)', () => {
  it('never changes a locked field or list, and never empties an unlocked field', async () => {
    const { recordEnrichment } = createActivities({ pool: h.pool, config: h.config });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...LOCKS]),
        scalars,
        lists,
        scalars,
        lists,
        async (locked, current, currentLists, provider, providerLists) => {
          runs++;
          // The movie as the user left it.
          const cols = Object.keys(SCALARS) as Scalar[];
          await h.pool.query(
            `UPDATE movies SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, ${LOCKS.map((l) => `${l}_locked = ${locked.includes(l)}`).join(', ')}, sort_title = 'x'
            WHERE id = $1`,
            [movieId, ...cols.map((c) => current[c])],
          );
          await inTransaction(h.pool, async (c) => {
            for (const l of LISTS)
              if (l === 'directors' || l === 'writers')
                await writeCrew(
                  c,
                  movieId,
                  l,
                  currentLists[l].map((name) => ({ name, tmdbId: null })),
                );
              else await writeNamedList(c, movieId, l, currentLists[l]);
          });
          // What the providers say now.
          await h.pool.query(
            `UPDATE provider_cache_movies SET ${cols.map((c, i) => `${SCALARS[c].from} = $${i + 2}`).join(', ')} WHERE id = $1`,
            [cacheId, ...cols.map((c) => provider[c])],
          );
          for (const [list, [link, key, table]] of Object.entries(CACHE_LINKS)) {
            await h.pool.query(`DELETE FROM ${link} WHERE movie_cache_id = $1`, [cacheId]);
            for (const name of providerLists[list as List])
              await h.pool.query(
                `INSERT INTO ${link} (movie_cache_id, ${key}) SELECT $1, id FROM ${table} WHERE name = $2`,
                [cacheId, name],
              );
          }
          await h.pool.query('DELETE FROM provider_cache_movie_crew WHERE movie_cache_id = $1', [cacheId]);
          for (const [list, job] of [
            ['directors', 'Director'],
            ['writers', 'Screenplay'],
          ] as const)
            for (const name of providerLists[list])
              await h.pool.query(
                `INSERT INTO provider_cache_movie_crew (movie_cache_id, person_cache_id, job) SELECT $1, id, $2 FROM provider_cache_people WHERE name = $3`,
                [cacheId, job, name],
              );

          const before = await snapshot();
          await recordEnrichment({ movieId, cacheId, selections: [] });
          const after = await snapshot();

          for (const c of cols) {
            const isLocked = SCALARS[c].locks.some((l) => locked.includes(l));
            if (isLocked) expect(after[c], `${c} is locked`).toEqual(before[c]);
            else {
              if (!isEmpty(before[c])) expect(isEmpty(after[c]), `${c} regressed to empty`).toBe(false);
              if (!isEmpty(provider[c])) expect(after[c], `${c} takes the provider's value`).toEqual(provider[c]);
            }
          }
          for (const l of LISTS) {
            if (locked.includes(l) || providerLists[l].length === 0)
              expect(after[l], `${l} unchanged`).toEqual(before[l]);
            // Crew keeps the provider's credit order; named lists are sets, shown sorted.
            else
              expect(after[l], `${l} from the provider`).toEqual(
                l === 'directors' || l === 'writers' ? providerLists[l] : [...providerLists[l]].sort(),
              );
          }
        },
      ),
      { numRuns: 150, seed: 20261125 },
    );
    expect(runs).toBe(150);
  });
});
