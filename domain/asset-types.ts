import type { AssetType } from './types.js';

/**
 * Per movie asset type (banner included): the limit range and default, the provider
 * image types that feed it, and the ideal size and ratio scoring measures against
 * (`null` ratio = any shape scores full marks).
 */
export const ASSET_TYPE_TABLE: Record<
  AssetType,
  { defaultLimit: number; maxLimit: number; sources: readonly string[]; idealPixels: number; idealRatio: number | null }
> = {
  poster: { defaultLimit: 3, maxLimit: 10, sources: ['poster'], idealPixels: 6_000_000, idealRatio: 2 / 3 },
  fanart: { defaultLimit: 4, maxLimit: 10, sources: ['backdrop'], idealPixels: 2_073_600, idealRatio: 16 / 9 },
  banner: { defaultLimit: 1, maxLimit: 3, sources: ['banner'], idealPixels: 1_000_000, idealRatio: null },
  clearlogo: { defaultLimit: 1, maxLimit: 3, sources: ['logo', 'clearlogo'], idealPixels: 1_000_000, idealRatio: 4 },
  clearart: { defaultLimit: 1, maxLimit: 3, sources: ['clearart'], idealPixels: 1_000_000, idealRatio: null },
  landscape: { defaultLimit: 1, maxLimit: 3, sources: ['landscape'], idealPixels: 1_000_000, idealRatio: null },
  keyart: { defaultLimit: 1, maxLimit: 3, sources: ['keyart'], idealPixels: 1_000_000, idealRatio: null },
  discart: { defaultLimit: 1, maxLimit: 5, sources: ['discart'], idealPixels: 1_000_000, idealRatio: null },
};

/** The `app_settings` keys holding the types' limits start with this. */
export const ASSET_LIMIT_PREFIX = 'asset_limit_';

/** The `app_settings` key holding a type's limit. */
export const assetLimitKey = (type: AssetType) => `${ASSET_LIMIT_PREFIX}${type}`;
