// People: their headshots (a blob in the content-addressed cache, referenced by the person) and
// the films they are linked to.
import type { CastHeadshotState } from '../domain/headshots.js';
import type { Queryable } from './pool.js';

/** The movie's first `limit` cast members in credit order (links the user removed do not count). */
export async function firstCastMembers(q: Queryable, movieId: number, limit: number): Promise<CastHeadshotState[]> {
  const { rows } = await q.query<CastHeadshotState>(
    `SELECT a.id AS "actorId", a.name, p.profile_path AS "profilePath",
            a.image_hash IS NOT NULL AS "hasImage", a.image_locked AS "imageLocked"
       FROM (SELECT actor_id, actor_order, id FROM movie_actors
              WHERE movie_id = $1 AND NOT removed ORDER BY actor_order NULLS LAST, id LIMIT $2) ma
       JOIN actors a ON a.id = ma.actor_id
       LEFT JOIN provider_cache_people p ON p.tmdb_person_id = a.tmdb_id
      ORDER BY ma.actor_order NULLS LAST, ma.id`,
    [movieId, limit],
  );
  return rows;
}

/**
 * Locks the person's row and says whether a downloaded headshot may become their image: not while
 * their image is locked or they already have one (another film's run stored it first).
 */
export async function claimActorImage(tx: Queryable, actorId: number): Promise<boolean> {
  const { rows } = await tx.query<{ free: boolean }>(
    'SELECT (NOT image_locked AND image_hash IS NULL) AS free FROM actors WHERE id = $1 FOR UPDATE',
    [actorId],
  );
  return rows[0]?.free ?? false;
}

/** Makes a cached blob the person's image, referenced by the person so eviction keeps it. */
export async function setActorImage(
  tx: Queryable,
  actorId: number,
  sha256: string,
  path: string,
  sourceUrl: string,
): Promise<void> {
  await tx.query(
    `UPDATE actors SET image_hash = $2, image_cache_path = $3, image_ctime = now(), updated_at = now() WHERE id = $1`,
    [actorId, sha256, path],
  );
  await tx.query(
    `INSERT INTO cache_image_refs (blob_sha256, entity_type, entity_id, image_type, source_type, source_url, provider_name)
     VALUES ($1, 'actor', $2, 'actor_thumb', 'provider', $3, 'tmdb')
     ON CONFLICT (entity_type, entity_id, image_type, blob_sha256) DO NOTHING`,
    [sha256, actorId, sourceUrl],
  );
}

export interface PersonFilm {
  movieId: number;
  title: string | null;
  year: number | null;
  role: string | null;
  order: number | null;
  removed: boolean;
}

export interface Person {
  id: number;
  name: string;
  tmdbId: number | null;
  imdbId: string | null;
  imageSha256: string | null;
  nameLocked: boolean;
  imageLocked: boolean;
  films: PersonFilm[];
}

/** A person with every film they are linked to, newest first; null when there is no such person. */
export async function personWithFilms(q: Queryable, actorId: number): Promise<Person | null> {
  const { rows } = await q.query<Omit<Person, 'films'>>(
    `SELECT id, name, tmdb_id AS "tmdbId", imdb_id AS "imdbId", image_hash AS "imageSha256",
            name_locked AS "nameLocked", image_locked AS "imageLocked"
       FROM actors WHERE id = $1`,
    [actorId],
  );
  if (!rows[0]) return null;
  const { rows: films } = await q.query<PersonFilm>(
    `SELECT m.id AS "movieId", m.title, m.year, ma.role, ma.actor_order AS "order", ma.removed
       FROM movie_actors ma JOIN movies m ON m.id = ma.movie_id
      WHERE ma.actor_id = $1 ORDER BY m.year DESC NULLS LAST, m.title, m.id`,
    [actorId],
  );
  return { ...rows[0], films };
}
