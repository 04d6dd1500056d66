// Why a trailer could not be had, read from the downloader's error text, and whether a later run
// tries it again by itself. The categories are tested in a fixed order (rate limiting first, since
// a throttled site often claims the video is gone); one matches on a strong phrase, on two weak
// words, or on one weak word together with a word of its context.

export const TRAILER_FAILURES = [
  'rate_limited',
  'age_restricted',
  'geo_blocked',
  'unavailable',
  'download_error',
] as const;
export type TrailerFailure = (typeof TRAILER_FAILURES)[number];

interface Rule {
  category: Exclude<TrailerFailure, 'download_error'>;
  strong: string[];
  weak: string[];
  context: string[];
}

const RULES: Rule[] = [
  {
    category: 'rate_limited',
    strong: [
      'http error 429',
      'too many requests',
      'rate limit',
      'rate-limited',
      'http error 403: forbidden',
      'please try again later',
      'request blocked',
    ],
    weak: ['429', '403', 'throttled', 'slow down', 'try again'],
    context: ['error', 'http', 'request'],
  },
  {
    category: 'age_restricted',
    strong: [
      'sign in to confirm your age',
      'age-restricted',
      'confirm your age',
      'age gate',
      'age verification required',
      'login required to view',
    ],
    weak: [
      'inappropriate for some users',
      'age verification',
      'mature audience',
      'sign in to view',
      'login to continue',
      'viewer discretion',
      'restricted content',
    ],
    context: ['youtube', 'video', 'content'],
  },
  {
    category: 'geo_blocked',
    strong: [
      'not available in your country',
      'blocked in your country',
      'geo-restricted',
      'geographically restricted',
      'not available in your region',
      'blocked in your region',
      'content is not available in your location',
    ],
    weak: ['country', 'region', 'location', 'geographic', 'territory', 'blocked'],
    context: ['available', 'restricted', 'not'],
  },
  {
    category: 'unavailable',
    strong: [
      'video unavailable',
      'this video is private',
      'this video has been removed',
      'video is no longer available',
      'this video does not exist',
      'video is unavailable',
      'has been terminated',
      'account associated with this video',
      'removed by the uploader',
      'copyright claim',
      'violates youtube',
      'community guidelines',
    ],
    weak: ['not available', 'no longer exists', 'removed', 'deleted', 'terminated', 'taken down'],
    context: ['video', 'channel', 'account', 'youtube'],
  },
];

/**
 * The category of a downloader error. URLs are cut out first: a video id or query string
 * ("...?v=403ab") must not read as a status code or a word.
 */
export function classifyTrailerError(text: string): TrailerFailure {
  const t = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ').toLowerCase();
  for (const rule of RULES) {
    if (rule.strong.some((p) => t.includes(p))) return rule.category;
    const weak = rule.weak.filter((w) => t.includes(w)).length;
    if (weak >= 2 || (weak === 1 && rule.context.some((c) => t.includes(c)))) return rule.category;
  }
  return 'download_error';
}

/** A rate-limited video is tried again no sooner than this. */
export const RATE_LIMIT_BACKOFF_MS = 3_600_000;

/** What a later enrichment needs to know of an earlier failure of a candidate. */
export interface TrailerFailureState {
  reason: TrailerFailure;
  /** Set for `rate_limited`: not before this time (ms since the epoch). */
  retryAfter: number | null;
}

/**
 * Whether an enrichment tries a failed candidate again by itself: never an unavailable or
 * geo-blocked video, an age-restricted one only once a cookies file is configured, a rate-limited
 * one after its delay, and a plain download error only when the user asks.
 */
export function retriesAutomatically(f: TrailerFailureState, now: number, hasCookies: boolean): boolean {
  switch (f.reason) {
    case 'unavailable':
    case 'geo_blocked':
    case 'download_error':
      return false;
    case 'age_restricted':
      return hasCookies;
    case 'rate_limited':
      return f.retryAfter === null || now >= f.retryAfter;
  }
}
