// Every activity of the task queue, built once per worker process, and the groups the workflows
// call them by: each group is one concern with one retry policy.
import { ProviderGate } from '../providers/gate.js';
import { createArtworkWalkActivities } from './artwork-walk.js';
import { createBatchActivities } from './batch.js';
import { createCacheActivities } from './cache.js';
import { createCandidateActivities } from './candidates.js';
import type { ActivityDeps } from './deps.js';
import { createDownloadActivities } from './download.js';
import { createHeadshotActivities } from './headshots.js';
import { createProviderActivities } from './providers.js';
import { createPublishActivities } from './publish.js';
import { createRecordActivities } from './record.js';
import { guardInfrastructure } from './infrastructure.js';
import { createLibraryScanActivities } from './library-scan.js';
import { createReviewActivities } from './review.js';
import { createScrapeActivities } from './scrape.js';
import { createTrailerActivities } from './trailers.js';

export function createActivities(base: Omit<ActivityDeps, 'gate'>) {
  const deps: ActivityDeps = { ...base, gate: new ProviderGate(base.pool, base.config.rateLimits) };
  const activities = {
    ...createScrapeActivities(deps),
    ...createProviderActivities(deps),
    ...createCandidateActivities(deps),
    ...createDownloadActivities(deps),
    ...createArtworkWalkActivities(deps),
    ...createHeadshotActivities(deps),
    ...createTrailerActivities(deps),
    ...createCacheActivities(deps),
    ...createRecordActivities(deps),
    ...createReviewActivities(deps),
    ...createPublishActivities(deps),
    ...createLibraryScanActivities(deps),
    ...createBatchActivities(deps),
  };
  return guardInfrastructure(activities, { pool: base.pool, cacheDir: base.config.cacheDir });
}

export type Activities = ReturnType<typeof createActivities>;

/** Provider requests: TMDB identification and data, Fanart.tv, OMDb. */
export type ScrapingActivities = Pick<Activities, 'scrapeMovie' | 'fetchFanart' | 'fetchOmdb' | 'fetchSupplementary'>;
/** One image download, checked and hashed. */
export type DownloadActivities = Pick<Activities, 'downloadCandidate'>;
/** A run's artwork walked: every type's candidates downloaded, compared and kept, resuming where it stopped. */
export type ArtworkWalkActivities = Pick<Activities, 'walkArtwork'>;
/** A movie's cast headshots into the cache: a few dozen images, a few at once. */
export type HeadshotActivities = Pick<Activities, 'fetchHeadshots'>;
/** A movie's trailer candidates analysed: an oEmbed check and a yt-dlp probe each. */
export type TrailerAnalysisActivities = Pick<Activities, 'analyseTrailers'>;
/** One trailer downloaded with yt-dlp: a large file from a slow site, heartbeating its progress. */
export type TrailerDownloadActivities = Pick<Activities, 'downloadTrailer'>;
/** The content-addressed cache and the run's temp folder. */
export type StorageActivities = Pick<Activities, 'storeBlob' | 'releaseCachedRef' | 'removeRunTemp'>;
/** Database steps: candidates planned, the enrichment recorded, the review's policy, the user's picks. */
export type RecordingActivities = Pick<
  Activities,
  'planCandidates' | 'recordEnrichment' | 'markNeedsIdentification' | 'completionPolicy' | 'recordPicks' | 'planPick'
>;
/** Writing a movie's files into its library folder. */
export type LibraryActivities = Pick<Activities, 'planPublish' | 'writeLibraryFiles' | 'completePublish'>;
/** Walking a library folder: long, heartbeating its place. */
export type ScanActivities = Pick<Activities, 'scanLibraryFolder'>;
/** A batch's bookkeeping: its movies, provider rate limits, the end of a bulk run. */
export type BatchActivities = Pick<Activities, 'selectBatchMovies' | 'providerRateLimit' | 'finishBulkRun'>;
