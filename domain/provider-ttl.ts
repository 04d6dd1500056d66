import type { ProviderName } from './types.js';

/** How long each provider's answer stays fresh in the provider cache. */
export const PROVIDER_TTL_MS: Record<ProviderName, number> = {
  tmdb: 7 * 24 * 3600_000,
  omdb: 7 * 24 * 3600_000,
  'fanart.tv': 24 * 3600_000,
};

/** A cached answer is reused while fresh, unless the run forces a refresh. */
export function isFresh(
  provider: ProviderName,
  fetchedAt: Date | null | undefined,
  force: boolean,
  now = Date.now(),
): boolean {
  return !force && !!fetchedAt && now - fetchedAt.getTime() < PROVIDER_TTL_MS[provider];
}
