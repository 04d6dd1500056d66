import { mkdir, open, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  recordAnalysis,
  recordTrailerFailure,
  trailerCandidate,
  trailerCandidates,
  trailerLocked,
  trailerVideos,
  upsertProviderCandidate,
} from '../db/trailers.js';
import { analyseTrailersInput, downloadTrailerInput } from '../domain/activity-inputs.js';
import { FailureType } from '../domain/failures.js';
import { classifyTrailerError, RATE_LIMIT_BACKOFF_MS, type TrailerFailure } from '../domain/trailer-failure.js';
import {
  analysisOrder,
  needsAnalysis,
  oembedUrl,
  PROBE_INTERVAL_MS,
  probeFacts,
  selectionOrder,
  trailerScore,
  VIDEO_KEY,
  videoSite,
  watchUrl,
  type AnalysedVideo,
  type TrailerAnalysis,
  type TrailerDownload,
  type TrailerPreferences,
  type VideoSite,
} from '../domain/trailers.js';
import { checkOembed } from '../providers/oembed.js';
import { downloadVideo, probeVideo, YtDlpError, type DownloadProgress } from '../providers/yt-dlp.js';
import { storeVideo } from '../storage/video-store.js';
import type { ActivityDeps } from './deps.js';
import { parseInput } from './input.js';
import { runTempDir } from './temp-files.js';

/** What the download heartbeats: how far it got (the API shows it as the run's trailer progress). */
export interface TrailerHeartbeat {
  downloadedBytes: number;
  totalBytes: number | null;
  speed: number | null;
}

const HEARTBEAT_EVERY_MS = 2000;

/** Whether a file starts as an ISO media file (`ftyp` box) does: what every mp4 does. */
async function isMp4(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && head.toString('latin1', 4, 8) === 'ftyp';
  } finally {
    await handle.close();
  }
}

export function createTrailerActivities({ pool, config }: ActivityDeps) {
  const t = config.trailers;
  const prefs: TrailerPreferences = {
    language: t.language,
    maxResolution: t.maxResolution,
    hasCookies: t.cookiesFile !== undefined,
  };
  const ytDlp = () => ({ bin: t.ytDlpPath, cookiesFile: t.cookiesFile, signal: Context.current().cancellationSignal });

  /** A failure's class, with a download error checked against oEmbed again: a video gone since reads as gone. */
  async function classify(err: YtDlpError, site: VideoSite, url: string): Promise<TrailerFailure> {
    const reason = classifyTrailerError(err.message);
    if (reason !== 'download_error') return reason;
    return (await checkOembed(oembedUrl(t.sites, site, url))) === 'not_found' ? 'unavailable' : reason;
  }

  const failure = (reason: TrailerFailure, message: string) => ({
    reason,
    message,
    retryAfter: reason === 'rate_limited' ? new Date(Date.now() + RATE_LIMIT_BACKOFF_MS) : null,
  });

  /**
   * The movie's TMDB trailers as candidates, official first and newest first: each is checked
   * through its site's oEmbed endpoint (a video that is gone is never probed) and probed with
   * yt-dlp, a probe at most every two seconds; a failure is classified and kept. A candidate
   * analysed before is not probed again unless its failure is one that is retried by itself.
   * Returns the candidates to download, best first.
   */
  async function analyseTrailers(raw: { movieId: number; cacheId: number }): Promise<TrailerAnalysis> {
    const input = parseInput(analyseTrailersInput, raw);
    const locked = await trailerLocked(pool, input.movieId);
    if (locked === undefined)
      throw ApplicationFailure.nonRetryable(`movie ${input.movieId} not found`, FailureType.MovieNotFound);
    if (locked) return { status: 'locked' };
    // Also while a probe runs (yt-dlp may wait on a slow site for a while).
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await analyse(input);
    } finally {
      clearInterval(beat);
    }
  }

  /** The analysis itself, for an unlocked movie. */
  async function analyse(input: { movieId: number; cacheId: number }): Promise<TrailerAnalysis> {
    const known = new Map((await trailerCandidates(pool, input.movieId)).map((c) => [c.providerVideoId, c]));
    const videos: AnalysedVideo[] = [];
    let lastProbe = 0;
    for (const v of analysisOrder(await trailerVideos(pool, input.cacheId))) {
      const site = videoSite(v.site);
      if (!site || !VIDEO_KEY.test(v.key)) {
        videos.push({ key: v.key, candidateId: null, outcome: 'unsupported_site' });
        continue;
      }
      const url = watchUrl(t.sites, site, v.key);
      const id = await upsertProviderCandidate(pool, input.movieId, { ...v, site, sourceUrl: url });
      if (!needsAnalysis(known.get(v.providerVideoId), Date.now(), prefs)) {
        videos.push({ key: v.key, candidateId: id, outcome: 'known' });
        continue;
      }
      const outcome = async (): Promise<AnalysedVideo['outcome']> => {
        if ((await checkOembed(oembedUrl(t.sites, site, url), Context.current().cancellationSignal)) === 'not_found') {
          await recordTrailerFailure(pool, id, failure('unavailable', `${site} oEmbed: not found`));
          return 'unavailable';
        }
        const wait = lastProbe + PROBE_INTERVAL_MS - Date.now();
        if (wait > 0) await sleep(wait, undefined, { signal: Context.current().cancellationSignal });
        lastProbe = Date.now();
        try {
          const probe = await probeVideo(ytDlp(), url);
          if (!probe) {
            const gone = (await checkOembed(oembedUrl(t.sites, site, url))) === 'not_found';
            const reason = gone ? 'unavailable' : 'download_error';
            await recordTrailerFailure(pool, id, failure(reason, 'yt-dlp found no video'));
            return reason;
          }
          const facts = probeFacts(probe);
          const score = trailerScore(
            { official: v.official, language: v.language, bestHeight: facts.bestHeight },
            prefs,
          );
          await recordAnalysis(pool, id, facts, score);
          return 'probed';
        } catch (err) {
          if (!(err instanceof YtDlpError)) throw err;
          const reason = await classify(err, site, url);
          await recordTrailerFailure(pool, id, failure(reason, err.message));
          return reason;
        }
      };
      videos.push({ key: v.key, candidateId: id, outcome: await outcome() });
    }
    const candidates = await trailerCandidates(pool, input.movieId);
    const order = selectionOrder(candidates, Date.now(), prefs);
    const current = candidates.find((c) => c.isSelected && c.hasBlob) ?? null;
    // The cached selection stands unless a better candidate turned up.
    const best = order[0];
    const keep = current && (!best || best.id === current.id || (best.score ?? 0) <= (current.score ?? 0));
    return {
      status: 'analysed',
      videos,
      downloadOrder: keep ? [] : order.filter((c) => c.id !== current?.id).map((c) => c.id),
      current: current?.id ?? null,
    };
  }

  /**
   * Downloads one candidate with yt-dlp into the run's temp folder on the cache volume, checks it is
   * an mp4, and moves it into the cache as the movie's selected trailer. Heartbeats its progress;
   * cancelling stops yt-dlp and removes the temp folder. A failure the site or the video causes is
   * classified, recorded on the candidate and returned, for the workflow to try the next one.
   */
  async function downloadTrailer(raw: {
    movieId: number;
    candidateId: number;
    runKey: string;
    by: 'auto' | 'user';
  }): Promise<TrailerDownload> {
    const input = parseInput(downloadTrailerInput, raw);
    const candidate = await trailerCandidate(pool, input.movieId, input.candidateId);
    if (!candidate)
      throw ApplicationFailure.nonRetryable(
        `trailer candidate ${input.candidateId} is not one of movie ${input.movieId}'s`,
        FailureType.InvalidActivityInput,
      );
    if (input.by === 'auto' && (await trailerLocked(pool, input.movieId)))
      return { ok: false, candidateId: candidate.id, reason: 'locked', message: 'the trailer is locked' };
    const ctx = Context.current();
    const dir = runTempDir(config.cacheDir, `${input.runKey}-trailer-${candidate.id}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    let last: TrailerHeartbeat = { downloadedBytes: 0, totalBytes: null, speed: null };
    // Also while yt-dlp prints nothing (a site slow to answer): the heartbeat is how a cancel arrives.
    const beat = setInterval(() => ctx.heartbeat(last), HEARTBEAT_EVERY_MS);
    try {
      let file: string;
      try {
        file = await downloadVideo(ytDlp(), candidate.sourceUrl, {
          dir,
          maxHeight: t.maxResolution,
          maxBytes: t.maxBytes,
          onProgress: (p: DownloadProgress) => {
            last = p;
            ctx.heartbeat(p);
          },
        });
      } catch (err) {
        if (!(err instanceof YtDlpError)) throw err;
        const reason = await classify(err, candidate.site, candidate.sourceUrl);
        await recordTrailerFailure(pool, candidate.id, failure(reason, err.message));
        return { ok: false, candidateId: candidate.id, reason, message: err.message };
      }
      if (!file.startsWith(`${dir}/`) || !(await isMp4(file))) {
        const message = 'the download is not an mp4 file';
        await recordTrailerFailure(pool, candidate.id, failure('download_error', message));
        return { ok: false, candidateId: candidate.id, reason: 'download_error', message };
      }
      ctx.heartbeat();
      const { sha256, size } = await storeVideo(
        pool,
        config.cacheDir,
        { tempPath: file, format: 'mp4', width: candidate.bestWidth, height: candidate.bestHeight },
        { movieId: input.movieId, candidateId: candidate.id, selectedBy: input.by },
      );
      return { ok: true, candidateId: candidate.id, sha256, size };
    } finally {
      clearInterval(beat);
      await rm(dir, { recursive: true, force: true });
    }
  }

  return { analyseTrailers, downloadTrailer };
}
