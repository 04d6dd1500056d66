import { dropTypeRefsExcept } from '../db/blobs.js';
import { replaceSelectionFlags } from '../db/candidates.js';
import type { Queryable } from '../db/pool.js';
import type { AssetType } from '../domain/types.js';
import { releaseUnreferenced } from '../storage/blob-store.js';

/**
 * Makes `chosen` the type's whole selection: flags, the movie's cache references (blobs nothing
 * else uses are released), in the caller's transaction. Returns whether the selection changed.
 */
export async function replaceSelection(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  chosen: readonly { candidateId: number; sha256: string }[],
  by: 'auto' | 'user',
): Promise<boolean> {
  const changed = await replaceSelectionFlags(tx, movieId, assetType, chosen, by);
  const evicted = await dropTypeRefsExcept(
    tx,
    movieId,
    assetType,
    chosen.map((a) => a.sha256),
  );
  await releaseUnreferenced(tx, evicted);
  return changed;
}
