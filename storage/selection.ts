// A movie's artwork selection together with its references to the cached blobs: what enrichment,
// the user's picks and blocking change, each in the caller's transaction or its own. Blobs nothing
// references any more are released; their files are returned, to be removed (`removeUnrecordedFiles`)
// only once the transaction that released them has committed.
import { dropRefUnlessSelected, dropTypeRefsExcept } from '../db/blobs.js';
import { replaceSelectionFlags, setBlocked, unselectCandidate } from '../db/candidates.js';
import { lockMovie, refreshCompleteness } from '../db/movies.js';
import { inTransaction, type Pool, type Queryable } from '../db/pool.js';
import type { AssetType } from '../domain/types.js';
import { releaseUnreferenced } from './blob-store.js';

/**
 * Makes `chosen` the type's whole selection: flags, the movie's cache references (blobs nothing
 * else uses are released), in the caller's transaction. The released blobs' files are added to
 * `released`. Returns whether the selection changed.
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
 * Drops the movie's references under a type to these bytes unless its selection holds them (a
 * download cached for a choice that was then not recorded), in the caller's transaction; the
 * released blobs' files are added to `released`.
 */
export async function dropUnselectedRefs(
  tx: Queryable,
  movieId: number,
  assetType: AssetType,
  sha256s: readonly string[],
  released: string[],
): Promise<void> {
  const dropped: string[] = [];
  for (const sha256 of new Set(sha256s)) dropped.push(...(await dropRefUnlessSelected(tx, movieId, assetType, sha256)));
  released.push(...(await releaseUnreferenced(tx, dropped)));
}

/**
 * `dropUnselectedRefs` in its own transaction under the movie's row lock, so it never races a
 * recording of the same movie. Idempotent. Returns the released blobs' files.
 */
export async function releaseUnselectedRef(
  pool: Pool,
  movieId: number,
  assetType: AssetType,
  sha256: string,
): Promise<string[]> {
  return inTransaction(pool, async (tx) => {
    // A deleted movie's references went with it; one stored since goes all the same.
    await lockMovie(tx, movieId);
    const released: string[] = [];
    await dropUnselectedRefs(tx, movieId, assetType, [sha256], released);
    return released;
  });
}

/**
 * Blocks a candidate. A selected one leaves the selection (the rest keep their order and who chose
 * them) and the movie's reference to its bytes goes. Returns the released blobs' files, or
 * undefined when the movie is gone.
 */
export async function blockCandidate(
  pool: Pool,
  candidate: { id: number; movieId: number; assetType: AssetType },
): Promise<string[] | undefined> {
  return inTransaction(pool, async (tx) => {
    if (!(await lockMovie(tx, candidate.movieId))) return undefined;
    await setBlocked(tx, candidate.id, true);
    const sha256 = await unselectCandidate(tx, candidate.id);
    const released: string[] = [];
    if (sha256 === null) return released;
    await dropUnselectedRefs(tx, candidate.movieId, candidate.assetType, [sha256], released);
    await refreshCompleteness(tx, candidate.movieId);
    return released;
  });
}
