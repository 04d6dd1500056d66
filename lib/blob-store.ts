// D15 content-addressed image cache: one file and one `cache_blobs` row per distinct content,
// `cache_image_refs` rows per item and type. A blob's file is written and deleted only under a
// per-blob advisory lock, together with the reference check, so two workers storing the same
// bytes, or one storing while another evicts, never leave a missing file or an orphan.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { FILE_EXTENSION } from '../domain/image-format.js';
import { PHASH_ALGORITHM } from '../domain/phash.js';
import type { AssetType, DownloadedImage } from '../domain/types.js';

/** D15: `{cache}/images/{h0:2}/{h2:4}/{h}.{ext}`, keyed by content only. */
export function blobPath(cacheDir: string, sha256: string, ext: string): string {
  return join(cacheDir, 'images', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.${ext}`);
}

/** Held until the transaction ends; keyed by the hash's first 64 bits. */
async function lockBlob(c: PoolClient, sha256: string): Promise<void> {
  await c.query(`SELECT pg_advisory_xact_lock(('x' || substr($1, 1, 16))::bit(64)::bigint)`, [sha256]);
}

export class MissingTempFile extends Error {}

/**
 * Moves a download into the cache (atomic rename from the cache volume's temp folder) unless the
 * same bytes are already there, and records the blob and the item's reference in one transaction.
 * Idempotent: a retry after the rename finds the file in place.
 */
export async function storeBlob(
  pool: Pool,
  cacheDir: string,
  image: DownloadedImage,
  ref: { entityId: number; assetType: AssetType; candidateId: number },
): Promise<string> {
  const path = blobPath(cacheDir, image.sha256, FILE_EXTENSION[image.format]);
  return inTransaction(pool, async (c) => {
    await lockBlob(c, image.sha256);
    if (existsSync(path)) {
      await rm(image.tempPath, { force: true });
    } else if (existsSync(image.tempPath)) {
      await mkdir(dirname(path), { recursive: true });
      await rename(image.tempPath, path);
    } else {
      throw new MissingTempFile(`temp file ${image.tempPath} is gone and ${path} does not exist`);
    }
    await c.query(
      `INSERT INTO cache_blobs (sha256, namespace, file_path, file_size, format, width, height, has_alpha, perceptual_hash, hash_algorithm)
       VALUES ($1, 'images', $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (sha256) DO UPDATE SET last_accessed_at = now(),
         perceptual_hash = COALESCE(cache_blobs.perceptual_hash, EXCLUDED.perceptual_hash),
         hash_algorithm = COALESCE(cache_blobs.hash_algorithm, EXCLUDED.hash_algorithm)`,
      [image.sha256, path, image.size, image.format, image.width, image.height, image.hasAlpha, image.phash, PHASH_ALGORITHM],
    );
    await c.query(
      `INSERT INTO cache_image_refs (blob_sha256, entity_type, entity_id, image_type, candidate_id, source_type, source_url, provider_name)
       SELECT $1, 'movie', $2, $3, p.id, 'provider', p.provider_url, p.provider_name FROM provider_assets p WHERE p.id = $4
       ON CONFLICT (entity_type, entity_id, image_type, blob_sha256) DO UPDATE SET candidate_id = EXCLUDED.candidate_id`,
      [image.sha256, ref.entityId, ref.assetType, ref.candidateId],
    );
    return path;
  });
}

/**
 * Deletes the blobs among `sha256s` that no reference uses any more, rows and files, inside the
 * caller's transaction. The file goes before the commit, under the lock: if the commit then
 * fails, the row points at a missing file, which `storeBlob` and planning both treat as absent.
 */
export async function releaseUnreferenced(c: PoolClient, sha256s: Iterable<string>): Promise<string[]> {
  const deleted: string[] = [];
  // Sorted, so two transactions releasing overlapping sets take the locks in the same order.
  for (const sha256 of [...new Set(sha256s)].sort()) {
    await lockBlob(c, sha256);
    const gone = await c.query<{ file_path: string }>(
      `DELETE FROM cache_blobs b WHERE b.sha256 = $1
         AND NOT EXISTS (SELECT 1 FROM cache_image_refs r WHERE r.blob_sha256 = b.sha256)
       RETURNING b.file_path`,
      [sha256],
    );
    for (const row of gone.rows) {
      await rm(row.file_path, { force: true });
      deleted.push(row.file_path);
    }
  }
  return deleted;
}

/** Removes every cache reference an item holds and the blobs only it used (movie deletion). */
export async function releaseItem(pool: Pool, entityId: number): Promise<string[]> {
  return inTransaction(pool, async (c) => {
    const refs = await c.query<{ blob_sha256: string }>(
      `DELETE FROM cache_image_refs WHERE entity_type = 'movie' AND entity_id = $1 RETURNING blob_sha256`,
      [entityId],
    );
    return releaseUnreferenced(
      c,
      refs.rows.map((r) => r.blob_sha256),
    );
  });
}
