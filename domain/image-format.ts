import type { ImageFormat } from './types.js';

/** The format the bytes say they are, whatever the URL or Content-Type claim. */
export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  const at = (i: number) => head[i] ?? -1;
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  if (at(0) === 0x89 && ascii(1, 4) === 'PNG' && at(4) === 0x0d && at(5) === 0x0a) return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(4, 8) === 'ftyp' && ['avif', 'avis'].includes(ascii(8, 12))) return 'avif';
  return null;
}

export const FILE_EXTENSION: Record<ImageFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
};

/**
 * The widths thumbnails are made in (TMDB's): a requested width is rounded up to the next, so an
 * image has at most this many thumbnails on disk.
 */
export const THUMBNAIL_WIDTHS = [92, 185, 342, 500, 780, 1280, 2000] as const;

/** The thumbnail width that serves a request for `requested` pixels: the smallest not narrower, else the widest. */
export function thumbnailWidth(requested: number): number {
  return THUMBNAIL_WIDTHS.find((w) => w >= requested) ?? Math.max(...THUMBNAIL_WIDTHS);
}
