// A stand-in for YouTube and Vimeo as the trailer step sees them: oEmbed answers, watch pages with
// HTML5 video sources that yt-dlp's generic extractor reads, MP4 files of any size and speed, and
// error pages whose status lines carry the texts each class of downloader error is recognised by.
import { type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';

interface FakeVideo {
  /** What the oEmbed endpoint answers. */
  oembed: 200 | 401 | 404;
  /** The watch page's error status and reason phrase; none: the page lists the video's sources. */
  pageError?: [status: number, reason: string];
  /** The video file answers 500. */
  fileBroken?: boolean;
  height: number;
  bytes: number;
  /** Bytes per second the file is served at; unlimited when unset. */
  rate?: number;
}

const MiB = 1 << 20;
const GOOD: FakeVideo = { oembed: 200, height: 1080, bytes: MiB };

/** Video keys with a behaviour of their own; any other key is a good 1080p trailer of 1 MiB. */
export const FAKE_VIDEOS: Readonly<Record<string, FakeVideo>> = {
  'tp-gone': { ...GOOD, oembed: 404, pageError: [404, 'Video unavailable'] },
  'tp-private': { ...GOOD, oembed: 401, pageError: [403, 'This video is private'] },
  'tp-geo': { ...GOOD, pageError: [451, 'The uploader has not made this video available in your country'] },
  'tp-age': { ...GOOD, pageError: [401, 'Sign in to confirm your age'] },
  'tp-busy': { ...GOOD, pageError: [429, 'Too Many Requests'] },
  'tp-oops': { ...GOOD, pageError: [500, 'Internal Server Error'] },
  'tp-broken': { ...GOOD, fileBroken: true },
  'tp-good': { ...GOOD, height: 720, bytes: 2 * MiB },
  'tp-teaser-de': GOOD,
  'big-200mb': { ...GOOD, bytes: 200 * MiB },
  'slow-200mb': { ...GOOD, bytes: 200 * MiB, rate: 8 * MiB },
};

const videoOf = (key: string): FakeVideo => FAKE_VIDEOS[key] ?? GOOD;

/** The environment that points the trailer step at this site, served under `baseUrl`. */
export function videoSiteEnv(baseUrl: string): Record<string, string> {
  return {
    YOUTUBE_WATCH_URL: `${baseUrl}/youtube/watch?v=`,
    YOUTUBE_OEMBED_URL: `${baseUrl}/youtube/oembed`,
    VIMEO_WATCH_URL: `${baseUrl}/vimeo/`,
    VIMEO_OEMBED_URL: `${baseUrl}/vimeo/api/oembed.json`,
  };
}

/** An ISO BMFF header (`ftyp`, then an `mdat` box announcing the rest): what a real MP4 starts with. */
function mp4Header(total: number): Uint8Array {
  const head = Buffer.alloc(32);
  head.writeUInt32BE(24, 0);
  head.write('ftypisom', 4, 'latin1');
  head.writeUInt32BE(0x200, 12);
  head.write('isommp41', 16, 'latin1');
  head.writeUInt32BE(total - 24, 24);
  head.write('mdat', 28, 'latin1');
  return head;
}

/** `total` bytes of MP4 in 1 MiB chunks, at most `rate` bytes a second; the same bytes for the same key. */
function mp4Stream(key: string, total: number, rate: number | undefined): ReadableStream<Uint8Array> {
  let sent = 0;
  const fill = [...key].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) & 0xff, 7);
  return new ReadableStream({
    async pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(MiB, total - sent)).fill(fill);
      if (sent === 0) chunk.set(mp4Header(total).subarray(0, chunk.length));
      if (rate) await new Promise((r) => setTimeout(r, (chunk.length / rate) * 1000));
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

/** Answers with a status line of our own, as the sites' edge servers do for their error pages. */
function statusLine(c: Context<{ Bindings: HttpBindings }>, status: number, reason: string) {
  const out = c.env.outgoing;
  const body = `<html><body><h1>${status} ${reason}</h1></body></html>`;
  out.writeHead(status, reason, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  out.end(body);
  return RESPONSE_ALREADY_SENT;
}

function watchPage(c: Context<{ Bindings: HttpBindings }>, key: string | undefined) {
  if (!key || !/^[A-Za-z0-9_-]{1,64}$/.test(key)) return statusLine(c, 404, 'Video unavailable');
  const v = videoOf(key);
  if (v.pageError) return statusLine(c, ...v.pageError);
  const width = Math.round((v.height * 16) / 9);
  const src = `/videos/${key}-${v.height}.mp4`;
  return c.html(
    `<!doctype html><html><head><title>${key} trailer</title>` +
      `<meta property="og:title" content="${key} trailer"></head><body>` +
      `<video controls poster="/videos/${key}.jpg">` +
      `<source src="${src}" type="video/mp4" width="${width}" height="${v.height}" label="${v.height}p">` +
      `</video></body></html>`,
  );
}

function oembed(c: Context, watchUrl: string | undefined, keyOf: (u: URL) => string | null) {
  let key: string | null = null;
  try {
    key = watchUrl ? keyOf(new URL(watchUrl)) : null;
  } catch {
    key = null;
  }
  if (!key) return c.text('Bad Request', 400);
  const status = videoOf(key).oembed;
  if (status === 404) return c.text('Not Found', 404);
  if (status === 401) return c.text('Unauthorized', 401);
  return c.json({
    type: 'video',
    version: '1.0',
    title: `${key} trailer`,
    provider_name: 'Fake',
    html: '<iframe></iframe>',
  });
}

export function createVideoSiteApp(): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.get('/youtube/watch', (c) => watchPage(c, c.req.query('v')));
  app.get('/youtube/oembed', (c) => oembed(c, c.req.query('url'), (u) => u.searchParams.get('v')));
  app.get('/vimeo/api/oembed.json', (c) => oembed(c, c.req.query('url'), (u) => u.pathname.split('/').pop() || null));
  app.get('/vimeo/:key', (c) => watchPage(c, c.req.param('key')));
  app.get('/videos/:file', (c) => {
    const m = /^([A-Za-z0-9_-]{1,64})-(\d+)\.mp4$/.exec(c.req.param('file'));
    if (!m) return c.text('Not Found', 404);
    const v = videoOf(m[1]!);
    if (v.fileBroken) return statusLine(c, 500, 'Internal Server Error');
    return new Response(mp4Stream(m[1]!, v.bytes, v.rate), {
      status: 200,
      headers: { 'content-type': 'video/mp4', 'content-length': String(v.bytes), 'accept-ranges': 'none' },
    });
  });
  return app;
}
