// Per asset type: candidates in rank order, one download at a time, until `limit` distinct
// images are accepted. Pure (the download is passed in), so the workflow runs it deterministically
// and tests run it with a stand-in downloader.
import { duplicateOf, type HashedImage } from './dedup.js';
import type { CandidateRef, DownloadedImage, DownloadOutcome, TypeCounters, TypePlan, TypeSelection } from './types.js';

export interface TypeWalk {
  selection: TypeSelection;
  /** New downloads to move into the cache; duplicates stay in the run's temp folder. */
  toCache: DownloadedImage[];
}

/**
 * Walks one type. `download` never throws for a bad candidate: it answers `{ ok: false, reason }`,
 * and the walk moves on (a failure does not count toward the limit). `counters` is updated as it
 * goes, for the progress query.
 */
export async function walkType(
  plan: TypePlan,
  threshold: number,
  counters: TypeCounters,
  download: (candidate: CandidateRef) => Promise<DownloadOutcome>,
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
      fresh = outcome;
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
      continue;
    }
    if (fresh) toCache.push(fresh);
    selection.accepted.push({ candidateId: candidate.id, ...image });
    counters.accepted++;
  }
  return { selection, toCache };
}
