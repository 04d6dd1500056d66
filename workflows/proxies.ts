// Activity stubs, grouped by what they do, each group with its explicit retry policy, and the
// failure helpers the workflows share.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
} from '@temporalio/workflow';
import type {
  ArtworkWalkActivities,
  BatchActivities,
  DownloadActivities,
  HeadshotActivities,
  LibraryActivities,
  RecordingActivities,
  ScanActivities,
  ScrapingActivities,
  StorageActivities,
  TrailerAnalysisActivities,
  TrailerDownloadActivities,
} from '../activities/index.js';
import type { InfrastructureWait } from './infrastructure-wait.js';

/**
 * Provider requests. User-triggered runs give up sooner than background runs; backoff 1 s → 30 s.
 * A request may wait for a shared rate-limit slot, heartbeating meanwhile.
 */
function scraping(userFacing: boolean) {
  const options: ActivityOptions = {
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '30s',
      maximumAttempts: userFacing ? 3 : 6,
    },
  };
  return proxyActivities<ScrapingActivities>(options);
}

/**
 * One image of at most 50 MiB with a 30 s timeout; the download heartbeats every few seconds, so a
 * worker that died is noticed within the heartbeat timeout and the image tried again elsewhere.
 */
const downloads = proxyActivities<DownloadActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 3 },
});

/**
 * A run's whole artwork walk: a few dozen images at most, each with the download's 30 s timeout
 * and three tries. It heartbeats throughout, so a worker that died is noticed within the heartbeat
 * timeout, and the retry resumes from the outcomes written so far (nothing finished is fetched again).
 */
const artwork = proxyActivities<ArtworkWalkActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

/**
 * Twenty headshots, five at once, each with the image download's own 30 s timeout: a couple of
 * minutes at worst. A headshot that fails is reported, not retried; a retry of the whole step
 * (a worker that died) fetches only who still has no image.
 */
const headshots = proxyActivities<HeadshotActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 3 },
});

/**
 * A dozen trailers at most, each an oEmbed check (10 s) and a probe two seconds after the last;
 * heartbeats between them. A retry (a worker that died) skips what was analysed already.
 */
const trailerAnalysis = proxyActivities<TrailerAnalysisActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 3 },
});

/**
 * One trailer: up to a gigabyte from a slow site, so an hour, heartbeating every few seconds (a
 * worker that died is noticed within the heartbeat timeout, and a cancel reaches the download
 * through the heartbeat's answer). What the site answers is an outcome, not a failure; a retry is
 * for a worker lost mid-download.
 */
const trailerDownload = proxyActivities<TrailerDownloadActivities>({
  startToCloseTimeout: '1 hour',
  // Heartbeats are sent at most every 0.8 × this: a cancel reaches the download within 8 s.
  heartbeatTimeout: '10 seconds',
  // A cancelled run ends once yt-dlp is stopped and the temp file is gone.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
});

/**
 * Storage (a rename into the cache and a short transaction, or removing a temp folder) and short
 * database transactions (a whole cast and every list of a film takes well under a second): seconds
 * at most, so a worker that died mid-step is given up on soon.
 */
const SHORT_STEP = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
} satisfies ActivityOptions;
const storage = proxyActivities<StorageActivities>(SHORT_STEP);
const recording = proxyActivities<RecordingActivities>(SHORT_STEP);

/**
 * The same steps as local activities: run by the worker that runs the workflow task, each recorded
 * as one marker instead of an activity's three events and the workflow task around them. Each step
 * is idempotent (content hash, run key), so one run again after a crash does no harm.
 */
const localStorage = proxyLocalActivities<StorageActivities>(SHORT_STEP);
const localRecording = proxyLocalActivities<RecordingActivities>(SHORT_STEP);

/**
 * Copying up to a few dozen images of up to 50 MiB each; a heartbeat per file shows progress (one
 * file takes seconds even on a slow network share).
 */
const library = proxyActivities<LibraryActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

/**
 * Walking a library: minutes for a large one. The heartbeat carries its place, so a worker that died
 * is noticed within the heartbeat timeout and the retry continues after the last folder finished.
 */
const scan = proxyActivities<ScanActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10 },
});

/** A batch's database and visibility reads (choosing its movies reads every failed run: minutes at most). */
const batch = proxyActivities<Omit<BatchActivities, 'providerRateLimit'>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

/**
 * The batch's look at provider rate limits before it starts a child: one indexed read, asked often,
 * so local (a marker in the history instead of a scheduled activity's three events).
 */
const batchChecks = proxyLocalActivities<Pick<BatchActivities, 'providerRateLimit'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

/**
 * A run's activities, each call waiting out an unavailable database or cache volume through `wait`
 * (the run's one wait, which its progress shows); `localBookkeeping` runs the storage and recording
 * steps as local activities.
 */
export function activityGroups(wait: InfrastructureWait, userFacing = false, localBookkeeping = false) {
  return {
    scraping: wait.wrap(scraping(userFacing)),
    downloads: wait.wrap(downloads),
    artwork: wait.wrap(artwork),
    headshots: wait.wrap(headshots),
    trailerAnalysis: wait.wrap(trailerAnalysis),
    trailerDownload: wait.wrap(trailerDownload),
    storage: wait.wrap(localBookkeeping ? localStorage : storage),
    recording: wait.wrap(localBookkeeping ? localRecording : recording),
    library: wait.wrap(library),
    scan: wait.wrap(scan),
    // Listed by name: the stubs are proxies without own properties to spread.
    batch: wait.wrap({
      selectBatchMovies: batch.selectBatchMovies,
      finishBulkRun: batch.finishBulkRun,
      providerRateLimit: batchChecks.providerRateLimit,
    }),
  };
}
export type ActivityGroups = ReturnType<typeof activityGroups>;

/**
 * The application failure an activity call failed with: a scheduled activity's comes wrapped in an
 * `ActivityFailure`, a local activity's as it was thrown.
 */
export function activityCause(err: unknown): ApplicationFailure | undefined {
  if (err instanceof ActivityFailure) return err.cause instanceof ApplicationFailure ? err.cause : undefined;
  return err instanceof ApplicationFailure ? err : undefined;
}

/** The message that says what went wrong: an activity's own, not "activity task failed". */
export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

/** The innermost cause's message (a child workflow's failure wraps its activity's). */
export function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/**
 * What a workflow that a person waits on fails with: the failed activity's reason and type (the API
 * answers by the type), not "activity task failed"; the activity failure stays attached as the
 * cause. Anything else is returned as it is.
 */
export function asWorkflowFailure(err: unknown, fallbackType: string): unknown {
  if (!(err instanceof ActivityFailure && err.cause)) return err;
  const type = err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
  return ApplicationFailure.create({
    message: err.cause.message,
    type: type ?? fallbackType,
    nonRetryable: true,
    cause: err,
  });
}
