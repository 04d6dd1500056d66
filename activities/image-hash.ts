import sharp, { type Sharp } from 'sharp';
import type { ImageHeader } from '../domain/image-limits.js';
import { PHASH_SIZE, phashFromPixels } from '../domain/phash.js';

/** Without a configured cap (the CLI, benchmarks), sharp refuses to decode more pixels than this. */
export const MAX_INPUT_PIXELS = 100_000_000;

/** A guarded decoder: a pixel bomb or a truncated file fails instead of eating memory or passing. */
export function openImage(input: string | Buffer, maxPixels = MAX_INPUT_PIXELS): Sharp {
  return sharp(input, { limitInputPixels: maxPixels, failOn: 'truncated' });
}

/**
 * Size, interlacing and sample depth from the file's header; no pixel is decoded. Progressive JPEG
 * is not counted as interlaced: libjpeg still decodes it scaled down on load.
 */
export async function readImageHeader(path: string): Promise<ImageHeader> {
  const meta = await sharp(path, { limitInputPixels: false }).metadata();
  return {
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    interlaced: meta.isProgressive === true && meta.format !== 'jpeg',
    bitsPerSample: meta.bitsPerSample ?? (meta.depth === 'ushort' ? 16 : 8),
  };
}

/**
 * DCT pHash of an image. sharp decodes (with shrink-on-load for JPEG and WebP) and shrinks to 32×32
 * with its premultiplied-alpha Lanczos, so flattening on white afterwards equals flattening first;
 * the rest is a few thousand multiply-adds in `phashFromPixels`. Decoding the whole image is
 * also what proves it is not truncated or corrupt.
 */
export async function perceptualHash(input: string | Buffer | Sharp): Promise<string> {
  const image = typeof input === 'string' || Buffer.isBuffer(input) ? openImage(input) : input;
  const { data, info } = await image
    .resize(PHASH_SIZE, PHASH_SIZE, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return phashFromPixels(data, info.channels);
}
