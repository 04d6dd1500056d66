// How large an image a worker decodes. The limit is read from the header, before any pixel is
// decoded: a small file can describe an enormous picture.

export interface ImageHeader {
  width: number;
  height: number;
  /** Interlaced PNG and progressive JPEG cannot be decoded a strip at a time: the whole picture is held at once. */
  interlaced: boolean;
  /** Bits per channel sample: 16-bit pictures take twice the memory of 8-bit ones. */
  bitsPerSample: number;
}

/** Interlaced or 16-bit pictures get this share of the pixel cap (they cost that much more memory). */
export const DEMANDING_IMAGE_SHARE = 4;

/** Why an image is too large to decode under `maxPixels`, or null when it may be decoded. */
export function decodeRefusal(header: ImageHeader, maxPixels: number): string | null {
  const pixels = header.width * header.height;
  if (header.width <= 0 || header.height <= 0) return 'no dimensions in the header';
  const demanding = header.interlaced || header.bitsPerSample > 8;
  const cap = demanding ? Math.floor(maxPixels / DEMANDING_IMAGE_SHARE) : maxPixels;
  if (pixels <= cap) return null;
  const what = [header.interlaced ? 'interlaced' : '', header.bitsPerSample > 8 ? `${header.bitsPerSample}-bit` : '']
    .filter(Boolean)
    .join(' ');
  return `too many pixels: ${header.width}×${header.height} = ${(pixels / 1e6).toFixed(1)} MP${what ? ` ${what}` : ''}, over the ${(cap / 1e6).toFixed(1)} MP cap`;
}
