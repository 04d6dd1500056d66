import sharp, { type Sharp } from 'sharp';
import { PHASH_SIZE, phashFromPixels } from '../domain/phash.js';

/** sharp refuses to decode more pixels than this (decompression bombs). */
export const MAX_INPUT_PIXELS = 100_000_000;

/** A guarded decoder: a pixel bomb or a truncated file fails instead of eating memory or passing. */
export function openImage(input: string | Buffer): Sharp {
  return sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' });
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
