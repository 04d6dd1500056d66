// Per asset type: candidates in rank order, one download at a time, until `limit` distinct
// images are accepted. Pure (the download is passed in): the artwork activity runs it with real
// downloads, runs recorded before that activity existed replay it in the workflow, and tests run it
// with a stand-in downloader.
import { duplicateOf, type HashedImage } from './dedup.js';
import type { CandidateRef, DownloadedImage, DownloadOutcome, TypeCounters, TypePlan, TypeSelection } from './types.js';

/** What becomes of each new download as soon as it is decided, when the walk does not leave it to its caller. */
export interface SettleSteps {
  /** Keeps an accepted download (into the cache); answers why it could not, or null. */
  keep(image: DownloadedImage): Promise<string | null>;
  /** A download found to duplicate an accepted image. */
  duplicate(image: DownloadedImage): Promise<void>;
}

/**
 * A download this run finished and settled before (a walk resumed after a crash): decided again
 * from its hashes, which gives the answer it got then, with nothing left to keep or let go.
 */
export interface SettledDownload {
  ok: true;
  settled: true;
  candidateId: number;
  sha256: string;
  phash: string;
}

export interface TypeWalk {
  selection: TypeSelection;
  /** New downloads to move into the cache; duplicates stay in the run's temp folder. */
  toCache: DownloadedImage[];
}

/** A type's counters before its walk: nothing downloaded yet. */
export function initialCounters(plan: TypePlan): TypeCounters {
  return {
    candidates: plan.candidates.length,
    limit: plan.limit,
    downloaded: 0,
    reused: 0,
    accepted: 0,
    duplicates: 0,
    failed: 0,
  };
}

/**
 * Walks one type. `download` never throws for a bad candidate: it answers `{ ok: false, reason }`,
 * and the walk moves on (a failure does not count toward the limit). With `settle`, each new
 * download is kept or let go as soon as it is decided, and `toCache` stays empty.
 * `counters` is updated as it goes, for the progress query.
 */
export async function walkType(
  plan: TypePlan,
  threshold: number,
  counters: TypeCounters,
  download: (candidate: CandidateRef) => Promise<DownloadOutcome | SettledDownload>,
  settle?: SettleSteps,
): Promise<TypeWalk> {
  const selection: TypeSelection = { assetType: plan.assetType, accepted: [], rejected: [], failed: [] };
  const toCache: DownloadedImage[] = [];
  for (const candidate of plan.candidates) {
    if (selection.accepted.length >= plan.limit) break; // later candidates are never downloaded
    let image: HashedImage;
    let fresh: DownloadedImage | undefined;
    if (candidate.cachedForItem && candidate.knownSha256) {
      // Bytes this item already holds: decide from the known hashes, no download.
      image = { sha256: candidate.knownSha256, phash: candidate.knownPhash };
      counters.reused++;
    } else {
      const outcome = await download(candidate);
      if (!outcome.ok) {
        selection.failed.push({ candidateId: candidate.id, reason: outcome.reason });
        counters.failed++;
        continue;
      }
      counters.downloaded++;
      if (!('settled' in outcome)) fresh = outcome;
      image = { sha256: outcome.sha256, phash: outcome.phash };
    }
    const dup = duplicateOf(image, selection.accepted, threshold);
    if (dup) {
      selection.rejected.push({
        candidateId: candidate.id,
        ...image,
        duplicateOf: dup.of,
        distance: dup.distance,
        reason: dup.reason,
      });
      counters.duplicates++;
      if (fresh && settle) await settle.duplicate(fresh);
      continue;
    }
    if (fresh && settle) {
      // Kept at once (into the cache): a keep that fails is that candidate failing, and the walk
      // goes on to the next one as for a failed download.
      const refused = await settle.keep(fresh);
      if (refused !== null) {
        selection.failed.push({ candidateId: candidate.id, reason: refused });
        counters.failed++;
        continue;
      }
    } else if (fresh) toCache.push(fresh);
    selection.accepted.push({ candidateId: candidate.id, ...image });
    counters.accepted++;
  }
  return { selection, toCache };
}
