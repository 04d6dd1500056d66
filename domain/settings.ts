// The settings a user may change at run time: per-type asset limits, the preferred language,
// auto-publish, the review timeout and the refresh interval. The environment (lib/config.ts) gives
// their defaults; a value stored in `app_settings` overrides its default until reset. The schemas
// here are the one statement of each setting's format and range, for the environment, the store
// and the API alike.
// zod as @hono/zod-openapi extends it: a schema made before that extension has no `.openapi()`, and
// lib/config.ts loads this module before the API's first import of @hono/zod-openapi.
import { z } from '@hono/zod-openapi';
import { ASSET_TYPE_TABLE, assetLimitKey } from './asset-types.js';
import { ASSET_TYPES, type AssetType } from './types.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DAY_MS = UNIT_MS.d;

/** `0`, `90s`, `12h`, `14d`: milliseconds. */
export const durationText = z
  .string()
  .regex(/^(0|\d+(ms|s|m|h|d))$/, 'a duration such as 0, 90s, 12h or 14d')
  .transform((v) => {
    const [, n, unit] = /^(\d+)(ms|s|m|h|d)?$/.exec(v)!;
    return Number(n) * UNIT_MS[(unit ?? 'ms') as Unit];
  });

/** Milliseconds in the largest unit that divides them evenly, as `durationText` reads it back. */
export function formatDurationText(ms: number): string {
  if (ms === 0) return '0';
  const unit = (['d', 'h', 'm', 's'] as const).find((u) => ms % UNIT_MS[u] === 0) ?? 'ms';
  return `${ms / UNIT_MS[unit]}${unit}`;
}

/** A wait beyond a year is a mistake, and Temporal timers need a bound. */
const MAX_REVIEW_TIMEOUT_MS = 365 * DAY_MS;
/** Shorter refreshes would only re-walk the library while the last one is still running. */
const MIN_REFRESH_INTERVAL_MS = UNIT_MS.m;
const MAX_REFRESH_INTERVAL_MS = 365 * DAY_MS;

/** How long an enrichment waits for the user's review; 0 = no wait. */
export const reviewTimeoutText = durationText.refine(
  (ms) => ms <= MAX_REVIEW_TIMEOUT_MS,
  `a duration from 0 (no wait) to ${formatDurationText(MAX_REVIEW_TIMEOUT_MS)}`,
);

/** How often the scheduled refresh runs; 0 = never. */
export const refreshIntervalText = durationText.refine(
  (ms) => ms === 0 || (ms >= MIN_REFRESH_INTERVAL_MS && ms <= MAX_REFRESH_INTERVAL_MS),
  `0 (off) or a duration from ${formatDurationText(MIN_REFRESH_INTERVAL_MS)} to ${formatDurationText(MAX_REFRESH_INTERVAL_MS)}`,
);

/** ISO 639-1: the language artwork is preferred in and TMDB answers in. */
export const languageCode = z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as en');

/** `true` or `false`, as the environment and the store write a switch. */
export const booleanText = z.enum(['true', 'false'], { error: 'true or false' }).transform((v) => v === 'true');

/** A type's limit: how many of its images a movie keeps (0 disables the type). */
export function assetLimit(type: AssetType) {
  const range = `a whole number from 0 to ${ASSET_TYPE_TABLE[type].maxLimit}`;
  return z.number({ error: range }).int(range).min(0, range).max(ASSET_TYPE_TABLE[type].maxLimit, range);
}

export interface Settings {
  assetLimits: Record<AssetType, number>;
  preferredLanguage: string;
  autoPublish: boolean;
  /** 0: do not wait for a review. */
  reviewTimeoutMs: number;
  /** 0: no scheduled refresh. */
  refreshIntervalMs: number;
}

type ScalarSetting = Exclude<keyof Settings, 'assetLimits'>;

/** Where a setting's value comes from: the environment (or its built-in default), or a stored setting. */
export type SettingSource = 'environment' | 'set';

export interface EffectiveSettings {
  settings: Settings;
  sources: { assetLimits: Record<AssetType, SettingSource> } & Record<ScalarSetting, SettingSource>;
}

/** Each scalar setting's `app_settings` key and how its stored text reads and is written. */
const SCALARS: {
  [K in ScalarSetting]: { key: string; read: z.ZodType<Settings[K], string>; write(v: Settings[K]): string };
} = {
  preferredLanguage: { key: 'preferred_language', read: languageCode, write: (v) => v },
  autoPublish: { key: 'auto_publish', read: booleanText, write: String },
  reviewTimeoutMs: { key: 'review_timeout', read: reviewTimeoutText, write: formatDurationText },
  refreshIntervalMs: { key: 'refresh_interval', read: refreshIntervalText, write: formatDurationText },
};

/** A stored limit: digits, inside the type's range. */
const assetLimitText = (type: AssetType) => z.string().trim().regex(/^\d+$/).transform(Number).pipe(assetLimit(type));

/**
 * Stored values over the defaults. A stored value that does not read as valid (written by hand,
 * or out of a range narrowed since) is ignored in favour of the default.
 */
export function effectiveSettings(stored: ReadonlyMap<string, string>, defaults: Settings): EffectiveSettings {
  const pick = <T>(key: string, read: z.ZodType<T, string>, fallback: T): [T, SettingSource] => {
    const text = stored.get(key);
    const parsed = text === undefined ? undefined : read.safeParse(text);
    return parsed?.success ? [parsed.data, 'set'] : [fallback, 'environment'];
  };
  const limits = ASSET_TYPES.map(
    (t) => [t, pick(assetLimitKey(t), assetLimitText(t), defaults.assetLimits[t])] as const,
  );
  const scalar = <K extends ScalarSetting>(k: K) => pick(SCALARS[k].key, SCALARS[k].read, defaults[k]);
  const [preferredLanguage, languageSource] = scalar('preferredLanguage');
  const [autoPublish, autoPublishSource] = scalar('autoPublish');
  const [reviewTimeoutMs, reviewTimeoutSource] = scalar('reviewTimeoutMs');
  const [refreshIntervalMs, refreshIntervalSource] = scalar('refreshIntervalMs');
  return {
    settings: {
      assetLimits: Object.fromEntries(limits.map(([t, [v]]) => [t, v])) as Record<AssetType, number>,
      preferredLanguage,
      autoPublish,
      reviewTimeoutMs,
      refreshIntervalMs,
    },
    sources: {
      assetLimits: Object.fromEntries(limits.map(([t, [, from]]) => [t, from])) as Record<AssetType, SettingSource>,
      preferredLanguage: languageSource,
      autoPublish: autoPublishSource,
      reviewTimeoutMs: reviewTimeoutSource,
      refreshIntervalMs: refreshIntervalSource,
    },
  };
}

// ---------- the API's view ----------

const resettable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const limitsPatch = z.strictObject(
  Object.fromEntries(ASSET_TYPES.map((t) => [t, resettable(assetLimit(t))])) as {
    [T in AssetType]: ReturnType<typeof resettable<ReturnType<typeof assetLimit>>>;
  },
);

/** `PATCH /api/settings`: the settings to change; `null` resets one (or every asset limit) to its default. */
export const settingsPatchBody = z.strictObject({
  assetLimits: resettable(limitsPatch),
  preferredLanguage: resettable(languageCode),
  autoPublish: resettable(z.boolean()),
  /** Same syntax as REVIEW_TIMEOUT. */
  reviewTimeout: resettable(reviewTimeoutText),
  /** Same syntax as REFRESH_INTERVAL. */
  refreshInterval: resettable(refreshIntervalText),
});
export type SettingsPatch = z.infer<typeof settingsPatchBody>;

/** The `app_settings` rows a patch writes (text) or removes (null), by key. */
export function storedChanges(patch: SettingsPatch): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const t of ASSET_TYPES) {
    const limit = patch.assetLimits === null ? null : patch.assetLimits?.[t];
    if (limit !== undefined) changes.set(assetLimitKey(t), limit === null ? null : String(limit));
  }
  const scalar = <K extends ScalarSetting>(k: K, value: Settings[K] | null | undefined) => {
    if (value !== undefined) changes.set(SCALARS[k].key, value === null ? null : SCALARS[k].write(value));
  };
  scalar('preferredLanguage', patch.preferredLanguage);
  scalar('autoPublish', patch.autoPublish);
  scalar('reviewTimeoutMs', patch.reviewTimeout);
  scalar('refreshIntervalMs', patch.refreshInterval);
  return changes;
}

const source = z.enum(['environment', 'set']);
const perType = <T extends z.ZodType>(schema: T) =>
  z.object(Object.fromEntries(ASSET_TYPES.map((t) => [t, schema])) as Record<AssetType, T>);

/** `GET` and `PATCH /api/settings` answer with this. */
export const settingsView = z.object({
  /** The values in force, durations in REVIEW_TIMEOUT's syntax. */
  settings: z.object({
    assetLimits: perType(z.number().int()),
    preferredLanguage: z.string(),
    autoPublish: z.boolean(),
    reviewTimeout: z.string(),
    refreshInterval: z.string(),
  }),
  /** Per setting: `environment` (the default) or `set` (stored, until reset with null). */
  sources: z.object({
    assetLimits: perType(source),
    preferredLanguage: source,
    autoPublish: source,
    reviewTimeout: source,
    refreshInterval: source,
  }),
});

export function settingsViewOf({ settings, sources }: EffectiveSettings): z.infer<typeof settingsView> {
  return {
    settings: {
      assetLimits: settings.assetLimits,
      preferredLanguage: settings.preferredLanguage,
      autoPublish: settings.autoPublish,
      reviewTimeout: formatDurationText(settings.reviewTimeoutMs),
      refreshInterval: formatDurationText(settings.refreshIntervalMs),
    },
    sources: {
      assetLimits: sources.assetLimits,
      preferredLanguage: sources.preferredLanguage,
      autoPublish: sources.autoPublish,
      reviewTimeout: sources.reviewTimeoutMs,
      refreshInterval: sources.refreshIntervalMs,
    },
  };
}
