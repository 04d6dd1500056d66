// The downloader-error classifier and the retry policy, on yt-dlp's real messages (as the fake
// video site makes it print them) and on the phrases the sites use.
import { describe, expect, it } from 'vitest';
import { classifyTrailerError, retriesAutomatically, type TrailerFailure } from '../domain/trailer-failure.js';
import {
  analysisOrder,
  formatSelector,
  probeFacts,
  selectionOrder,
  siteOfUrl,
  trailerScore,
  REAL_VIDEO_SITES,
} from '../domain/trailers.js';

const cases: [string, TrailerFailure][] = [
  ['[generic] watch?v=tp-busy: Unable to download webpage: HTTP Error 429: Too Many Requests', 'rate_limited'],
  ['[youtube] abc: HTTP Error 403: Forbidden', 'rate_limited'],
  ['The request was throttled, error 503', 'rate_limited'],
  [
    '[generic] watch?v=tp-age: Unable to download webpage: HTTP Error 401: Sign in to confirm your age',
    'age_restricted',
  ],
  ['This content may be inappropriate for some users. Video requires sign-in', 'age_restricted'],
  [
    '[generic] watch?v=tp-geo: Unable to download webpage: HTTP Error 451: The uploader has not made this video available in your country',
    'geo_blocked',
  ],
  ['This video is blocked in your region', 'geo_blocked'],
  ['The territory you are in is not supported', 'geo_blocked'],
  ['[youtube] xyz: Video unavailable. This video has been removed by the uploader', 'unavailable'],
  ['[youtube] xyz: This video is private', 'unavailable'],
  ['The channel was deleted', 'unavailable'],
  ['[generic] watch?v=tp-oops: Unable to download webpage: HTTP Error 500: Internal Server Error', 'download_error'],
  ['[download] Got error: HTTP Error 500: Internal Server Error. Giving up after 2 retries', 'download_error'],
  ['Unsupported URL: https://example.com/x', 'download_error'],
];

describe('trailer error classifier', () => {
  it.each(cases)('%s → %s', (text, expected) => expect(classifyTrailerError(text)).toBe(expected));

  it('tests rate limiting first: a throttled site claiming the video is gone is rate-limited', () => {
    expect(classifyTrailerError('HTTP Error 429: Too Many Requests. Video unavailable')).toBe('rate_limited');
  });

  it('matches case-insensitively, and never on words inside a URL', () => {
    expect(classifyTrailerError('SIGN IN TO CONFIRM YOUR AGE')).toBe('age_restricted');
    // "429", "country" and "removed" only in the URL: a plain download error.
    expect(classifyTrailerError('Unable to open https://site.example/429/country-removed?v=403 error')).toBe(
      'download_error',
    );
  });
});

describe('trailer retry policy', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('never retries unavailable or geo-blocked videos, nor a plain download error by itself', () => {
    for (const reason of ['unavailable', 'geo_blocked', 'download_error'] as const) {
      expect(retriesAutomatically({ reason, retryAfter: null }, now, false)).toBe(false);
      expect(retriesAutomatically({ reason, retryAfter: null }, now, true)).toBe(false);
    }
  });
  it('retries an age-restricted video only once cookies are configured', () => {
    expect(retriesAutomatically({ reason: 'age_restricted', retryAfter: null }, now, false)).toBe(false);
    expect(retriesAutomatically({ reason: 'age_restricted', retryAfter: null }, now, true)).toBe(true);
  });
  it('retries a rate-limited video after its delay, not before', () => {
    expect(retriesAutomatically({ reason: 'rate_limited', retryAfter: now + 1 }, now, false)).toBe(false);
    expect(retriesAutomatically({ reason: 'rate_limited', retryAfter: now }, now, false)).toBe(true);
  });
});

describe('trailer candidates', () => {
  const prefs = { language: 'en', maxResolution: 1080 as const, hasCookies: false };
  it('scores official +100, preferred language +50, resolution capped at the maximum', () => {
    expect(trailerScore({ official: true, language: 'en', bestHeight: 2160 }, prefs)).toBe(180);
    expect(trailerScore({ official: true, language: 'en', bestHeight: 2160 }, { ...prefs, maxResolution: 2160 })).toBe(
      190,
    );
    expect(trailerScore({ official: false, language: 'de', bestHeight: 720 }, prefs)).toBe(20);
    expect(trailerScore({ official: null, language: null, bestHeight: 360 }, prefs)).toBe(0);
  });
  it('orders analysis official first, then newest first', () => {
    const v = (id: string, official: boolean, publishedAt: string) => ({
      providerVideoId: id,
      name: id,
      site: 'YouTube',
      key: id,
      official,
      language: 'en',
      publishedAt,
    });
    const order = analysisOrder([v('a', false, '2024-01-01'), v('b', true, '2020-01-01'), v('c', true, '2021-01-01')]);
    expect(order.map((x) => x.providerVideoId)).toEqual(['c', 'b', 'a']);
  });
  it('selects best first among what may be tried', () => {
    const c = (id: number, score: number, failureReason: TrailerFailure | null = null) => ({
      id,
      analyzed: true,
      score,
      failureReason,
      retryAfter: null,
      hasBlob: false,
    });
    const order = selectionOrder(
      [c(1, 30), c(2, 180, 'geo_blocked'), c(3, 170), c(4, 150, 'download_error')],
      0,
      prefs,
    );
    expect(order.map((x) => x.id)).toEqual([3, 1]);
  });
  it('takes only URLs on the video sites', () => {
    expect(siteOfUrl(REAL_VIDEO_SITES, 'https://www.youtube.com/watch?v=abc')?.site).toBe('youtube');
    expect(siteOfUrl(REAL_VIDEO_SITES, 'https://youtu.be/abc')?.site).toBe('youtube');
    expect(siteOfUrl(REAL_VIDEO_SITES, 'https://vimeo.com/123')?.site).toBe('vimeo');
    for (const bad of [
      'http://www.youtube.com/watch?v=abc',
      'https://www.youtube.com.evil.example/watch',
      'https://user:pw@www.youtube.com/watch?v=a',
      'file:///etc/passwd',
      'https://127.0.0.1/watch?v=a',
      'not a url',
    ])
      expect(siteOfUrl(REAL_VIDEO_SITES, bad), bad).toBeNull();
  });
  it('reads the best resolution from the formats and asks yt-dlp for at most the maximum height', () => {
    expect(
      probeFacts({
        title: 't',
        duration: 90.4,
        formats: [
          { width: 1280, height: 720 },
          { width: 1920, height: 1080 },
        ],
      }),
    ).toMatchObject({ bestWidth: 1920, bestHeight: 1080, durationSeconds: 90 });
    expect(formatSelector(720)).toContain('[height<=720]');
  });
});
