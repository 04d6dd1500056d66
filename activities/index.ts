import { ProviderGate } from '../providers/gate.js';
import { createCacheActivities } from './cache.js';
import { createCandidateActivities } from './candidates.js';
import type { ActivityDeps } from './deps.js';
import { createDownloadActivities } from './download.js';
import { createRecordActivities } from './record.js';
import { createReviewActivities } from './review.js';
import { createProviderActivities } from './providers.js';
import { createPublishActivities } from './publish.js';
import { createScrapeActivities } from './scrape.js';

export function createActivities(base: Omit<ActivityDeps, 'gate'>) {
  const deps: ActivityDeps = { ...base, gate: new ProviderGate(base.pool, base.config.rateLimits) };
  return {
    ...createProviderActivities(deps),
    ...createScrapeActivities(deps),
    ...createCandidateActivities(deps),
    ...createDownloadActivities(deps),
    ...createCacheActivities(deps),
    ...createRecordActivities(deps),
    ...createReviewActivities(deps),
    ...createPublishActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
