// Trailer candidates: which TMDB videos are analysed and in what order, where each one's watch page
// and availability check live, how candidates are scored, and what the downloader is asked for.
import { z } from 'zod';
import { retriesAutomatically, type TrailerFailure } from './trailer-failure.js';

export const VIDEO_SITES = ['youtube', 'vimeo'] as const;
export type VideoSite = (typeof VIDEO_SITES)[number];

/** Resolutions the scoring cap and the download's height limit may be set to. */
export const TRAILER_RESOLUTIONS = [480, 720, 1080, 2160] as const;
export type TrailerResolution = (typeof TRAILER_RESOLUTIONS)[number];

/** Base URLs of each site's watch page and oEmbed endpoint (configurable, so tests use a fake site). */
export interface VideoSiteUrls {
  youtube: { watch: string; oembed: string };
  vimeo: { watch: string; oembed: string };
}

export const REAL_VIDEO_SITES: VideoSiteUrls = {
  youtube: { watch: 'https://www.youtube.com/watch?v=', oembed: 'https://www.youtube.com/oembed' },
  vimeo: { watch: 'https://vimeo.com/', oembed: 'https://vimeo.com/api/oembed.json' },
};

/** TMDB names the site "YouTube" or "Vimeo"; any other site is skipped. */
export function videoSite(tmdbSite: string): VideoSite | null {
  const s = tmdbSite.trim().toLowerCase();
  return (VIDEO_SITES as readonly string[]).includes(s) ? (s as VideoSite) : null;
}

/** A video key as the sites use them: letters, digits, `-` and `_` only, so it is safe in any URL. */
export const VIDEO_KEY = /^[A-Za-z0-9_-]{1,64}$/;

export function watchUrl(urls: VideoSiteUrls, site: VideoSite, key: string): string {
  return `${urls[site].watch}${key}`;
}

/** The oEmbed request for a watch URL: the URL is always passed encoded, never trusted as a path. */
export function oembedUrl(urls: VideoSiteUrls, site: VideoSite, watch: string): string {
  const q = new URLSearchParams({ url: watch });
  if (site === 'youtube') q.set('format', 'json');
  return `${urls[site].oembed}?${q}`;
}

/**
 * Which site a user's URL is on, or null when it is not one of the allowed video hosts: the host
 * must be the configured site's own (https, or the configured scheme), never an arbitrary server.
 */
export function siteOfUrl(urls: VideoSiteUrls, raw: string): { site: VideoSite; url: string } | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  for (const site of VIDEO_SITES) {
    const base = new URL(urls[site].watch);
    if (u.protocol !== base.protocol) continue;
    const hosts = new Set([base.host]);
    // The real sites answer on their short and www. hosts too.
    if (site === 'youtube' && base.hostname === 'www.youtube.com')
      for (const h of ['youtube.com', 'm.youtube.com', 'youtu.be']) hosts.add(h);
    if (site === 'vimeo' && base.hostname === 'vimeo.com') hosts.add('www.vimeo.com');
    if (hosts.has(u.host)) return { site, url: u.toString() };
  }
  return null;
}

/** One TMDB video of type trailer, as the provider cache holds it. */
export interface TrailerVideo {
  providerVideoId: string;
  name: string;
  site: string;
  key: string;
  official: boolean | null;
  language: string | null;
  publishedAt: string | null;
}

/** Official first, then newest first; ties by TMDB's id so the order is stable. */
export function analysisOrder<T extends TrailerVideo>(videos: readonly T[]): T[] {
  const time = (v: TrailerVideo) => (v.publishedAt ? Date.parse(v.publishedAt) || 0 : 0);
  return [...videos].sort(
    (a, b) =>
      Number(b.official === true) - Number(a.official === true) ||
      time(b) - time(a) ||
      a.providerVideoId.localeCompare(b.providerVideoId),
  );
}

export interface TrailerPreferences {
  language: string;
  maxResolution: TrailerResolution;
  /** A cookies file is configured, so age-restricted videos can be had. */
  hasCookies: boolean;
}

/** +100 official, +50 in the preferred language, and up to 40 for resolution capped at the maximum. */
export function trailerScore(
  c: { official: boolean | null; language: string | null; bestHeight: number | null },
  prefs: TrailerPreferences,
): number {
  const h = Math.min(c.bestHeight ?? 0, prefs.maxResolution);
  const resolution = h >= 2160 ? 40 : h >= 1080 ? 30 : h >= 720 ? 20 : h >= 480 ? 10 : 0;
  return (c.official ? 100 : 0) + (c.language && c.language === prefs.language ? 50 : 0) + resolution;
}

/** What deciding whether a candidate is analysed, selected or downloaded needs to know of it. */
export interface TrailerCandidateState {
  id: number;
  analyzed: boolean;
  failureReason: TrailerFailure | null;
  /** ms since the epoch */
  retryAfter: number | null;
  score: number | null;
  hasBlob: boolean;
}

/** Whether analysis probes a known candidate again: never once analysed, unless its failure is retried by itself. */
export function needsAnalysis(c: TrailerCandidateState | undefined, now: number, prefs: TrailerPreferences): boolean {
  if (!c) return true;
  if (c.failureReason)
    return retriesAutomatically({ reason: c.failureReason, retryAfter: c.retryAfter }, now, prefs.hasCookies);
  return !c.analyzed;
}

/** Whether the automatic choice may take a candidate: analysed, and not failed in a way that is not retried. */
export function selectable(c: TrailerCandidateState, now: number, prefs: TrailerPreferences): boolean {
  if (!c.analyzed && !c.hasBlob) return false;
  if (!c.failureReason) return true;
  return retriesAutomatically({ reason: c.failureReason, retryAfter: c.retryAfter }, now, prefs.hasCookies);
}

/** Candidates in the order the automatic choice tries them: best score first, ties by id. */
export function selectionOrder<T extends TrailerCandidateState>(
  candidates: readonly T[],
  now: number,
  prefs: TrailerPreferences,
): T[] {
  return candidates
    .filter((c) => selectable(c, now, prefs))
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.id - b.id);
}

/**
 * yt-dlp's format choice: the best mp4/H.264 video with m4a audio at most `maxHeight` high, else
 * the best video and audio under it, else the best single mp4 under it, else the best there is.
 */
export function formatSelector(maxHeight: number): string {
  const h = `[height<=${maxHeight}]`;
  return [`bv*${h}[ext=mp4][vcodec^=avc1]+ba[ext=m4a]`, `bv*${h}+ba`, `b${h}[ext=mp4]`, `b${h}`, 'b'].join('/');
}

/** The parts of yt-dlp's JSON dump we use; anything else in it is ignored. */
export const probeSchema = z.object({
  title: z.string().nullish(),
  duration: z.number().nonnegative().nullish(),
  thumbnail: z.string().nullish(),
  width: z.number().int().positive().nullish(),
  height: z.number().int().positive().nullish(),
  filesize: z.number().nonnegative().nullish(),
  filesize_approx: z.number().nonnegative().nullish(),
  formats: z
    .array(
      z.object({
        width: z.number().int().positive().nullish(),
        height: z.number().int().positive().nullish(),
        filesize: z.number().nonnegative().nullish(),
        filesize_approx: z.number().nonnegative().nullish(),
      }),
    )
    .nullish(),
});
export type Probe = z.infer<typeof probeSchema>;

export interface ProbeFacts {
  title: string | null;
  durationSeconds: number | null;
  bestWidth: number | null;
  bestHeight: number | null;
  estimatedSizeBytes: number | null;
  thumbnailUrl: string | null;
}

/** Best width and height: the format with the most pixels. */
export function probeFacts(p: Probe): ProbeFacts {
  const formats = [...(p.formats ?? []), { width: p.width, height: p.height, filesize: p.filesize }];
  let best: { width?: number | null; height?: number | null } | null = null;
  for (const f of formats)
    if (f.height && (!best || (f.width ?? 0) * f.height > (best.width ?? 0) * (best.height ?? 0))) best = f;
  const size = p.filesize ?? p.filesize_approx ?? null;
  return {
    title: p.title ?? null,
    durationSeconds: p.duration != null ? Math.round(p.duration) : null,
    bestWidth: best?.width ?? null,
    bestHeight: best?.height ?? null,
    estimatedSizeBytes: size !== null ? Math.round(size) : null,
    thumbnailUrl: p.thumbnail ?? null,
  };
}

/** Probes are spaced this far apart, so a run never hammers a video site. */
export const PROBE_INTERVAL_MS = 2000;

/** What analysis did with one TMDB video. */
export interface AnalysedVideo {
  key: string;
  candidateId: number | null;
  /** `probed`: analysed now; `known`: analysed before and not tried again; else why it failed or was skipped. */
  outcome: 'probed' | 'known' | 'unsupported_site' | TrailerFailure;
}

export type TrailerAnalysis =
  | { status: 'locked' }
  | {
      status: 'analysed';
      videos: AnalysedVideo[];
      /** Candidates to download, best first; empty when the selected one is already cached. */
      downloadOrder: number[];
      /** The selected candidate whose video is already cached, if any. */
      current: number | null;
    };

export type TrailerDownload =
  | { ok: true; candidateId: number; sha256: string; size: number }
  | { ok: false; candidateId: number; reason: TrailerFailure | 'locked'; message: string };

export const TRAILER_STEP_STATUSES = [
  'analysing',
  'downloading',
  'downloaded',
  'unchanged',
  'none',
  'locked',
  'failed',
] as const;

/** The trailer step of a run, in its progress and result. */
export interface TrailerReport {
  status: (typeof TRAILER_STEP_STATUSES)[number];
  videos?: AnalysedVideo[];
  /** Downloads tried, in order, with their outcome. */
  attempts: { candidateId: number; outcome: 'downloaded' | TrailerFailure | 'locked'; message?: string }[];
  /** The candidate now being downloaded, or downloaded. */
  candidateId?: number;
  sha256?: string;
  /** Bytes so far and expected, speed (bytes/s) and time left, from the download's heartbeat (filled in by the API). */
  download?: {
    downloadedBytes: number;
    totalBytes: number | null;
    percent: number | null;
    speed: number | null;
    etaSeconds: number | null;
  };
  error?: string;
}
