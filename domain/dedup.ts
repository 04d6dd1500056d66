// Dedup decisions: identical bytes, or a pHash close to an accepted one. Pure: they run inside the workflow.
import { hammingDistance, isPhash } from './phash.js';

export interface HashedImage {
  sha256: string;
  /** null (or not a pHash) when the image has none: it is then compared by bytes only. */
  phash: string | null;
}

export interface DuplicateVerdict {
  /** SHA-256 of the already accepted image this one duplicates. */
  of: string;
  /** pHash Hamming distance; 0 for identical bytes. */
  distance: number;
  reason: string;
}

/**
 * Whether `image` duplicates one already accepted for this item and type: identical bytes, or a
 * pHash within `threshold` bits of one (the closest is named). null means keep it.
 */
export function duplicateOf(
  image: HashedImage,
  accepted: readonly HashedImage[],
  threshold: number,
): DuplicateVerdict | null {
  const same = accepted.find((a) => a.sha256 === image.sha256);
  if (same) return { of: same.sha256, distance: 0, reason: `identical bytes to ${short(same.sha256)}` };
  // Never throw here: this runs in the workflow, where an exception would stall the run.
  if (!isPhash(image.phash)) return null;
  let closest: { of: string; distance: number } | null = null;
  for (const a of accepted) {
    if (!isPhash(a.phash)) continue;
    const distance = hammingDistance(image.phash, a.phash);
    if (distance <= threshold && (!closest || distance < closest.distance)) closest = { of: a.sha256, distance };
  }
  return (
    closest && {
      ...closest,
      reason: `near-duplicate of ${short(closest.of)}: pHash distance ${closest.distance} ≤ ${threshold}`,
    }
  );
}

const short = (sha256: string) => `${sha256.slice(0, 12)}…`;
