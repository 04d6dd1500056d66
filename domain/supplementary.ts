// Fanart.tv and OMDb, the providers asked after TMDB: asked side by side, and whatever becomes of
// them, the item goes on (their failure is in the run's report, never the run's outcome).
import { FailureType } from './failures.js';
import type { ProviderName, ProviderReport } from './types.js';

export const SUPPLEMENTARY_PROVIDERS = ['fanart.tv', 'omdb'] as const satisfies readonly ProviderName[];
type SupplementaryProvider = (typeof SUPPLEMENTARY_PROVIDERS)[number];
export type SupplementaryReports = Record<SupplementaryProvider, ProviderReport>;

/** A provider's failure as its report: a 429 says rate limited, anything else failed. */
export function failureReport(type: string | null | undefined, message: string): ProviderReport {
  return { status: type === FailureType.ProviderRateLimited ? 'rate_limited' : 'failed', reason: message };
}

/**
 * The reports an earlier attempt of the supplementary step finished with, from its heartbeat
 * details (`{reports}`): those providers are not asked again. Anything else reads as none.
 */
export function finishedReports(details: unknown): Partial<SupplementaryReports> {
  const reports = (details as { reports?: unknown } | null | undefined)?.reports;
  if (typeof reports !== 'object' || reports === null) return {};
  const finished: Partial<SupplementaryReports> = {};
  for (const name of SUPPLEMENTARY_PROVIDERS) {
    const r = (reports as Record<string, unknown>)[name] as ProviderReport | undefined;
    if (r && typeof r.status === 'string') finished[name] = r;
  }
  return finished;
}
