import { ApplicationFailure, Context } from '@temporalio/activity';
import { inTransaction, type PoolClient } from '../db/pool.js';
import { identifyBySearch } from '../domain/identification.js';
import { isFresh } from '../domain/provider-ttl.js';
import type { TmdbMovieDetails } from '../domain/schemas.js';
import type { ScrapeOutcome, Trigger } from '../domain/types.js';
import { TmdbClient } from '../providers/tmdb.js';
import type { ActivityDeps } from './deps.js';
import { toActivityFailure } from './failures.js';

const CAST_LIMIT = 50;
const CREW_JOBS = new Set(['Director', 'Writer', 'Screenplay', 'Producer', 'Executive Producer', 'Story', 'Cinematography', 'Music']);
const VIDEO_TYPES: Record<string, string> = {
  Trailer: 'trailer',
  Teaser: 'teaser',
  Clip: 'clip',
  Featurette: 'featurette',
  'Behind the Scenes': 'behind_the_scenes',
  Bloopers: 'bloopers',
  'Opening Credits': 'opening_credits',
};

interface MovieRow {
  id: number;
  tmdb_id: number | null;
  imdb_id: string | null;
  title: string;
  year: number | null;
  monitored: boolean;
}

/** US theatrical (3) or limited (2) certification (ENRICHMENT.md §3.5, acceptance 10). */
export function usCertification(details: TmdbMovieDetails): string | null {
  const us = details.release_dates?.results.find((r) => r.iso_3166_1 === 'US');
  const rel = us?.release_dates.find((d) => (d.type === 3 || d.type === 2) && d.certification.trim() !== '');
  return rel ? rel.certification.trim() : null;
}

export function createScrapeActivities({ pool, config, gate }: ActivityDeps) {
  const tmdb = () => {
    if (!config.tmdb.apiKey)
      throw ApplicationFailure.nonRetryable('TMDB_API_KEY is not set: the worker cannot reach TMDB', 'Config');
    const client = new TmdbClient({ ...config.tmdb, apiKey: config.tmdb.apiKey, language: config.preferredLanguage });
    // Every request passes the shared breaker and rate limiter; waiting for a slot heartbeats.
    const via = <T>(request: () => Promise<T>) => gate.call('tmdb', request, (waitMs) => Context.current().heartbeat({ waitingForRateLimitMs: waitMs }));
    return {
      movie: (id: number) => via(() => client.movie(id)),
      findByImdbId: (id: string) => via(() => client.findByImdbId(id)),
      searchMovie: (q: string) => via(() => client.searchMovie(q)),
    };
  };

  /**
   * Phase 1: identify the movie and make sure fresh TMDB data is in the provider cache.
   * Writes only provider-cache tables; `movies` is written by the recording phase.
   */
  /**
   * Identified as a film another live row already is (registered once by id and once by title,
   * say): recording would break the one-row-per-id rule, so the user decides.
   */
  async function duplicateOf(movieId: number, column: 'tmdb_id' | 'imdb_id', value: number | string): Promise<ScrapeOutcome | null> {
    const owner = (
      await pool.query<{ id: number; title: string }>(
        `SELECT id, title FROM movies WHERE ${column} = $1 AND id <> $2 AND deleted_at IS NULL`,
        [value, movieId],
      )
    ).rows[0];
    if (!owner) return null;
    const label = column === 'tmdb_id' ? `TMDB ${value}` : `IMDb ${value}`;
    return { status: 'needs_identification', reason: `${label} is already movie ${owner.id} ("${owner.title}"): a duplicate registration` };
  }

  async function scrapeMovie(input: { movieId: number; trigger: Trigger; force: boolean }): Promise<ScrapeOutcome> {
    const movie = (
      await pool.query<MovieRow>(
        'SELECT id, tmdb_id, imdb_id, title, year, monitored FROM movies WHERE id = $1 AND deleted_at IS NULL',
        [input.movieId],
      )
    ).rows[0];
    if (!movie) throw ApplicationFailure.nonRetryable(`movie ${input.movieId} does not exist`, 'NotFound');
    // §11.2: automation leaves unmonitored movies alone; a user's click still enriches.
    if (!movie.monitored && input.trigger !== 'user') return { status: 'unmonitored' };

    try {
      let tmdbId = movie.tmdb_id;
      if (tmdbId === null && movie.imdb_id) {
        const found = await tmdb().findByImdbId(movie.imdb_id);
        if (!found[0]) return { status: 'needs_identification', reason: `TMDB knows no movie with IMDb id ${movie.imdb_id}` };
        tmdbId = found[0].id;
      }
      if (tmdbId === null) {
        const match = identifyBySearch(movie.title, movie.year, await tmdb().searchMovie(movie.title));
        if (!match.ok) return { status: 'needs_identification', reason: match.reason };
        tmdbId = match.tmdbId;
      }

      const duplicate = await duplicateOf(movie.id, 'tmdb_id', tmdbId);
      if (duplicate) return duplicate;

      const cached = (
        await pool.query<{ id: number; imdb_id: string | null; tmdb_fetched_at: Date | null }>(
          'SELECT id, imdb_id, tmdb_fetched_at FROM provider_cache_movies WHERE tmdb_id = $1',
          [tmdbId],
        )
      ).rows[0];

      let outcome: ScrapeOutcome;
      if (cached && isFresh('tmdb', cached.tmdb_fetched_at, input.force)) outcome = { status: 'ok', tmdbId, imdbId: cached.imdb_id, cacheId: cached.id, fetched: false };
      else {
        const details = await tmdb().movie(tmdbId);
        const cacheId = await inTransaction(pool, (c) => storeTmdbMovie(c, details));
        outcome = { status: 'ok', tmdbId, imdbId: details.imdb_id ?? details.external_ids?.imdb_id ?? null, cacheId, fetched: true };
      }
      if (outcome.imdbId && outcome.imdbId !== movie.imdb_id) return (await duplicateOf(movie.id, 'imdb_id', outcome.imdbId)) ?? outcome;
      return outcome;
    } catch (err) {
      throw toActivityFailure(err);
    }
  }

  return { scrapeMovie };
}

const emptyToNull = (s: string | null | undefined) => (s && s.trim() !== '' ? s : null);

/** Upserts the movie and rewrites all its TMDB-sourced relationships (§3.5), in the caller's transaction. */
async function storeTmdbMovie(c: PoolClient, d: TmdbMovieDetails): Promise<number> {
  // Films share genres, companies, people and keywords: concurrent stores upserting them in
  // different orders deadlock, so stores take turns (each is a few milliseconds).
  await c.query("SELECT pg_advisory_xact_lock(hashtext('store-tmdb-movie'))");
  const releaseDate = emptyToNull(d.release_date);
  const ext = d.external_ids;
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO provider_cache_movies (
       tmdb_id, imdb_id, tvdb_id, title, original_title, original_language, overview, tagline, release_date, year,
       runtime, status, content_rating, tmdb_rating, tmdb_votes, popularity, budget, revenue, homepage, adult,
       external_ids, tmdb_fetched_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21, now())
     ON CONFLICT (tmdb_id) DO UPDATE SET
       imdb_id = EXCLUDED.imdb_id, tvdb_id = EXCLUDED.tvdb_id, title = EXCLUDED.title,
       original_title = EXCLUDED.original_title, original_language = EXCLUDED.original_language,
       overview = EXCLUDED.overview, tagline = EXCLUDED.tagline, release_date = EXCLUDED.release_date,
       year = EXCLUDED.year, runtime = EXCLUDED.runtime, status = EXCLUDED.status,
       content_rating = EXCLUDED.content_rating, tmdb_rating = EXCLUDED.tmdb_rating, tmdb_votes = EXCLUDED.tmdb_votes,
       popularity = EXCLUDED.popularity, budget = EXCLUDED.budget, revenue = EXCLUDED.revenue,
       homepage = EXCLUDED.homepage, adult = EXCLUDED.adult, external_ids = EXCLUDED.external_ids,
       tmdb_fetched_at = now()
     RETURNING id`,
    [
      d.id,
      emptyToNull(d.imdb_id ?? ext?.imdb_id),
      ext?.tvdb_id ?? null,
      d.title,
      emptyToNull(d.original_title),
      emptyToNull(d.original_language),
      emptyToNull(d.overview),
      emptyToNull(d.tagline),
      releaseDate,
      releaseDate ? Number(releaseDate.slice(0, 4)) : null,
      d.runtime || null,
      emptyToNull(d.status),
      usCertification(d),
      d.vote_average ?? null,
      d.vote_count ?? null,
      d.popularity ?? null,
      d.budget || null,
      d.revenue || null,
      emptyToNull(d.homepage),
      d.adult ?? false,
      JSON.stringify(ext ?? {}),
    ],
  );
  const id = rows[0]!.id;

  for (const table of ['provider_cache_movie_genres', 'provider_cache_movie_companies', 'provider_cache_movie_countries', 'provider_cache_movie_keywords', 'provider_cache_movie_cast', 'provider_cache_movie_crew'])
    await c.query(`DELETE FROM ${table} WHERE movie_cache_id = $1`, [id]);
  await c.query(`DELETE FROM provider_cache_images WHERE entity_type = 'movie' AND entity_cache_id = $1 AND provider_name = 'tmdb'`, [id]);
  await c.query(`DELETE FROM provider_cache_videos WHERE entity_type = 'movie' AND entity_cache_id = $1 AND provider_name = 'tmdb'`, [id]);

  for (const g of d.genres) {
    const gid = await upsertReturningId(
      c,
      `INSERT INTO provider_cache_genres (tmdb_genre_id, name) VALUES ($1, $2)
       ON CONFLICT (tmdb_genre_id) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [g.id, g.name],
    );
    await c.query('INSERT INTO provider_cache_movie_genres VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, gid]);
  }
  for (const p of d.production_companies) {
    const cid = await upsertReturningId(
      c,
      `INSERT INTO provider_cache_companies (tmdb_company_id, name, logo_path, origin_country) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tmdb_company_id) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [p.id, p.name, p.logo_path ?? null, emptyToNull(p.origin_country)],
    );
    await c.query('INSERT INTO provider_cache_movie_companies VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, cid]);
  }
  for (const country of d.production_countries) {
    const cid = await upsertReturningId(
      c,
      `INSERT INTO provider_cache_countries (iso_3166_1, name) VALUES ($1, $2)
       ON CONFLICT (iso_3166_1) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [country.iso_3166_1, country.name],
    );
    await c.query('INSERT INTO provider_cache_movie_countries VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, cid]);
  }
  for (const k of d.keywords?.keywords ?? []) {
    const kid = await upsertReturningId(
      c,
      `INSERT INTO provider_cache_keywords (tmdb_keyword_id, name) VALUES ($1, $2)
       ON CONFLICT (tmdb_keyword_id) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [k.id, k.name],
    );
    await c.query('INSERT INTO provider_cache_movie_keywords VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, kid]);
  }

  // People: existing rows are not updated (§3.5), so the ON CONFLICT clause is a no-op that returns the id.
  const person = (p: { id: number; name: string; profile_path?: string | null; popularity?: number; gender?: number | null; known_for_department?: string | null }) =>
    upsertReturningId(
      c,
      `INSERT INTO provider_cache_people (tmdb_person_id, name, profile_path, popularity, gender, known_for_department)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tmdb_person_id) DO UPDATE SET tmdb_person_id = EXCLUDED.tmdb_person_id RETURNING id`,
      [p.id, p.name, p.profile_path ?? null, p.popularity ?? null, p.gender ?? null, p.known_for_department ?? null],
    );
  const cast = [...(d.credits?.cast ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).slice(0, CAST_LIMIT);
  for (const [i, m] of cast.entries()) {
    await c.query(
      'INSERT INTO provider_cache_movie_cast (movie_cache_id, person_cache_id, character_name, cast_order) VALUES ($1, $2, $3, $4)',
      [id, await person(m), emptyToNull(m.character), m.order ?? i],
    );
  }
  for (const m of (d.credits?.crew ?? []).filter((m) => CREW_JOBS.has(m.job))) {
    await c.query('INSERT INTO provider_cache_movie_crew (movie_cache_id, person_cache_id, job, department) VALUES ($1, $2, $3, $4)', [
      id,
      await person(m),
      m.job,
      m.department ?? null,
    ]);
  }

  const images = d.images ?? { posters: [], backdrops: [], logos: [] };
  for (const [type, list] of [
    ['poster', images.posters],
    ['backdrop', images.backdrops],
    ['logo', images.logos],
  ] as const) {
    for (const img of list) {
      await c.query(
        `INSERT INTO provider_cache_images (entity_type, entity_cache_id, image_type, provider_name, file_path, width, height,
           aspect_ratio, vote_average, vote_count, iso_639_1)
         VALUES ('movie', $1, $2, 'tmdb', $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [id, type, img.file_path, img.width || null, img.height || null, img.aspect_ratio ?? null, img.vote_average ?? null, img.vote_count ?? null, img.iso_639_1],
      );
    }
  }
  for (const v of d.videos?.results ?? []) {
    const type = VIDEO_TYPES[v.type];
    if (!type) continue; // §15.7: other video types are skipped
    await c.query(
      `INSERT INTO provider_cache_videos (entity_type, entity_cache_id, video_type, provider_name, provider_video_id, name, site, key,
         size, published_at, official, iso_639_1, iso_3166_1)
       VALUES ('movie', $1, $2, 'tmdb', $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [id, type, v.id, v.name, v.site, v.key, v.size ?? null, v.published_at ?? null, v.official ?? null, v.iso_639_1 ?? null, v.iso_3166_1 ?? null],
    );
  }
  if (d.belongs_to_collection) {
    const colId = await upsertReturningId(
      c,
      `INSERT INTO provider_cache_movie_collections (tmdb_collection_id, name) VALUES ($1, $2)
       ON CONFLICT (tmdb_collection_id) DO UPDATE SET name = EXCLUDED.name, fetched_at = now() RETURNING id`,
      [d.belongs_to_collection.id, d.belongs_to_collection.name],
    );
    await c.query('INSERT INTO provider_cache_collection_movies (collection_id, movie_cache_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [colId, id]);
  }
  return id;
}

async function upsertReturningId(c: PoolClient, sql: string, params: unknown[]): Promise<number> {
  return (await c.query<{ id: number }>(sql, params)).rows[0]!.id;
}
