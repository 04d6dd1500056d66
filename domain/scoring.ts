import { ASSET_TYPE_TABLE } from './asset-types.js';
import type { AssetType } from './types.js';

/** What scoring reads from a candidate: provider-reported metadata only, no download. */
export interface ScoringInput {
  provider: string;
  width: number | null;
  height: number | null;
  language: string | null;
  voteAverage: number | null;
  voteCount: number | null;
}

const PROVIDER_POINTS: Record<string, number> = { tmdb: 10, 'fanart.tv': 9, tvdb: 8 };

/**
 * Score components, exposed so tests can check each one. Fanart.tv candidates
 * arrive with their type's nominal size and likes as votes at an average of 7, so they
 * compete on resolution, shape and votes like TMDB's.
 */
export function scoreParts(type: AssetType, c: ScoringInput, preferredLanguage: string) {
  const { idealPixels, idealRatio } = ASSET_TYPE_TABLE[type];
  const known = !!c.width && !!c.height;
  const resolution = known ? 30 * Math.min((c.width! * c.height!) / idealPixels, 1.5) : 0;
  const aspect = !known
    ? 0
    : idealRatio === null
      ? 20
      : Math.max(0, 20 - Math.abs(c.width! / c.height! - idealRatio) * 100);
  const language = c.language === preferredLanguage ? 20 : c.language === 'en' ? 15 : c.language === null ? 18 : 5;
  const votes = ((c.voteAverage ?? 0) / 10) * Math.min((c.voteCount ?? 0) / 50, 1) * 20;
  const provider = PROVIDER_POINTS[c.provider] ?? 5;
  return { resolution, aspect, language, votes, provider };
}

export function scoreCandidate(type: AssetType, c: ScoringInput, preferredLanguage: string): number {
  const p = scoreParts(type, c, preferredLanguage);
  return Math.round(p.resolution + p.aspect + p.language + p.votes + p.provider);
}

/** Rank order: score, then more votes, then lower candidate id. */
export function compareRanked(
  a: { score: number; voteCount: number | null; id: number },
  b: { score: number; voteCount: number | null; id: number },
): number {
  return b.score - a.score || (b.voteCount ?? 0) - (a.voteCount ?? 0) || a.id - b.id;
}
