import { createCacheActivities } from './cache.js';
import { createCandidateActivities } from './candidates.js';
import type { ActivityDeps } from './deps.js';
import { createDownloadActivities } from './download.js';
import { createRecordActivities } from './record.js';
import { createScrapeActivities } from './scrape.js';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createScrapeActivities(deps),
    ...createCandidateActivities(deps),
    ...createDownloadActivities(deps),
    ...createCacheActivities(deps),
    ...createRecordActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
