// The DCT perceptual hash of Python's `imagehash.phash` (hash_size 8, highfreq_factor 4):
// greyscale 32×32 → 2-D DCT-II → top-left 8×8 (DC included) → bit = coefficient > median.
// Pure arithmetic on an already shrunk picture, so the workflow may compare hashes too.

/** Tag stored with every hash: hashes of different algorithms are never compared. */
export const PHASH_ALGORITHM = 'phash-dct-v1';
export const PHASH_SIZE = 32;
const LOW = 8;

/**
 * cos(π·k·(2n+1) / 2N) for the 8 lowest frequencies k and all 32 samples n. Only 8 of 32
 * coefficients per axis are kept, so the partial transform by this table (32·8·32 + 8·8·32
 * multiply-adds) is cheaper than a full fast DCT. scipy's unnormalised DCT-II has a factor 2,
 * which scales every coefficient alike and so never changes a bit.
 */
const COS = Float64Array.from({ length: LOW * PHASH_SIZE }, (_, i) => {
  const k = Math.floor(i / PHASH_SIZE);
  const n = i % PHASH_SIZE;
  return Math.cos((Math.PI * k * (2 * n + 1)) / (2 * PHASH_SIZE));
});

/**
 * Hash of a 32×32 picture given as raw interleaved 8-bit channels (1 grey, 2 grey+alpha, 3 RGB,
 * 4 RGBA). Alpha is flattened onto white, colour turned to luma with PIL's "L" weights
 * (ITU-R 601-2), as imagehash does.
 */
export function phashFromPixels(pixels: Uint8Array, channels: number): string {
  const n = PHASH_SIZE * PHASH_SIZE;
  if (pixels.length !== n * channels) throw new Error(`expected ${n}×${channels} bytes, got ${pixels.length}`);
  const grey = new Float64Array(n);
  const hasAlpha = channels === 2 || channels === 4;
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    let luma = channels >= 3 ? (pixels[p]! * 299 + pixels[p + 1]! * 587 + pixels[p + 2]! * 114) / 1000 : pixels[p]!;
    if (hasAlpha) {
      const a = pixels[p + channels - 1]! / 255;
      luma = luma * a + 255 * (1 - a);
    }
    // PIL stores "L" as 8-bit integers; rounding keeps us on its grid.
    grey[i] = Math.round(luma);
  }
  // Rows first (DCT along x for every row), then columns, each only for the 8 kept frequencies.
  const rows = new Float64Array(PHASH_SIZE * LOW);
  for (let y = 0; y < PHASH_SIZE; y++) {
    for (let k = 0; k < LOW; k++) {
      let sum = 0;
      for (let x = 0; x < PHASH_SIZE; x++) sum += grey[y * PHASH_SIZE + x]! * COS[k * PHASH_SIZE + x]!;
      rows[y * LOW + k] = sum;
    }
  }
  const low = new Float64Array(LOW * LOW);
  for (let ky = 0; ky < LOW; ky++) {
    for (let kx = 0; kx < LOW; kx++) {
      let sum = 0;
      for (let y = 0; y < PHASH_SIZE; y++) sum += rows[y * LOW + kx]! * COS[ky * PHASH_SIZE + y]!;
      // A coefficient that is 0 in exact arithmetic (flat pictures, one-way gradients) comes out
      // as ±1e-11 rounding noise; scipy's is exactly 0. Snap it, or its bit would be noise.
      low[ky * LOW + kx] = Math.abs(sum) < 1e-6 ? 0 : sum;
    }
  }
  const sorted = Float64Array.from(low).sort();
  const median = (sorted[31]! + sorted[32]!) / 2;
  // imagehash renders the flattened bit array, first bit most significant, as 16 hex digits.
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) v = (v << 1) | (low[nibble * 4 + b]! > median ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}

const POPCOUNT = Uint8Array.from({ length: 16 }, (_, v) => (v & 1) + ((v >> 1) & 1) + ((v >> 2) & 1) + ((v >> 3) & 1));

export const isPhash = (h: string | null): h is string => h !== null && /^[0-9a-f]{16}$/.test(h);

/** Hamming distance of two 16-hex-digit hashes (0…64). */
export function hammingDistance(a: string, b: string): number {
  if (!isPhash(a) || !isPhash(b)) throw new Error(`not 64-bit hex hashes: ${a}, ${b}`);
  let d = 0;
  for (let i = 0; i < 16; i++) d += POPCOUNT[parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16)]!;
  return d;
}
