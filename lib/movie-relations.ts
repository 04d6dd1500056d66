// §8.1 relationships, written inside the recording transaction: named lists (genres, studios,
// countries, tags; D1 list locks are checked by the caller), crew, cast (with its per-link locks),
// and the collection. A provider list that is empty never erases what the movie has.
import type { PoolClient } from '../db/pool.js';

/** A list of names from the provider cache, in its order, without repeats. */
async function cachedNames(c: PoolClient, sql: string, cacheId: number): Promise<string[]> {
  const names = (await c.query<{ name: string }>(sql, [cacheId])).rows.map((r) => r.name);
  return [...new Set(names)];
}

/** Lists recorded by name: where the provider's names come from, and the movie's link tables. */
export const NAMED_LISTS = {
  genres: {
    source: `SELECT g.name FROM provider_cache_movie_genres l JOIN provider_cache_genres g ON g.id = l.genre_id WHERE l.movie_cache_id = $1 ORDER BY g.name`,
    table: 'genres',
    link: 'movie_genres',
    key: 'genre_id',
  },
  studios: {
    source: `SELECT x.name FROM provider_cache_movie_companies l JOIN provider_cache_companies x ON x.id = l.company_id WHERE l.movie_cache_id = $1 ORDER BY x.name`,
    table: 'studios',
    link: 'movie_studios',
    key: 'studio_id',
  },
  countries: {
    source: `SELECT x.name FROM provider_cache_movie_countries l JOIN provider_cache_countries x ON x.id = l.country_id WHERE l.movie_cache_id = $1 ORDER BY x.name`,
    table: 'countries',
    link: 'movie_countries',
    key: 'country_id',
  },
  tags: {
    source: `SELECT x.name FROM provider_cache_movie_keywords l JOIN provider_cache_keywords x ON x.id = l.keyword_id WHERE l.movie_cache_id = $1 ORDER BY x.name`,
    table: 'tags',
    link: 'movie_tags',
    key: 'tag_id',
  },
} as const;
export type NamedList = keyof typeof NAMED_LISTS;

/** The movie's names in one list, sorted. */
export async function listNames(c: PoolClient, movieId: number, list: NamedList): Promise<string[]> {
  const { table, link, key } = NAMED_LISTS[list];
  return (
    await c.query<{ name: string }>(`SELECT x.name FROM ${link} l JOIN ${table} x ON x.id = l.${key} WHERE l.movie_id = $1 ORDER BY x.name`, [movieId])
  ).rows.map((r) => r.name);
}

/** Replaces one list with `names` (creating lookup rows by name); false when nothing changed. */
export async function writeNamedList(c: PoolClient, movieId: number, list: NamedList, names: readonly string[]): Promise<boolean> {
  const wanted = [...new Set(names)].sort();
  if ((await listNames(c, movieId, list)).join('\n') === wanted.join('\n')) return false;
  const { table, link, key } = NAMED_LISTS[list];
  await c.query(`DELETE FROM ${link} WHERE movie_id = $1`, [movieId]);
  for (const name of wanted) {
    const id =
      list === 'genres'
        ? (await c.query<{ id: number }>(`INSERT INTO genres (name, media_type) VALUES ($1, 'movie') ON CONFLICT (name, media_type) DO UPDATE SET name = EXCLUDED.name RETURNING id`, [name])).rows[0]!.id
        : (await c.query<{ id: number }>(`INSERT INTO ${table} (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`, [name])).rows[0]!.id;
    await c.query(`INSERT INTO ${link} (movie_id, ${key}) VALUES ($1, $2)`, [movieId, id]);
  }
  return true;
}

/** The provider's list replaces the movie's when it has any names. */
export async function syncNamedList(c: PoolClient, movieId: number, cacheId: number, list: NamedList): Promise<boolean> {
  const names = await cachedNames(c, NAMED_LISTS[list].source, cacheId);
  return names.length > 0 && writeNamedList(c, movieId, list, names);
}

export const CREW_JOBS = { directors: ['Director'], writers: ['Writer', 'Screenplay', 'Story'] } as const;
export type CrewList = keyof typeof CREW_JOBS;
const CREW_ROLE: Record<CrewList, string> = { directors: 'director', writers: 'writer' };

export async function crewNames(c: PoolClient, movieId: number, list: CrewList): Promise<string[]> {
  return (
    await c.query<{ name: string }>(
      'SELECT cw.name FROM movie_crew mc JOIN crew cw ON cw.id = mc.crew_id WHERE mc.movie_id = $1 AND mc.role = $2 ORDER BY mc.sort_order',
      [movieId, CREW_ROLE[list]],
    )
  ).rows.map((r) => r.name);
}

/** Replaces directors or writers with `people` in order (§8.1: de-duplicated by name); false when unchanged. */
export async function writeCrew(c: PoolClient, movieId: number, list: CrewList, people: readonly { name: string; tmdbId: number | null }[]): Promise<boolean> {
  const unique = people.filter((p, i) => people.findIndex((q) => q.name === p.name) === i);
  if ((await crewNames(c, movieId, list)).join('\n') === unique.map((p) => p.name).join('\n')) return false;
  await c.query('DELETE FROM movie_crew WHERE movie_id = $1 AND role = $2', [movieId, CREW_ROLE[list]]);
  for (const [i, p] of unique.entries()) {
    const id = (
      await c.query<{ id: number }>(
        `INSERT INTO crew (name, tmdb_id) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET tmdb_id = COALESCE(crew.tmdb_id, EXCLUDED.tmdb_id) RETURNING id`,
        [p.name, p.tmdbId],
      )
    ).rows[0]!.id;
    await c.query('INSERT INTO movie_crew (movie_id, crew_id, role, sort_order) VALUES ($1, $2, $3, $4)', [movieId, id, CREW_ROLE[list], i]);
  }
  return true;
}

/** Directors or writers from the cached crew, in credit order, when the provider names any. */
export async function syncCrew(c: PoolClient, movieId: number, cacheId: number, list: CrewList): Promise<boolean> {
  const people = (
    await c.query<{ name: string; tmdb_person_id: number | null }>(
      `SELECT p.name, p.tmdb_person_id FROM provider_cache_movie_crew cr JOIN provider_cache_people p ON p.id = cr.person_cache_id
        WHERE cr.movie_cache_id = $1 AND cr.job = ANY($2) ORDER BY cr.id`,
      [cacheId, [...CREW_JOBS[list]]],
    )
  ).rows;
  return people.length > 0 && writeCrew(c, movieId, list, people.map((p) => ({ name: p.name, tmdbId: p.tmdb_person_id })));
}

/** D20: at most this many cast members are linked. */
export const MAX_CAST = 50;

const normalise = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * §8.1 cast sync: actors found by TMDB id, else by normalised name (one person per name, §15.16),
 * created when missing. A link the user removed is never touched or re-created; a locked role and
 * a locked order are kept; a new link gets no order while the order is locked. Actors the
 * provider no longer lists stay linked. Returns whether anything changed.
 */
export async function syncCast(c: PoolClient, movieId: number, cacheId: number, orderLocked: boolean): Promise<boolean> {
  const cast = (
    await c.query<{ name: string; tmdb_person_id: number | null; imdb_person_id: string | null; character_name: string | null; cast_order: number | null }>(
      `SELECT p.name, p.tmdb_person_id, p.imdb_person_id, mc.character_name, mc.cast_order
         FROM provider_cache_movie_cast mc JOIN provider_cache_people p ON p.id = mc.person_cache_id
        WHERE mc.movie_cache_id = $1 ORDER BY mc.cast_order NULLS LAST, mc.id LIMIT $2`,
      [cacheId, MAX_CAST],
    )
  ).rows;
  let changed = false;
  for (const member of cast) {
    const actorId = await actorFor(c, member.name, member.tmdb_person_id, member.imdb_person_id);
    const link = (
      await c.query<{ role: string | null; actor_order: number | null; role_locked: boolean; removed: boolean }>(
        'SELECT role, actor_order, role_locked, removed FROM movie_actors WHERE movie_id = $1 AND actor_id = $2',
        [movieId, actorId],
      )
    ).rows[0];
    if (!link) {
      await c.query('INSERT INTO movie_actors (movie_id, actor_id, role, actor_order) VALUES ($1, $2, $3, $4)', [
        movieId,
        actorId,
        member.character_name,
        orderLocked ? null : member.cast_order,
      ]);
      changed = true;
      continue;
    }
    if (link.removed) continue;
    const role = link.role_locked || !member.character_name ? link.role : member.character_name;
    const order = orderLocked ? link.actor_order : member.cast_order;
    if (role !== link.role || order !== link.actor_order) {
      await c.query('UPDATE movie_actors SET role = $3, actor_order = $4 WHERE movie_id = $1 AND actor_id = $2', [movieId, actorId, role, order]);
      changed = true;
    }
  }
  return changed;
}

/**
 * The actor for a cast member: by TMDB id, else by normalised name (ids backfilled where empty),
 * else a new one. Look-ups first, so no statement fails inside the transaction; two recordings
 * creating the same new actor at once conflict on the unique name and the loser's activity retries.
 */
async function actorFor(c: PoolClient, name: string, tmdbId: number | null, imdbId: string | null): Promise<number> {
  const byTmdb = tmdbId === null ? undefined : (await c.query<{ id: number }>('SELECT id FROM actors WHERE tmdb_id = $1', [tmdbId])).rows[0];
  if (byTmdb) return byTmdb.id;
  const byName = (await c.query<{ id: number }>('SELECT id FROM actors WHERE name_normalized = $1', [normalise(name)])).rows[0];
  if (byName) {
    await c.query('UPDATE actors SET tmdb_id = COALESCE(tmdb_id, $2), imdb_id = COALESCE(imdb_id, $3), updated_at = now() WHERE id = $1 AND (tmdb_id IS NULL OR imdb_id IS NULL)', [
      byName.id,
      tmdbId,
      imdbId,
    ]);
    return byName.id;
  }
  return (
    await c.query<{ id: number }>('INSERT INTO actors (name, name_normalized, tmdb_id, imdb_id) VALUES ($1, $2, $3, $4) RETURNING id', [name, normalise(name), tmdbId, imdbId])
  ).rows[0]!.id;
}

/** The TMDB collection ("set" in Kodi's NFO) the provider puts the movie in, when it names one. */
export async function syncCollection(c: PoolClient, movieId: number, cacheId: number): Promise<boolean> {
  const set = (
    await c.query<{ tmdb_collection_id: number; name: string; overview: string | null; part_number: number | null }>(
      `SELECT pc.tmdb_collection_id, pc.name, pc.overview, cm.part_number
         FROM provider_cache_collection_movies cm JOIN provider_cache_movie_collections pc ON pc.id = cm.collection_id
        WHERE cm.movie_cache_id = $1 LIMIT 1`,
      [cacheId],
    )
  ).rows[0];
  if (!set) return false;
  const id = (
    await c.query<{ id: number }>(
      `INSERT INTO movie_collections (tmdb_collection_id, name, plot) VALUES ($1, $2, $3)
       ON CONFLICT (tmdb_collection_id) DO UPDATE SET name = EXCLUDED.name, plot = COALESCE(EXCLUDED.plot, movie_collections.plot)
       RETURNING id`,
      [set.tmdb_collection_id, set.name, set.overview],
    )
  ).rows[0]!.id;
  const inserted = await c.query(
    `INSERT INTO movie_collection_members (movie_id, collection_id, sort_order) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [movieId, id, set.part_number],
  );
  return (inserted.rowCount ?? 0) > 0;
}
