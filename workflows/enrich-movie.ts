import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { FailureType } from '../domain/failures.js';
import type { HeadshotReport } from '../domain/headshots.js';
import type { TrailerReport } from '../domain/trailers.js';
import { failureReport, SUPPLEMENTARY_PROVIDERS } from '../domain/supplementary.js';
import { initialCounters, walkType, type TypeWalk } from '../domain/type-walk.js';
import { completeEnrichment, installReviewHandler, publishNow, type ReviewState } from './complete.js';
import { progressQuery } from './definitions.js';
import { InfrastructureWait, isInfrastructureGiveUp } from './infrastructure-wait.js';
import { activityCause, activityGroups, failureMessage, type ActivityGroups } from './proxies.js';
import { reportStatus } from './status.js';
import type {
  DownloadedImage,
  EnrichMovieInput,
  EnrichmentStatus,
  EnrichmentProgress,
  EnrichmentResult,
  ProviderName,
  ProviderReport,
  TypePlan,
  TypeSelection,
} from '../domain/types.js';

/** Runs recorded before headshots were fetched replay without the step. */
const HEADSHOTS_PATCH = 'cast-headshots';
/** Runs recorded before trailers were downloaded replay without the step. */
const TRAILERS_PATCH = 'trailers';
/**
 * Runs recorded before the artwork walk was one activity (and the storage and recording steps
 * local ones) replay with a download and a store activity per image.
 */
const ARTWORK_WALK_PATCH = 'artwork-walk';
/** Runs recorded before Fanart.tv and OMDb were one activity replay with an activity each. */
const SUPPLEMENTARY_PATCH = 'supplementary-in-one';

/** Store failures that are the candidate's own: its temp file vanished or does not hold what it claims. */
function isCandidateOwnStoreFailure(err: unknown): boolean {
  const type = activityCause(err)?.type;
  return type === FailureType.TempFileMissing || type === FailureType.UntrustedTempFile;
}

function failedReport(err: unknown): ProviderReport {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  return failureReport(cause instanceof ApplicationFailure ? cause.type : undefined, failureMessage(err));
}

/** One enrichment of one movie: scrape → download → cache → record → complete. */
export async function enrichMovie(input: EnrichMovieInput): Promise<EnrichmentResult> {
  reportStatus('running');
  try {
    const result = await enrich(input);
    reportStatus(finalStatus(result));
    return result;
  } catch (err) {
    if (!isCancellation(err)) reportStatus('failed');
    throw err;
  }
}

function finalStatus(result: EnrichmentResult): EnrichmentStatus {
  if (result.status === 'needs_identification') return 'needs_identification';
  if (result.status === 'skipped_unmonitored') return 'skipped';
  if (result.supersededBy) return 'superseded';
  return result.publish?.status === 'published' ? 'published' : 'enriched';
}

async function enrich(input: EnrichMovieInput): Promise<EnrichmentResult> {
  const progress: EnrichmentProgress = {
    movieId: input.movieId,
    phase: 'scrape',
    providers: { tmdb: { status: 'pending' }, 'fanart.tv': { status: 'pending' }, omdb: { status: 'pending' } },
    types: {},
  };
  const skipOthers = (reason: string) => {
    for (const p of ['fanart.tv', 'omdb'] as const) progress.providers[p] = { status: 'skipped', reason };
  };
  setHandler(progressQuery, () => progress);
  const review: ReviewState = { reviewing: false };
  const userFacing = input.trigger === 'user' || input.trigger === 'webhook';
  const wait = new InfrastructureWait((state) => {
    if (state) progress.waiting = state;
    else delete progress.waiting;
  });
  const walkInOne = patched(ARTWORK_WALK_PATCH);
  const activities = activityGroups(wait, userFacing, walkInOne);
  const { scraping: providers, recording, storage } = activities;
  installReviewHandler(progress, review, activities);

  let scrape;
  try {
    scrape = await providers.scrapeMovie({
      movieId: input.movieId,
      trigger: input.trigger,
      force: input.force ?? false,
    });
  } catch (err) {
    if (isInfrastructureGiveUp(err)) throw err;
    // TMDB is the backbone: without it nothing is recorded, no other provider is asked
    // and `movies` stays as it was.
    progress.providers.tmdb = failedReport(err);
    skipOthers('TMDB failed');
    throw ApplicationFailure.nonRetryable(`scraping failed: ${failureMessage(err)}`, FailureType.ScrapeFailed);
  }
  const base = {
    movieId: input.movieId,
    providers: progress.providers,
    types: progress.types,
    selections: [],
    completenessPct: null,
    changedFields: [],
    publish: null,
  };
  if (scrape.status !== 'ok') {
    progress.providers.tmdb = {
      status: 'skipped',
      reason: scrape.status === 'unmonitored' ? 'movie is not monitored' : scrape.reason,
    };
    skipOthers(progress.providers.tmdb.reason!);
  }
  if (scrape.status === 'unmonitored') {
    progress.phase = 'complete';
    return {
      ...base,
      status: 'skipped_unmonitored',
      tmdbId: null,
      providerDataFetched: false,
      message: 'movie is not monitored',
    };
  }
  if (scrape.status === 'needs_identification') {
    await recording.markNeedsIdentification({ movieId: input.movieId });
    progress.phase = 'complete';
    return {
      ...base,
      status: 'needs_identification',
      tmdbId: null,
      providerDataFetched: false,
      message: scrape.reason,
    };
  }

  progress.providers.tmdb = scrape.fetched ? { status: 'ok' } : { status: 'skipped', reason: 'fresh cache' };
  // Fanart.tv and OMDb side by side; either failing only costs its own data, never the run.
  const force = input.force ?? false;
  if (patched(SUPPLEMENTARY_PATCH)) {
    const ask = { cacheId: scrape.cacheId, tmdbId: scrape.tmdbId, imdbId: scrape.imdbId, force };
    try {
      Object.assign(progress.providers, await providers.fetchSupplementary(ask));
    } catch (err) {
      // The step turns the providers' own failures into reports; what is left is an attempt that
      // never answered (a worker lost on the last attempt), which costs both their data.
      if (isInfrastructureGiveUp(err)) throw err;
      for (const name of SUPPLEMENTARY_PROVIDERS) progress.providers[name] = failedReport(err);
    }
  } else {
    const supplementary = async (name: ProviderName, run: () => Promise<ProviderReport>) => {
      try {
        progress.providers[name] = await run();
      } catch (err) {
        if (isInfrastructureGiveUp(err)) throw err;
        progress.providers[name] = failedReport(err);
      }
    };
    await Promise.all([
      supplementary('fanart.tv', () =>
        providers.fetchFanart({ cacheId: scrape.cacheId, tmdbId: scrape.tmdbId, force }),
      ),
      supplementary('omdb', () => providers.fetchOmdb({ cacheId: scrape.cacheId, imdbId: scrape.imdbId, force })),
    ]);
  }

  progress.phase = 'download';
  const plan = await recording.planCandidates({
    movieId: input.movieId,
    cacheId: scrape.cacheId,
    manual: input.trigger === 'user',
  });
  const { workflowId, runId } = workflowInfo();
  const runKey = `${workflowId}-${runId}`;
  let selections: TypeSelection[];
  try {
    const walked = plan.types.filter((p) => !p.locked && p.limit > 0);
    selections = walkInOne
      ? await walkArtwork(activities, walked, plan.duplicateThreshold, input.movieId, runKey, progress)
      : await walkEachImage(activities, walked, plan.duplicateThreshold, input.movieId, runKey, progress);
  } finally {
    // Downloads not kept (duplicates) go with the run's temp folder, also when the run fails or
    // is cancelled.
    await CancellationScope.nonCancellable(() => storage.removeRunTemp({ runKey }));
  }

  progress.phase = 'record';
  let recorded;
  try {
    recorded = await recording.recordEnrichment({
      movieId: input.movieId,
      cacheId: scrape.cacheId,
      selections,
      runKey,
    });
  } catch (err) {
    // The movie became another film while this run scraped the old one: nothing was recorded, and
    // the run fails saying so (an enrichment started since records the new film).
    const cause = activityCause(err);
    if (cause?.type === FailureType.StaleIdentity)
      throw ApplicationFailure.create({
        message: cause.message,
        type: FailureType.StaleIdentity,
        nonRetryable: true,
        cause: err as Error,
      });
    throw err;
  }
  // The trailer (a large download) runs beside the rest, which publishes without waiting for it.
  const trailerScope = new CancellationScope();
  const trailer =
    plan.trailers && patched(TRAILERS_PATCH)
      ? trailerScope.run(() => trailerStep(activities, input.movieId, scrape.cacheId, runKey, progress))
      : null;
  // Awaited after the completion; until then a failure of the step must not count as unhandled.
  trailer?.catch(() => undefined);
  if (patched(HEADSHOTS_PATCH)) progress.headshots = await fetchHeadshots(activities, input.movieId, runKey);
  // New headshots change the published `.actors/` too.
  const changed =
    recorded.changedFields.length > 0 || recorded.assetsChanged || (progress.headshots?.downloaded ?? 0) > 0;
  const completionRun = { movieId: input.movieId, plans: plan.types, selections, runKey, progress };
  let completion = await completeEnrichment({ ...completionRun, changed }, review, activities);
  if (trailer && completion.supersededBy) {
    // A fresh run of the movie waits for this one to end: the trailer is left to it.
    trailerScope.cancel();
    await trailer.catch(() => undefined);
  } else if (trailer && (await trailer).status === 'downloaded') {
    // The trailer arrived after the rest: published where the rest was, or, when it is the only
    // change, completed like any other change (published, or waiting for the review).
    if (completion.publish.status === 'published') {
      progress.phase = 'publish';
      completion = { ...completion, publish: await publishNow(input.movieId) };
    } else if (!changed) completion = await completeEnrichment({ ...completionRun, changed: true }, review, activities);
  }
  await condition(allHandlersFinished);
  progress.phase = 'complete';
  return {
    movieId: input.movieId,
    status: 'enriched',
    tmdbId: scrape.tmdbId,
    providerDataFetched: scrape.fetched,
    providers: progress.providers,
    types: progress.types,
    selections,
    completenessPct: recorded.completenessPct,
    changedFields: recorded.changedFields,
    headshots: progress.headshots,
    trailer: progress.trailer,
    ...completion,
  };
}

/**
 * The first cast members' headshots, after recording (which links the cast) and before completing
 * (which publishes them). The step failing after its retries costs the headshots, never the movie.
 */
async function fetchHeadshots({ headshots }: ActivityGroups, movieId: number, runKey: string): Promise<HeadshotReport> {
  try {
    return await headshots.fetchHeadshots({ movieId, runKey });
  } catch (err) {
    if (isInfrastructureGiveUp(err) || isCancellation(err)) throw err;
    return { considered: 0, downloaded: 0, cached: 0, locked: 0, missing: 0, failed: [], error: failureMessage(err) };
  }
}

/**
 * The trailer: TMDB's trailers analysed, then the best downloaded, the next-best tried when one
 * fails. Nothing here fails the movie; cancelling the run stops a download under way.
 */
async function trailerStep(
  { trailerAnalysis, trailerDownload }: ActivityGroups,
  movieId: number,
  cacheId: number,
  runKey: string,
  progress: EnrichmentProgress,
): Promise<TrailerReport> {
  const report: TrailerReport = { status: 'analysing', attempts: [] };
  progress.trailer = report;
  try {
    const analysis = await trailerAnalysis.analyseTrailers({ movieId, cacheId });
    if (analysis.status === 'locked') {
      report.status = 'locked';
      return report;
    }
    report.videos = analysis.videos;
    for (const candidateId of analysis.downloadOrder) {
      report.status = 'downloading';
      report.candidateId = candidateId;
      const outcome = await trailerDownload.downloadTrailer({ movieId, candidateId, runKey, by: 'auto' });
      if (outcome.ok) {
        report.attempts.push({ candidateId, outcome: 'downloaded' });
        report.status = 'downloaded';
        report.sha256 = outcome.sha256;
        return report;
      }
      report.attempts.push({ candidateId, outcome: outcome.reason, message: outcome.message });
      if (outcome.reason === 'locked') {
        report.status = 'locked';
        return report;
      }
    }
    // Every download failed, or none was needed: a trailer cached before stays.
    if (analysis.current !== null) report.candidateId = analysis.current;
    else delete report.candidateId;
    report.status = analysis.current !== null ? 'unchanged' : analysis.downloadOrder.length > 0 ? 'failed' : 'none';
    return report;
  } catch (err) {
    if (isInfrastructureGiveUp(err) || isCancellation(err)) throw err;
    report.status = 'failed';
    report.error = failureMessage(err);
    return report;
  }
}

/**
 * Stores one accepted download. A download whose temp file is gone or cannot be trusted counts as
 * that candidate failing, not the item; any other failure (after its retries) fails the run: the
 * cache not taking an image is never a reason to finish with less artwork.
 */
async function cacheImage(
  { storage }: ActivityGroups,
  selection: TypeSelection,
  image: DownloadedImage,
  movieId: number,
  progress: EnrichmentProgress,
): Promise<void> {
  try {
    await storage.storeBlob({ image, movieId, assetType: selection.assetType });
  } catch (err) {
    if (!isCandidateOwnStoreFailure(err)) throw err;
    selection.accepted = selection.accepted.filter((a) => a.candidateId !== image.candidateId);
    selection.failed.push({ candidateId: image.candidateId, reason: `not cached: ${failureMessage(err)}` });
    const counters = progress.types[selection.assetType]!;
    counters.accepted--;
    counters.failed++;
  }
}

/** One type's walk, with its counters in the progress query and failed downloads as outcomes. */
async function selectType(
  { downloads }: ActivityGroups,
  plan: TypePlan,
  threshold: number,
  runKey: string,
  progress: EnrichmentProgress,
): Promise<TypeWalk> {
  const counters = initialCounters(plan);
  progress.types[plan.assetType] = counters;
  return walkType(plan, threshold, counters, async (candidate) => {
    try {
      return await downloads.downloadCandidate({ runKey, candidateId: candidate.id, url: candidate.url });
    } catch (err) {
      if (isInfrastructureGiveUp(err)) throw err;
      // One image failing (after its retries) never fails the item: the next candidate is tried.
      return { ok: false, candidateId: candidate.id, reason: failureMessage(err) };
    }
  });
}

/**
 * Every type's walk in one activity, which keeps accepted images in the cache as it goes and
 * heartbeats its counters (the API shows them while it runs); the counters land here at its end.
 */
async function walkArtwork(
  { artwork }: ActivityGroups,
  plans: TypePlan[],
  duplicateThreshold: number,
  movieId: number,
  runKey: string,
  progress: EnrichmentProgress,
): Promise<TypeSelection[]> {
  for (const plan of plans) progress.types[plan.assetType] = initialCounters(plan);
  const walked = await artwork.walkArtwork({ movieId, runKey, duplicateThreshold, plans });
  for (const { selection, counters } of walked) progress.types[selection.assetType] = counters;
  return walked.map((w) => w.selection);
}

/** Runs recorded before the walk was one activity: an activity per download, then one per image kept. */
async function walkEachImage(
  activities: ActivityGroups,
  plans: TypePlan[],
  threshold: number,
  movieId: number,
  runKey: string,
  progress: EnrichmentProgress,
): Promise<TypeSelection[]> {
  // Asset types in parallel; within a type strictly in rank order (dedup compares with earlier picks).
  const picked = await Promise.all(plans.map((p) => selectType(activities, p, threshold, runKey, progress)));
  progress.phase = 'cache';
  await Promise.all(
    picked.flatMap((p) => p.toCache.map((image) => cacheImage(activities, p.selection, image, movieId, progress))),
  );
  return picked.map((p) => p.selection);
}
