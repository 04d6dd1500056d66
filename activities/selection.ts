import { log } from '@temporalio/activity';
import { dropTypeRefsExcept } from '../db/blobs.js';
import { replaceSelectionFlags } from '../db/candidates.js';
import type { Pool, Queryable } from '../db/pool.js';
import type { AssetType } from '../domain/types.js';
import { releaseUnreferenced, removeUnrecordedFiles } from '../storage/blob-store.js';

/**
 * Makes `chosen` the type's whole selection: flags, the movie's cache references (blobs nothing
 * else uses are released), in the caller's transaction. The released blobs' files are added to
 * `released`, for `removeReleased` once that transaction has committed. Returns whether the
 * selection changed.
 */
export async function replaceSelection(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  chosen: readonly { candidateId: number; sha256: string }[],
  by: 'auto' | 'user',
  released: string[],
): Promise<boolean> {
  const changed = await replaceSelectionFlags(tx, movieId, assetType, chosen, by);
  const evicted = await dropTypeRefsExcept(
    tx,
    movieId,
    assetType,
    chosen.map((a) => a.sha256),
  );
  released.push(...(await releaseUnreferenced(tx, evicted)));
  return changed;
}

/**
 * Removes released blobs' files after the commit that released them. A failure leaves orphan files
 * (the checker reports them, `--repair` removes them) and does not fail the activity: its work is
 * committed, and a retry would release nothing again.
 */
export async function removeReleased(pool: Pool, released: readonly string[]): Promise<void> {
  await removeUnrecordedFiles(pool, released).catch((err: unknown) =>
    log.warn('released cache files not removed', { files: released, error: String(err) }),
  );
}
