// A movie's relationships: named lists (genres, studios, countries, tags), crew, cast with its
// per-link locks, the collection and external ids. Written inside the recording transaction and by
// user edits; list locks are checked by the caller. A provider list that is empty never erases
// what the movie has.
import { CAST_LIMIT, mergeCast, normaliseName, type CastLink, type CastMember } from '../domain/cast.js';
import type { Queryable } from './pool.js';

/** Lists recorded by name: where the provider's names come from, and the movie's link tables. */
const NAMED_LISTS = {
  genres: {
    source: `SELECT g.name FROM provider_cache_movie_genres l JOIN provider_cache_genres g ON g.id = l.genre_id
              WHERE l.movie_cache_id = $1 ORDER BY g.name`,
    table: 'genres',
    link: 'movie_genres',
    key: 'genre_id',
  },
  studios: {
    source: `SELECT x.name FROM provider_cache_movie_companies l JOIN provider_cache_companies x ON x.id = l.company_id
              WHERE l.movie_cache_id = $1 ORDER BY x.name`,
    table: 'studios',
    link: 'movie_studios',
    key: 'studio_id',
  },
  countries: {
    source: `SELECT x.name FROM provider_cache_movie_countries l JOIN provider_cache_countries x ON x.id = l.country_id
              WHERE l.movie_cache_id = $1 ORDER BY x.name`,
    table: 'countries',
    link: 'movie_countries',
    key: 'country_id',
  },
  tags: {
    source: `SELECT x.name FROM provider_cache_movie_keywords l JOIN provider_cache_keywords x ON x.id = l.keyword_id
              WHERE l.movie_cache_id = $1 ORDER BY x.name`,
    table: 'tags',
    link: 'movie_tags',
    key: 'tag_id',
  },
} as const;
export type NamedList = keyof typeof NAMED_LISTS;
export const NAMED_LIST_NAMES = Object.keys(NAMED_LISTS) as NamedList[];

/** The movie's names in one list, sorted (the order the API and the NFO show). */
export async function listNames(q: Queryable, movieId: number, list: NamedList): Promise<string[]> {
  const { table, link, key } = NAMED_LISTS[list];
  const { rows } = await q.query<{ name: string }>(
    `SELECT x.name FROM ${link} l JOIN ${table} x ON x.id = l.${key} WHERE l.movie_id = $1 ORDER BY x.name`,
    [movieId],
  );
  return rows.map((r) => r.name);
}

/** Replaces one list with `names` (creating lookup rows by name); false when nothing changed. */
export async function writeNamedList(
  q: Queryable,
  movieId: number,
  list: NamedList,
  names: readonly string[],
): Promise<boolean> {
  const wanted = [...new Set(names)].sort();
  if ((await listNames(q, movieId, list)).join('\n') === wanted.join('\n')) return false;
  const { table, link, key } = NAMED_LISTS[list];
  await q.query(`DELETE FROM ${link} WHERE movie_id = $1`, [movieId]);
  // Genres are kept per media type; the other lookups by name alone.
  const upsert =
    list === 'genres'
      ? `INSERT INTO genres (name, media_type) SELECT n, 'movie' FROM unnest($1::text[]) AS n ORDER BY n
         ON CONFLICT (name, media_type) DO UPDATE SET name = EXCLUDED.name RETURNING id`
      : `INSERT INTO ${table} (name) SELECT n FROM unnest($1::text[]) AS n ORDER BY n
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`;
  const ids = (await q.query<{ id: number }>(upsert, [wanted])).rows.map((r) => r.id);
  await q.query(`INSERT INTO ${link} (movie_id, ${key}) SELECT $1, unnest($2::int[])`, [movieId, ids]);
  return true;
}

/** The provider's list replaces the movie's when it has any names. */
export async function syncNamedList(q: Queryable, movieId: number, cacheId: number, list: NamedList): Promise<boolean> {
  const names = [
    ...new Set((await q.query<{ name: string }>(NAMED_LISTS[list].source, [cacheId])).rows.map((r) => r.name)),
  ];
  return names.length > 0 && writeNamedList(q, movieId, list, names);
}

/** TMDB crew jobs recorded as directors and writers. */
export const CREW_JOBS = { directors: ['Director'], writers: ['Writer', 'Screenplay', 'Story'] } as const;
export type CrewList = keyof typeof CREW_JOBS;
export const CREW_LISTS = Object.keys(CREW_JOBS) as CrewList[];
const CREW_ROLE: Record<CrewList, string> = { directors: 'director', writers: 'writer' };

/** Directors or writers in credit order. */
export async function crewNames(q: Queryable, movieId: number, list: CrewList): Promise<string[]> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT cw.name FROM movie_crew mc JOIN crew cw ON cw.id = mc.crew_id
      WHERE mc.movie_id = $1 AND mc.role = $2 ORDER BY mc.sort_order, cw.name`,
    [movieId, CREW_ROLE[list]],
  );
  return rows.map((r) => r.name);
}

/** Replaces directors or writers with `people` in order (one entry per name); false when unchanged. */
export async function writeCrew(
  q: Queryable,
  movieId: number,
  list: CrewList,
  people: readonly { name: string; tmdbId: number | null }[],
): Promise<boolean> {
  const unique = people.filter((p, i) => people.findIndex((other) => other.name === p.name) === i);
  if ((await crewNames(q, movieId, list)).join('\n') === unique.map((p) => p.name).join('\n')) return false;
  await q.query('DELETE FROM movie_crew WHERE movie_id = $1 AND role = $2', [movieId, CREW_ROLE[list]]);
  const { rows } = await q.query<{ id: number; name: string }>(
    `INSERT INTO crew (name, tmdb_id) SELECT * FROM unnest($1::text[], $2::int[]) ORDER BY 1
     ON CONFLICT (name) DO UPDATE SET tmdb_id = COALESCE(crew.tmdb_id, EXCLUDED.tmdb_id) RETURNING id, name`,
    [unique.map((p) => p.name), unique.map((p) => p.tmdbId)],
  );
  const idByName = new Map(rows.map((r) => [r.name, r.id]));
  await q.query(
    `INSERT INTO movie_crew (movie_id, crew_id, role, sort_order)
     SELECT $1, crew_id, $2, ord - 1 FROM unnest($3::int[]) WITH ORDINALITY AS t(crew_id, ord)`,
    [movieId, CREW_ROLE[list], unique.map((p) => idByName.get(p.name)!)],
  );
  return true;
}

/** Directors or writers from the cached crew, in credit order, when the provider names any. */
export async function syncCrew(q: Queryable, movieId: number, cacheId: number, list: CrewList): Promise<boolean> {
  const { rows } = await q.query<{ name: string; tmdb_person_id: number | null }>(
    `SELECT p.name, p.tmdb_person_id FROM provider_cache_movie_crew cr JOIN provider_cache_people p ON p.id = cr.person_cache_id
      WHERE cr.movie_cache_id = $1 AND cr.job = ANY($2) ORDER BY cr.id`,
    [cacheId, [...CREW_JOBS[list]]],
  );
  return (
    rows.length > 0 &&
    writeCrew(
      q,
      movieId,
      list,
      rows.map((p) => ({ name: p.name, tmdbId: p.tmdb_person_id })),
    )
  );
}

/**
 * Links the provider's first cast members to the movie. Actors are found by TMDB id, else by
 * normalised name (one person per name), and created when missing; how each link changes
 * (removed links, locked roles, a locked order) is `mergeCast`'s rule. Returns whether anything
 * changed. Two recordings creating the same new actor at once conflict on the unique name and the
 * loser's activity retries.
 */
export async function syncCast(q: Queryable, movieId: number, cacheId: number, orderLocked: boolean): Promise<boolean> {
  const { rows: cast } = await q.query<{
    name: string;
    tmdb_person_id: number | null;
    imdb_person_id: string | null;
    character_name: string | null;
    cast_order: number | null;
  }>(
    `SELECT p.name, p.tmdb_person_id, p.imdb_person_id, mc.character_name, mc.cast_order
       FROM provider_cache_movie_cast mc JOIN provider_cache_people p ON p.id = mc.person_cache_id
      WHERE mc.movie_cache_id = $1 ORDER BY mc.cast_order NULLS LAST, mc.id LIMIT $2`,
    [cacheId, CAST_LIMIT],
  );
  if (cast.length === 0) return false;
  const actorIds = await resolveActors(q, cast);
  const members: CastMember[] = cast.map((m, i) => ({
    actorId: actorIds[i]!,
    role: m.character_name,
    order: m.cast_order,
  }));
  const { rows: existing } = await q.query<CastLink & { actorId: number }>(
    `SELECT actor_id AS "actorId", role, actor_order AS "order", role_locked AS "roleLocked", removed
       FROM movie_actors WHERE movie_id = $1 AND actor_id = ANY($2)`,
    [movieId, [...new Set(actorIds)]],
  );
  const { inserts, updates, changed } = mergeCast(new Map(existing.map((l) => [l.actorId, l])), members, orderLocked);
  if (inserts.length > 0)
    await q.query(
      `INSERT INTO movie_actors (movie_id, actor_id, role, actor_order)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[])`,
      [movieId, inserts.map((l) => l.actorId), inserts.map((l) => l.role), inserts.map((l) => l.order)],
    );
  if (updates.length > 0)
    await q.query(
      `UPDATE movie_actors ma SET role = u.role, actor_order = u.ord
         FROM unnest($2::int[], $3::text[], $4::int[]) AS u(actor_id, role, ord)
        WHERE ma.movie_id = $1 AND ma.actor_id = u.actor_id`,
      [movieId, updates.map((l) => l.actorId), updates.map((l) => l.role), updates.map((l) => l.order)],
    );
  return changed;
}

/**
 * The actor of each cast member, in order: by TMDB id, else by normalised name (ids backfilled
 * where empty), else a new actor. Look-ups first, so no statement fails inside the transaction.
 */
async function resolveActors(
  q: Queryable,
  cast: readonly { name: string; tmdb_person_id: number | null; imdb_person_id: string | null }[],
): Promise<number[]> {
  const { rows: known } = await q.query<{ id: number; tmdb_id: number | null; name_normalized: string }>(
    'SELECT id, tmdb_id, name_normalized FROM actors WHERE tmdb_id = ANY($1) OR name_normalized = ANY($2)',
    [cast.map((m) => m.tmdb_person_id).filter((id) => id !== null), cast.map((m) => normaliseName(m.name))],
  );
  const byTmdb = new Map(known.filter((a) => a.tmdb_id !== null).map((a) => [a.tmdb_id!, a.id]));
  const byName = new Map(known.map((a) => [a.name_normalized, a.id]));
  const knownTmdb = new Map(known.map((a) => [a.id, a.tmdb_id]));
  type Ids = { tmdbId: number | null; imdbId: string | null };
  const backfill = new Map<number, Ids>();
  const created = new Map<string, Ids & { name: string }>();
  // An id a member gives fills the actor's empty one; the first member to give it wins.
  const merge = (into: Ids, m: (typeof cast)[number]) => {
    into.tmdbId ??= m.tmdb_person_id;
    into.imdbId ??= m.imdb_person_id;
  };
  // First pass, in credit order: what exists, what to backfill, what to create (one new actor per
  // normalised name). An actor that takes a TMDB id is who later members with that id are.
  for (const m of cast) {
    if (m.tmdb_person_id !== null && byTmdb.has(m.tmdb_person_id)) continue;
    const key = normaliseName(m.name);
    const id = byName.get(key);
    if (id !== undefined) {
      const ids = backfill.get(id) ?? { tmdbId: null, imdbId: null };
      merge(ids, m);
      backfill.set(id, ids);
      if (m.tmdb_person_id !== null && knownTmdb.get(id) === null && ids.tmdbId === m.tmdb_person_id)
        byTmdb.set(m.tmdb_person_id, id);
    } else {
      const fresh = created.get(key) ?? { name: m.name, tmdbId: null, imdbId: null };
      merge(fresh, m);
      created.set(key, fresh);
      // Its id is known once it is inserted.
      if (m.tmdb_person_id !== null && fresh.tmdbId === m.tmdb_person_id) byTmdb.set(m.tmdb_person_id, -1);
    }
  }
  if (backfill.size > 0)
    await q.query(
      `UPDATE actors a SET tmdb_id = COALESCE(a.tmdb_id, u.tmdb_id), imdb_id = COALESCE(a.imdb_id, u.imdb_id), updated_at = now()
         FROM unnest($1::int[], $2::int[], $3::text[]) AS u(id, tmdb_id, imdb_id)
        WHERE a.id = u.id AND (a.tmdb_id IS NULL OR a.imdb_id IS NULL)`,
      [[...backfill.keys()], [...backfill.values()].map((b) => b.tmdbId), [...backfill.values()].map((b) => b.imdbId)],
    );
  if (created.size > 0) {
    const fresh = [...created.entries()];
    const { rows } = await q.query<{ id: number; name_normalized: string; tmdb_id: number | null }>(
      `INSERT INTO actors (name, name_normalized, tmdb_id, imdb_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) ORDER BY 2
       RETURNING id, name_normalized, tmdb_id`,
      [
        fresh.map(([, a]) => a.name),
        fresh.map(([key]) => key),
        fresh.map(([, a]) => a.tmdbId),
        fresh.map(([, a]) => a.imdbId),
      ],
    );
    for (const a of rows) {
      byName.set(a.name_normalized, a.id);
      if (a.tmdb_id !== null) byTmdb.set(a.tmdb_id, a.id);
    }
  }
  return cast.map((m) => {
    const viaTmdb = m.tmdb_person_id === null ? undefined : byTmdb.get(m.tmdb_person_id);
    return viaTmdb !== undefined ? viaTmdb : byName.get(normaliseName(m.name))!;
  });
}

/**
 * The TMDB collection ("set" in Kodi's NFO) the provider puts the movie in, when it names one; its
 * name when the movie joined it now, else null.
 */
export async function syncCollection(q: Queryable, movieId: number, cacheId: number): Promise<string | null> {
  const set = (
    await q.query<{ tmdb_collection_id: number; name: string; overview: string | null; part_number: number | null }>(
      `SELECT pc.tmdb_collection_id, pc.name, pc.overview, cm.part_number
         FROM provider_cache_collection_movies cm JOIN provider_cache_movie_collections pc ON pc.id = cm.collection_id
        WHERE cm.movie_cache_id = $1 LIMIT 1`,
      [cacheId],
    )
  ).rows[0];
  if (!set) return null;
  const id = (
    await q.query<{ id: number }>(
      `INSERT INTO movie_collections (tmdb_collection_id, name, plot) VALUES ($1, $2, $3)
       ON CONFLICT (tmdb_collection_id) DO UPDATE SET name = EXCLUDED.name, plot = COALESCE(EXCLUDED.plot, movie_collections.plot)
       RETURNING id`,
      [set.tmdb_collection_id, set.name, set.overview],
    )
  ).rows[0]!.id;
  const inserted = await q.query(
    `INSERT INTO movie_collection_members (movie_id, collection_id, sort_order) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [movieId, id, set.part_number],
  );
  return (inserted.rowCount ?? 0) > 0 ? set.name : null;
}

/** The movie's collection for the NFO (Kodi's NFO holds one set). */
export async function movieCollection(
  q: Queryable,
  movieId: number,
): Promise<{ name: string; plot: string | null } | null> {
  const { rows } = await q.query<{ name: string; plot: string | null }>(
    `SELECT c.name, c.plot FROM movie_collection_members m JOIN movie_collections c ON c.id = m.collection_id
      WHERE m.movie_id = $1 ORDER BY c.id LIMIT 1`,
    [movieId],
  );
  return rows[0] ?? null;
}

/** Social and wiki ids: upserted, keeping values we already had when the provider has none. */
export async function upsertExternalIds(
  q: Queryable,
  movieId: number,
  ids: Record<string, string | null | undefined>,
): Promise<void> {
  await q.query(
    `INSERT INTO movie_external_ids (movie_id, facebook_id, instagram_id, twitter_id, wikidata_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (movie_id) DO UPDATE SET
       facebook_id = COALESCE(EXCLUDED.facebook_id, movie_external_ids.facebook_id),
       instagram_id = COALESCE(EXCLUDED.instagram_id, movie_external_ids.instagram_id),
       twitter_id = COALESCE(EXCLUDED.twitter_id, movie_external_ids.twitter_id),
       wikidata_id = COALESCE(EXCLUDED.wikidata_id, movie_external_ids.wikidata_id),
       updated_at = now()`,
    [movieId, ids.facebook_id ?? null, ids.instagram_id ?? null, ids.twitter_id ?? null, ids.wikidata_id ?? null],
  );
}

/** The cast as the API shows it: every link, removed ones included, in credit order. */
export async function castLinks(q: Queryable, movieId: number) {
  const { rows } = await q.query<{
    actor_id: number;
    name: string;
    role: string | null;
    order: number | null;
    role_locked: boolean;
    removed: boolean;
  }>(
    `SELECT a.id AS actor_id, a.name, ma.role, ma.actor_order AS "order", ma.role_locked, ma.removed
       FROM movie_actors ma JOIN actors a ON a.id = ma.actor_id WHERE ma.movie_id = $1
      ORDER BY ma.actor_order NULLS LAST, a.name`,
    [movieId],
  );
  return rows;
}

/** The cast a publish writes: links the user did not remove, in credit order, with headshot paths. */
export async function publishedCast(q: Queryable, movieId: number) {
  const { rows } = await q.query<{
    name: string;
    role: string | null;
    actor_order: number | null;
    image_cache_path: string | null;
  }>(
    `SELECT a.name, ma.role, ma.actor_order, a.image_cache_path
       FROM movie_actors ma JOIN actors a ON a.id = ma.actor_id
      WHERE ma.movie_id = $1 AND NOT ma.removed
      ORDER BY ma.actor_order NULLS LAST, ma.id`,
    [movieId],
  );
  return rows;
}
