// What the invariant checker reads: the rows whose consistency with each other and with the files
// on disk it verifies.
import type { Queryable } from './pool.js';

/** Every cache blob with its file path, how many references it has, and when it was last used. */
export async function blobsWithReferences(q: Queryable) {
  const { rows } = await q.query<{ sha256: string; file_path: string; refs: number; last_accessed_at: Date }>(
    `SELECT b.sha256, b.file_path, b.last_accessed_at,
            (SELECT count(*)::int FROM cache_image_refs r WHERE r.blob_sha256 = b.sha256)
              + (SELECT count(*)::int FROM trailer_candidates t WHERE t.blob_sha256 = b.sha256) AS refs
       FROM cache_blobs b ORDER BY b.sha256`,
  );
  return rows;
}

/** Candidates flagged both selected and rejected. */
export async function selectedAndRejected(q: Queryable) {
  const { rows } = await q.query<{ id: number; entity_id: number; asset_type: string }>(
    `SELECT id, entity_id, asset_type FROM provider_assets WHERE is_selected AND is_rejected ORDER BY id`,
  );
  return rows;
}

/** How many candidates each live movie has selected per artwork type. */
export async function selectionCounts(q: Queryable) {
  const { rows } = await q.query<{ movie_id: number; asset_type: string; selected: number }>(
    `SELECT a.entity_id AS movie_id, a.asset_type, count(*)::int AS selected
       FROM provider_assets a JOIN movies m ON m.id = a.entity_id AND m.deleted_at IS NULL
      WHERE a.entity_type = 'movie' AND a.is_selected
      GROUP BY a.entity_id, a.asset_type ORDER BY 1, 2`,
  );
  return rows;
}

/** Every file publishing recorded as written, with the bytes' hash it recorded. */
export async function allLibraryFiles(q: Queryable) {
  const { rows } = await q.query<{ movie_id: number; path: string; sha256: string }>(
    'SELECT movie_id, path, sha256 FROM library_files ORDER BY path',
  );
  return rows;
}

/** Every URL a candidate or a cache reference recorded for a blob's bytes: where they can be fetched again. */
export async function blobSourceUrls(q: Queryable, sha256: string): Promise<string[]> {
  const { rows } = await q.query<{ url: string }>(
    `SELECT provider_url AS url FROM provider_assets WHERE content_hash = $1
      UNION
     SELECT source_url FROM cache_image_refs WHERE blob_sha256 = $1 AND source_url IS NOT NULL
      ORDER BY 1`,
    [sha256],
  );
  return rows.map((r) => r.url);
}
