// Cached images by content: the blob's bytes, or a thumbnail in one of a few fixed widths made once
// and kept on disk until the blob goes. Content-addressed, so every answer may be cached forever and
// revalidated by its ETag.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { cachedBlob } from '../../db/blobs.js';
import { FILE_EXTENSION, THUMBNAIL_WIDTHS, thumbnailWidth } from '../../domain/image-format.js';
import type { ImageFormat } from '../../domain/types.js';
import { thumbnailPath } from '../../storage/blob-store.js';
import type { ApiDeps } from '../deps.js';
import { apiError, ErrorCode, errorResponse } from '../errors.js';
import { router } from '../http.js';

const MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';
const MIN_WIDTH = 16;
const MAX_WIDTH = 2000;
const THUMBNAIL_QUALITY = 80;

const binary = { schema: { type: 'string' as const, format: 'binary' } };
const cacheHeaders = {
  ETag: {
    schema: { type: 'string' as const },
    description: 'the SHA-256 (and, for a thumbnail, the width served), quoted',
  },
  'Cache-Control': { schema: { type: 'string' as const }, description: IMMUTABLE },
};

const get = createRoute({
  method: 'get',
  path: '/cache/{sha256}',
  summary: 'A cached image by its SHA-256, or a thumbnail of it at least `w` pixels wide',
  description:
    `\`w\` is rounded up to the next of ${THUMBNAIL_WIDTHS.join(', ')} (TMDB's widths), the width served and named in the ETag, ` +
    'so an image has at most that many thumbnails; they go when the image leaves the cache. ' +
    'A thumbnail is a JPEG, or a WebP when the image has transparency; it is never wider than the image. `?token=` with the image token (GET /api/session) authenticates `<img>` tags without the API key.',
  request: {
    params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex') }),
    query: z.object({
      token: z
        .string()
        .regex(/^[\w-]{43}$/, 'the image token: 43 characters of base64url')
        .optional()
        .openapi({ description: 'the image token from GET /api/session, instead of the API key' }),
      w: z
        .string()
        .regex(/^[1-9]\d{0,3}$/, `a width in pixels, ${MIN_WIDTH} to ${MAX_WIDTH}`)
        .transform(Number)
        .pipe(z.number().int().min(MIN_WIDTH).max(MAX_WIDTH))
        .optional(),
    }),
  },
  responses: {
    200: {
      description: 'the bytes',
      headers: cacheHeaders,
      content: Object.fromEntries(Object.values(MIME).map((m) => [m, binary])),
    },
    304: { description: 'not modified: the `If-None-Match` ETag is current', headers: cacheHeaders },
    400: errorResponse('not a SHA-256, or a width out of range'),
    404: errorResponse('no such image in the cache'),
  },
});

/** Whether `If-None-Match` names this ETag (weak or strong), or any. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

const isMissing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

export function cacheRoutes({ pool, config }: ApiDeps) {
  // Decoding is what costs memory: the API makes at most this many thumbnails at once.
  const decoding = pLimit(config.limits.decodeConcurrency);
  const gone = (c: Context, sha256: string) =>
    c.json(apiError(ErrorCode.NotFound, `image ${sha256} is not in the cache`), 404);

  return router().openapi(get, async (c) => {
    const { sha256 } = c.req.valid('param');
    const { w: requested } = c.req.valid('query');
    const w = requested === undefined ? undefined : thumbnailWidth(requested);
    const blob = await cachedBlob(pool, sha256);
    if (!blob) return gone(c, sha256);
    const thumbnailFormat = blob.hasAlpha ? 'webp' : 'jpeg';
    const etag = w === undefined ? `"${sha256}"` : `"${sha256}-w${w}"`;
    const headers = { ETag: etag, 'Cache-Control': IMMUTABLE };
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);

    if (w === undefined) {
      let file;
      try {
        file = await open(blob.path, 'r');
      } catch (err) {
        if (isMissing(err)) return gone(c, sha256);
        throw err;
      }
      const { size } = await file.stat();
      const body = Readable.toWeb(file.createReadStream()) as ReadableStream;
      return c.body(body, 200, { ...headers, 'Content-Type': MIME[blob.format], 'Content-Length': String(size) });
    }

    const path = thumbnailPath(config.cacheDir, sha256, w, FILE_EXTENSION[thumbnailFormat]);
    const thumbHeaders = { ...headers, 'Content-Type': MIME[thumbnailFormat] };
    try {
      return c.body(await readFile(path), 200, thumbHeaders);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    try {
      await stat(blob.path);
    } catch (err) {
      if (isMissing(err)) return gone(c, sha256);
      throw err;
    }
    const bytes = await decoding(() => {
      const image = sharp(blob.path, { limitInputPixels: config.limits.imagePixels }).resize({
        width: w,
        withoutEnlargement: true,
      });
      return (
        thumbnailFormat === 'webp'
          ? image.webp({ quality: THUMBNAIL_QUALITY })
          : image.jpeg({ quality: THUMBNAIL_QUALITY })
      ).toBuffer();
    });
    // Written beside its place and renamed: a reader sees the whole thumbnail or none. Not keeping
    // it (a full disk) costs only the next request's decode.
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, path);
    } catch (err) {
      console.warn(`[api] thumbnail ${path} not kept: ${String(err)}`);
    } finally {
      await rm(temp, { force: true });
    }
    return c.body(bytes, 200, thumbHeaders);
  });
}
