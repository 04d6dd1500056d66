// The provider cache: what TMDB, Fanart.tv and OMDb answered, one row per film with its lists.
// Scraping writes it; recording and candidate planning read it. `movies` is never written here.
import type { FanartCacheImage } from '../domain/fanart.js';
import type { OmdbData } from '../domain/omdb.js';
import type { TmdbCacheRecord } from '../domain/tmdb.js';
import type { Queryable } from './pool.js';

/** The cached film for a TMDB id, with when TMDB's data was fetched. */
export async function findCachedMovie(
  q: Queryable,
  tmdbId: number,
): Promise<{ id: number; imdb_id: string | null; tmdb_fetched_at: Date | null } | undefined> {
  const { rows } = await q.query<{ id: number; imdb_id: string | null; tmdb_fetched_at: Date | null }>(
    'SELECT id, imdb_id, tmdb_fetched_at FROM provider_cache_movies WHERE tmdb_id = $1',
    [tmdbId],
  );
  return rows[0];
}

/** A cached film's whole row (recording copies from it). */
export async function cachedMovieRow(q: Queryable, cacheId: number): Promise<Record<string, unknown> | undefined> {
  return (await q.query('SELECT * FROM provider_cache_movies WHERE id = $1', [cacheId])).rows[0];
}

/** When a supplementary provider's data was fetched; undefined when the cache row is gone. */
export async function supplementaryFetchedAt(
  q: Queryable,
  cacheId: number,
  provider: 'fanart.tv' | 'omdb',
): Promise<{ at: Date | null } | undefined> {
  const column = provider === 'omdb' ? 'omdb_fetched_at' : 'fanart_fetched_at';
  return (
    await q.query<{ at: Date | null }>(`SELECT ${column} AS at FROM provider_cache_movies WHERE id = $1`, [cacheId])
  ).rows[0];
}

/** Lookup tables a cached film links to: their columns (the provider's key first) and link table. */
const LOOKUPS = {
  genres: {
    table: 'provider_cache_genres',
    columns: ['tmdb_genre_id int', 'name text'],
    link: 'provider_cache_movie_genres',
  },
  companies: {
    table: 'provider_cache_companies',
    columns: ['tmdb_company_id int', 'name text', 'logo_path text', 'origin_country text'],
    link: 'provider_cache_movie_companies',
  },
  countries: {
    table: 'provider_cache_countries',
    columns: ['iso_3166_1 text', 'name text'],
    link: 'provider_cache_movie_countries',
  },
  keywords: {
    table: 'provider_cache_keywords',
    columns: ['tmdb_keyword_id int', 'name text'],
    link: 'provider_cache_movie_keywords',
  },
} as const;

/**
 * Upserts lookup rows by their provider key (a name changed at the provider is renamed here), in
 * key order, and links them all to the cached film: one statement. `columns` holds one array per
 * column of `lookup.columns`, the key's first; a key given twice counts once, as given last.
 */
async function linkLookups(
  tx: Queryable,
  movieCacheId: number,
  lookup: (typeof LOOKUPS)[keyof typeof LOOKUPS],
  columns: unknown[][],
): Promise<void> {
  const last = new Map<unknown, number>();
  columns[0]!.forEach((key, i) => last.set(key, i));
  const keep = [...last.values()];
  const names = lookup.columns.map((c) => c.split(' ')[0]!);
  const unnest = lookup.columns.map((c, i) => `$${i + 2}::${c.split(' ')[1]}[]`).join(', ');
  await tx.query(
    `WITH up AS (
       INSERT INTO ${lookup.table} (${names.join(', ')}) SELECT * FROM unnest(${unnest}) ORDER BY 1
       ON CONFLICT (${names[0]}) DO UPDATE SET name = EXCLUDED.name RETURNING id)
     INSERT INTO ${lookup.link} SELECT $1, id FROM up ON CONFLICT DO NOTHING`,
    [movieCacheId, ...columns.map((values) => keep.map((i) => values[i]))],
  );
}

/**
 * Upserts the film and rewrites all its TMDB-sourced lists, in the caller's transaction. Returns
 * the cache row's id. Each list is one statement.
 */
export async function storeTmdbMovie(tx: Queryable, r: TmdbCacheRecord): Promise<number> {
  // Films share genres, companies, countries, keywords and people. Every store upserts them in the
  // same statement order, each statement in key order, so concurrent stores take their row locks
  // in one global order and cannot deadlock; no lock is held across the whole store. Two stores adding
  // the same new genre or keyword at once collide on its unique name instead: the caller stores again.
  const m = r.movie;
  const { rows } = await tx.query<{ id: number }>(
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
      m.tmdbId,
      m.imdbId,
      m.tvdbId,
      m.title,
      m.originalTitle,
      m.originalLanguage,
      m.overview,
      m.tagline,
      m.releaseDate,
      m.year,
      m.runtime,
      m.status,
      m.contentRating,
      m.rating,
      m.votes,
      m.popularity,
      m.budget,
      m.revenue,
      m.homepage,
      m.adult,
      JSON.stringify(m.externalIds),
    ],
  );
  const id = rows[0]!.id;

  for (const table of [
    'provider_cache_movie_genres',
    'provider_cache_movie_companies',
    'provider_cache_movie_countries',
    'provider_cache_movie_keywords',
    'provider_cache_movie_cast',
    'provider_cache_movie_crew',
  ])
    await tx.query(`DELETE FROM ${table} WHERE movie_cache_id = $1`, [id]);
  await tx.query(
    `DELETE FROM provider_cache_images WHERE entity_type = 'movie' AND entity_cache_id = $1 AND provider_name = 'tmdb'`,
    [id],
  );
  await tx.query(
    `DELETE FROM provider_cache_videos WHERE entity_type = 'movie' AND entity_cache_id = $1 AND provider_name = 'tmdb'`,
    [id],
  );

  const { genres, companies, countries, keywords } = r;
  await linkLookups(tx, id, LOOKUPS.genres, [genres.map((g) => g.tmdbId), genres.map((g) => g.name)]);
  await linkLookups(tx, id, LOOKUPS.companies, [
    companies.map((c) => c.tmdbId),
    companies.map((c) => c.name),
    companies.map((c) => c.logoPath),
    companies.map((c) => c.originCountry),
  ]);
  await linkLookups(tx, id, LOOKUPS.countries, [countries.map((c) => c.iso), countries.map((c) => c.name)]);
  await linkLookups(tx, id, LOOKUPS.keywords, [keywords.map((k) => k.tmdbId), keywords.map((k) => k.name)]);

  // People already cached are not updated: the no-op update only returns their id.
  const people = (
    await tx.query<{ id: number; tmdb_person_id: number }>(
      `INSERT INTO provider_cache_people (tmdb_person_id, name, profile_path, popularity, gender, known_for_department)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::real[], $5::int[], $6::text[]) ORDER BY 1
       ON CONFLICT (tmdb_person_id) DO UPDATE SET tmdb_person_id = EXCLUDED.tmdb_person_id
       RETURNING id, tmdb_person_id`,
      [
        r.people.map((p) => p.tmdbId),
        r.people.map((p) => p.name),
        r.people.map((p) => p.profilePath),
        r.people.map((p) => p.popularity),
        r.people.map((p) => p.gender),
        r.people.map((p) => p.department),
      ],
    )
  ).rows;
  const personId = new Map(people.map((p) => [p.tmdb_person_id, p.id]));
  await tx.query(
    `INSERT INTO provider_cache_movie_cast (movie_cache_id, person_cache_id, character_name, cast_order)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[])`,
    [id, r.cast.map((c) => personId.get(c.personTmdbId)), r.cast.map((c) => c.character), r.cast.map((c) => c.order)],
  );
  await tx.query(
    `INSERT INTO provider_cache_movie_crew (movie_cache_id, person_cache_id, job, department)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`,
    [id, r.crew.map((c) => personId.get(c.personTmdbId)), r.crew.map((c) => c.job), r.crew.map((c) => c.department)],
  );

  await tx.query(
    `INSERT INTO provider_cache_images (entity_type, entity_cache_id, image_type, provider_name, file_path, width, height,
       aspect_ratio, vote_average, vote_count, iso_639_1)
     SELECT 'movie', $1, t, 'tmdb', f, w, h, ar, va, vc, lang
       FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::real[], $7::real[], $8::int[], $9::text[])
         AS x(t, f, w, h, ar, va, vc, lang)
     ON CONFLICT DO NOTHING`,
    [
      id,
      r.images.map((i) => i.type),
      r.images.map((i) => i.filePath),
      r.images.map((i) => i.width),
      r.images.map((i) => i.height),
      r.images.map((i) => i.aspectRatio),
      r.images.map((i) => i.voteAverage),
      r.images.map((i) => i.voteCount),
      r.images.map((i) => i.language),
    ],
  );
  await tx.query(
    `INSERT INTO provider_cache_videos (entity_type, entity_cache_id, video_type, provider_name, provider_video_id, name, site,
       key, size, published_at, official, iso_639_1, iso_3166_1)
     SELECT 'movie', $1, t, 'tmdb', vid, n, s, k, sz, pub, off, lang, country
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[], $9::bool[],
                   $10::text[], $11::text[]) AS x(t, vid, n, s, k, sz, pub, off, lang, country)
     ON CONFLICT DO NOTHING`,
    [
      id,
      r.videos.map((v) => v.type),
      r.videos.map((v) => v.providerVideoId),
      r.videos.map((v) => v.name),
      r.videos.map((v) => v.site),
      r.videos.map((v) => v.key),
      r.videos.map((v) => v.size),
      r.videos.map((v) => v.publishedAt),
      r.videos.map((v) => v.official),
      r.videos.map((v) => v.language),
      r.videos.map((v) => v.country),
    ],
  );
  if (r.collection)
    await tx.query(
      `WITH up AS (
         INSERT INTO provider_cache_movie_collections (tmdb_collection_id, name) VALUES ($2, $3)
         ON CONFLICT (tmdb_collection_id) DO UPDATE SET name = EXCLUDED.name, fetched_at = now() RETURNING id)
       INSERT INTO provider_cache_collection_movies (collection_id, movie_cache_id) SELECT id, $1 FROM up
       ON CONFLICT DO NOTHING`,
      [id, r.collection.tmdbId, r.collection.name],
    );
  return id;
}

/** Replaces the film's Fanart.tv images and stamps the fetch, in the caller's transaction. */
export async function storeFanartImages(
  tx: Queryable,
  cacheId: number,
  images: readonly FanartCacheImage[],
  voteAverage: number,
): Promise<void> {
  await tx.query(
    `DELETE FROM provider_cache_images WHERE entity_type = 'movie' AND entity_cache_id = $1 AND provider_name = 'fanart.tv'`,
    [cacheId],
  );
  // Fanart.tv's likes are its votes.
  await tx.query(
    `INSERT INTO provider_cache_images (entity_type, entity_cache_id, image_type, provider_name, provider_image_id, file_path,
       width, height, aspect_ratio, vote_average, vote_count, likes, iso_639_1, disc_number, disc_type, is_hd)
     SELECT 'movie', $1, t, 'fanart.tv', pid, url, w, h, w::real / h, $2, likes, likes, lang, dn, dt, hd
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::text[], $10::int[], $11::text[],
                   $12::bool[]) AS x(t, pid, url, w, h, likes, lang, dn, dt, hd)
     ON CONFLICT DO NOTHING`,
    [
      cacheId,
      voteAverage,
      images.map((i) => i.imageType),
      images.map((i) => i.providerImageId),
      images.map((i) => i.url),
      images.map((i) => i.width),
      images.map((i) => i.height),
      images.map((i) => i.likes),
      images.map((i) => i.language),
      images.map((i) => i.discNumber),
      images.map((i) => i.discType),
      images.map((i) => i.isHd),
    ],
  );
  await tx.query('UPDATE provider_cache_movies SET fanart_fetched_at = now() WHERE id = $1', [cacheId]);
}

/**
 * Stores what OMDb said and stamps the fetch; a value it did not give ("N/A") never erases one an
 * earlier answer gave.
 */
export async function storeOmdb(q: Queryable, cacheId: number, d: OmdbData | null): Promise<void> {
  await q.query(
    `UPDATE provider_cache_movies SET
       outline = COALESCE($2, outline), imdb_rating = COALESCE($3, imdb_rating), imdb_votes = COALESCE($4, imdb_votes),
       rotten_tomatoes_score = COALESCE($5, rotten_tomatoes_score), metacritic_score = COALESCE($6, metacritic_score),
       awards = COALESCE($7, awards), omdb_rated = COALESCE($8, omdb_rated), omdb_fetched_at = now()
     WHERE id = $1`,
    [
      cacheId,
      d?.outline ?? null,
      d?.imdbRating ?? null,
      d?.imdbVotes ?? null,
      d?.rottenTomatoes ?? null,
      d?.metacritic ?? null,
      d?.awards ?? null,
      d?.rated ?? null,
    ],
  );
}

/** The film's cached images of the given provider image types (candidate planning reads these). */
export async function cachedImages(q: Queryable, cacheId: number, imageTypes: readonly string[]) {
  const { rows } = await q.query<{
    provider_name: string;
    file_path: string;
    width: number | null;
    height: number | null;
    iso_639_1: string | null;
    vote_average: number | null;
    vote_count: number | null;
    likes: number | null;
  }>(
    `SELECT provider_name, file_path, width, height, iso_639_1, vote_average, vote_count, likes
       FROM provider_cache_images
      WHERE entity_type = 'movie' AND entity_cache_id = $1 AND image_type = ANY($2)`,
    [cacheId, [...imageTypes]],
  );
  return rows;
}
