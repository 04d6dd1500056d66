// Re-identification: a movie takes another TMDB id and loses what its old identity supplied, except
// what the user locked. Runs in the caller's transaction, on a row it locked.
import type { Reidentification } from '../domain/identification.js';
import { refreshCompleteness } from './movies.js';
import type { Queryable } from './pool.js';
import { writeCrew, writeNamedList } from './relations.js';

/**
 * Gives the movie its new TMDB id (its IMDb and TVDB ids go: the new film's come with its
 * enrichment), clears what `plan` says and drops the candidates, selections and cache references of
 * every artwork type not kept. Returns the hashes of the blobs whose references were dropped, for
 * the caller to release. A live movie already holding `tmdbId` makes the update fail with a unique
 * violation.
 */
export async function resetIdentity(
  tx: Queryable,
  movieId: number,
  tmdbId: number,
  plan: Reidentification,
): Promise<string[]> {
  // Column names come from the recording rules, never from input.
  const cleared = plan.clearColumns.map((column) => `${column} = NULL, `).join('');
  await tx.query(
    `UPDATE movies SET tmdb_id = $2, imdb_id = NULL, tvdb_id = NULL, identification_status = 'identified', ${cleared}
            field_sources = field_sources - $3::text[], updated_at = now()
      WHERE id = $1`,
    [movieId, tmdbId, plan.clearColumns],
  );
  for (const list of plan.clearLists)
    if (list === 'directors' || list === 'writers') await writeCrew(tx, movieId, list, []);
    else await writeNamedList(tx, movieId, list, []);
  if (plan.clearCast) await tx.query('DELETE FROM movie_actors WHERE movie_id = $1 AND NOT role_locked', [movieId]);
  await tx.query('DELETE FROM movie_collection_members WHERE movie_id = $1', [movieId]);
  await tx.query('DELETE FROM movie_external_ids WHERE movie_id = $1', [movieId]);
  const { rows } = await tx.query<{ blob_sha256: string }>(
    `DELETE FROM cache_image_refs WHERE entity_type = 'movie' AND entity_id = $1 AND image_type <> ALL($2)
     RETURNING blob_sha256`,
    [movieId, plan.keptArtwork],
  );
  await tx.query(
    `DELETE FROM provider_assets WHERE entity_type = 'movie' AND entity_id = $1 AND asset_type <> ALL($2)`,
    [movieId, plan.keptArtwork],
  );
  await refreshCompleteness(tx, movieId);
  return rows.map((r) => r.blob_sha256);
}
