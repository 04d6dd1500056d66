// Content-addressed cache rows: one `cache_blobs` row per distinct content, one `cache_image_refs`
// row per item and type using it. A blob's row and file change only under its advisory lock.
import type { AssetType, ImageFormat } from '../domain/types.js';
import type { Queryable } from './pool.js';

/** Held until the transaction ends; keyed by the hash's first 64 bits. */
export async function lockBlob(tx: Queryable, sha256: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(('x' || substr($1, 1, 16))::bit(64)::bigint)`, [sha256]);
}

export interface BlobFacts {
  sha256: string;
  path: string;
  size: number;
  format: ImageFormat;
  width: number;
  height: number;
  hasAlpha: boolean;
  phash: string;
  hashAlgorithm: string;
}

/** Records a blob; an existing one keeps its facts (a pHash it lacked is filled in) and is marked used. */
export async function upsertBlob(tx: Queryable, b: BlobFacts): Promise<void> {
  await tx.query(
    `INSERT INTO cache_blobs (sha256, namespace, file_path, file_size, format, width, height, has_alpha, perceptual_hash, hash_algorithm)
     VALUES ($1, 'images', $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (sha256) DO UPDATE SET last_accessed_at = now(),
       perceptual_hash = COALESCE(cache_blobs.perceptual_hash, EXCLUDED.perceptual_hash),
       hash_algorithm = COALESCE(cache_blobs.hash_algorithm, EXCLUDED.hash_algorithm)`,
    [b.sha256, b.path, b.size, b.format, b.width, b.height, b.hasAlpha, b.phash, b.hashAlgorithm],
  );
}

/** Records a downloaded video; an existing one is marked used. */
export async function upsertVideoBlob(
  tx: Queryable,
  b: { sha256: string; path: string; size: number; format: string; width: number; height: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO cache_blobs (sha256, namespace, file_path, file_size, format, width, height)
     VALUES ($1, 'videos', $2, $3, $4, $5, $6)
     ON CONFLICT (sha256) DO UPDATE SET last_accessed_at = now()`,
    [b.sha256, b.path, b.size, b.format, b.width, b.height],
  );
}

/** The movie's reference to a blob under one artwork type, remembering the candidate (of the movie and type) it came from. */
export async function addMovieImageRef(
  tx: Queryable,
  sha256: string,
  ref: { movieId: number; assetType: AssetType; candidateId: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO cache_image_refs (blob_sha256, entity_type, entity_id, image_type, candidate_id, source_type, source_url, provider_name)
     SELECT $1, 'movie', $2, $3, p.id, 'provider', p.provider_url, p.provider_name FROM provider_assets p
      WHERE p.id = $4 AND p.entity_type = 'movie' AND p.entity_id = $2 AND p.asset_type = $3
     ON CONFLICT (entity_type, entity_id, image_type, blob_sha256) DO UPDATE SET candidate_id = EXCLUDED.candidate_id`,
    [sha256, ref.movieId, ref.assetType, ref.candidateId],
  );
}

/** Drops the movie's references under a type except to `keep`; returns the hashes no longer referenced by it. */
export async function dropTypeRefsExcept(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  keep: readonly string[],
): Promise<string[]> {
  const { rows } = await tx.query<{ blob_sha256: string }>(
    `DELETE FROM cache_image_refs
      WHERE entity_type = 'movie' AND entity_id = $1 AND image_type = $2 AND blob_sha256 <> ALL($3)
     RETURNING blob_sha256`,
    [movieId, assetType, [...keep]],
  );
  return rows.map((r) => r.blob_sha256);
}

/**
 * Drops the movie's reference to a blob under a type unless a selected candidate of that type holds
 * those bytes; returns the hash when it dropped it.
 */
export async function dropRefUnlessSelected(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  sha256: string,
): Promise<string[]> {
  const { rows } = await tx.query<{ blob_sha256: string }>(
    `DELETE FROM cache_image_refs
      WHERE entity_type = 'movie' AND entity_id = $1 AND image_type = $2 AND blob_sha256 = $3
        AND NOT EXISTS (SELECT 1 FROM provider_assets a
                         WHERE a.entity_type = 'movie' AND a.entity_id = $1 AND a.asset_type = $2
                           AND a.is_selected AND a.content_hash = $3)
     RETURNING blob_sha256`,
    [movieId, assetType, sha256],
  );
  return rows.map((r) => r.blob_sha256);
}

/** Drops every reference the movie holds; returns the hashes it referenced. */
export async function dropMovieRefs(tx: Queryable, movieId: number): Promise<string[]> {
  const { rows } = await tx.query<{ blob_sha256: string }>(
    `DELETE FROM cache_image_refs WHERE entity_type = 'movie' AND entity_id = $1 RETURNING blob_sha256`,
    [movieId],
  );
  return rows.map((r) => r.blob_sha256);
}

/** Deletes the blob's row when nothing references it; returns its file's path when it did. Lock first. */
export async function deleteBlobIfUnreferenced(tx: Queryable, sha256: string): Promise<string | null> {
  const { rows } = await tx.query<{ file_path: string }>(
    `DELETE FROM cache_blobs b WHERE b.sha256 = $1
       AND NOT EXISTS (SELECT 1 FROM cache_image_refs r WHERE r.blob_sha256 = b.sha256)
       AND NOT EXISTS (SELECT 1 FROM trailer_candidates t WHERE t.blob_sha256 = b.sha256)
     RETURNING b.file_path`,
    [sha256],
  );
  return rows[0]?.file_path ?? null;
}

/** The blob's file path while it has a row; null once it has none. Lock first when acting on the answer. */
export async function blobFilePath(q: Queryable, sha256: string): Promise<string | null> {
  const { rows } = await q.query<{ file_path: string }>('SELECT file_path FROM cache_blobs WHERE sha256 = $1', [
    sha256,
  ]);
  return rows[0]?.file_path ?? null;
}

/** Whether a blob row names this file. Lock its blob first when acting on the answer. */
export async function isBlobFile(q: Queryable, path: string): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM cache_blobs WHERE file_path = $1', [path])).rowCount ?? 0) > 0;
}

/** What serving a cached blob needs: its file, format and whether it has alpha; undefined when there is no such blob. */
export async function cachedBlob(
  q: Queryable,
  sha256: string,
): Promise<{ path: string; format: ImageFormat; hasAlpha: boolean } | undefined> {
  const { rows } = await q.query<{ path: string; format: ImageFormat; hasAlpha: boolean }>(
    `SELECT file_path AS path, format, has_alpha AS "hasAlpha" FROM cache_blobs WHERE sha256 = $1`,
    [sha256],
  );
  return rows[0];
}

/** The file of every image blob some movie references (the benchmarks' decode floor hashes them again). */
export async function movieImageFiles(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ file_path: string }>(
    `SELECT DISTINCT b.file_path FROM cache_image_refs r JOIN cache_blobs b ON b.sha256 = r.blob_sha256
      WHERE r.entity_type = 'movie' ORDER BY 1`,
  );
  return rows.map((r) => r.file_path);
}
