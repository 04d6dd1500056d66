// What approving a review would do to a movie's folder, per artwork type: the images now selected
// that are not published there (added), those published that are no longer selected (removed), and
// those that stay (kept).
import type { AssetType } from './types.js';

/** One image of a type, selected, published, or both. */
export interface ArtworkState {
  assetType: AssetType;
  sha256: string;
  /** The candidate selected with this image; null for an image only published. */
  candidateId: number | null;
  selected: boolean;
  published: boolean;
  /** Whether the cache still holds it (an image only published may have left). */
  cached: boolean;
  width: number | null;
  height: number | null;
}

export interface DiffImage {
  sha256: string;
  candidateId: number | null;
  /** Where the cached image is served; null when it is no longer cached. */
  url: string | null;
  width: number | null;
  height: number | null;
}

export interface ArtworkDiff {
  assetType: AssetType;
  added: DiffImage[];
  removed: DiffImage[];
  kept: DiffImage[];
}

/** Per type, in the order the states come (selection order first); types with no image are left out. */
export function artworkDiff(states: readonly ArtworkState[]): ArtworkDiff[] {
  const byType = new Map<AssetType, ArtworkDiff>();
  for (const s of states) {
    let diff = byType.get(s.assetType);
    if (!diff) byType.set(s.assetType, (diff = { assetType: s.assetType, added: [], removed: [], kept: [] }));
    const image: DiffImage = {
      sha256: s.sha256,
      candidateId: s.candidateId,
      url: s.cached ? `/api/cache/${s.sha256}` : null,
      width: s.width,
      height: s.height,
    };
    if (s.selected && s.published) diff.kept.push(image);
    else if (s.selected) diff.added.push(image);
    else if (s.published) diff.removed.push(image);
  }
  return [...byType.values()];
}
