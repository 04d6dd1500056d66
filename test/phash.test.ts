import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Color } from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance, phashFromPixels } from '../domain/phash.js';
import { perceptualHash } from '../activities/image-hash.js';

// Fixtures: `npx tsx scripts/phash-fixtures.ts`; expected.json: `scripts/phash-reference.py`
// (Python imagehash.phash, alpha flattened onto white first).
const FIXTURES = join(import.meta.dirname, 'fixtures', 'phash');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, string>;

/**
 * sharp shrinks with shrink-on-load + its Lanczos, PIL with its own Lanczos from full size, so a
 * coefficient near the median can flip (and drags its mirror with it: distances come in pairs).
 * Measured on these fixtures: 0 or 2. On 300 generated images: 0 (58 %), 2 (33 %), 4 (7 %), 6 (1 %).
 */
const MAX_DISTANCE_TO_PYTHON = 4;

const hex = /^[0-9a-f]{16}$/;
const solid = (background: Color, channels: 3 | 4 = 3) =>
  sharp({ create: { width: 64, height: 48, channels, background } })
    .png()
    .toBuffer();

describe('pHash is compatible with Python imagehash.phash (D13)', () => {
  it('has the fixtures and their reference hashes', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(8);
    for (const h of Object.values(expected)) expect(h).toMatch(hex);
  });

  for (const [file, reference] of Object.entries(expected)) {
    it(`${file} is within ${MAX_DISTANCE_TO_PYTHON} bits of Python`, async () => {
      const ours = await perceptualHash(join(FIXTURES, file));
      expect(ours).toMatch(hex);
      expect(hammingDistance(ours, reference)).toBeLessThanOrEqual(MAX_DISTANCE_TO_PYTHON);
    });
  }

  it('tells different pictures apart', async () => {
    const files = Object.keys(expected);
    const hashes = await Promise.all(files.map((f) => perceptualHash(join(FIXTURES, f))));
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++)
        expect(hammingDistance(hashes[i]!, hashes[j]!), `${files[i]} vs ${files[j]}`).toBeGreaterThan(12);
    }
  });

  it('flattens alpha onto white: a logo hashes like itself on white, not on black', async () => {
    const logo = join(FIXTURES, 'logo.png');
    const ours = await perceptualHash(logo);
    const onWhite = await perceptualHash(await sharp(logo).flatten({ background: '#fff' }).png().toBuffer());
    const onBlack = await perceptualHash(await sharp(logo).flatten({ background: '#000' }).png().toBuffer());
    expect(hammingDistance(ours, onWhite)).toBeLessThanOrEqual(2);
    expect(hammingDistance(ours, onBlack)).toBeGreaterThan(12);
  });

  it('accepts a Buffer and a sharp instance alike', async () => {
    const file = join(FIXTURES, 'poster.jpg');
    const fromPath = await perceptualHash(file);
    expect(await perceptualHash(readFileSync(file))).toBe(fromPath);
    expect(await perceptualHash(sharp(file))).toBe(fromPath);
  });
});

describe('hammingDistance', () => {
  it('is 0 for equal hashes and 64 for complements', () => {
    expect(hammingDistance('88d8398d4dcd6733', '88d8398d4dcd6733')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('5555555555555555', 'aaaaaaaaaaaaaaaa')).toBe(64);
  });
  it('counts differing bits wherever they are', () => {
    expect(hammingDistance('0000000000000000', '000000000000007f')).toBe(7);
    expect(hammingDistance('7f00000000000000', '0000000000000000')).toBe(7);
    expect(hammingDistance('f0f0f0f0f0f0f0f0', 'f0f0f0f0f0f0f0cf')).toBe(6); // f0 ^ cf = 3f
    expect(hammingDistance('8000000000000001', '0100000010000000')).toBe(4);
  });
  it('is symmetric', () => {
    expect(hammingDistance('d13ecfbf070120ce', 'aa3593037678c5a7')).toBe(
      hammingDistance('aa3593037678c5a7', 'd13ecfbf070120ce'),
    );
  });
  it('rejects malformed hashes', () => {
    const good = '88d8398d4dcd6733';
    for (const bad of [
      '',
      '88d8398d4dcd673',
      '88d8398d4dcd67330',
      '88d8398d4dcd673g',
      '0x88d8398d4dcd67',
      ' 88d8398d4dcd673',
      '88d8398d-dcd6733',
    ]) {
      expect(() => hammingDistance(bad, good), JSON.stringify(bad)).toThrow(/not 64-bit hex/);
      expect(() => hammingDistance(good, bad), JSON.stringify(bad)).toThrow(/not 64-bit hex/);
    }
  });
});

describe('degenerate pictures', () => {
  it('hashes a uniform single-colour image without failing', async () => {
    const h = await perceptualHash(await solid({ r: 200, g: 40, b: 90 }));
    expect(h).toMatch(hex);
    expect(await perceptualHash(await solid({ r: 200, g: 40, b: 90 }))).toBe(h);
  });

  it('hashes a fully transparent image without failing, as white', async () => {
    const h = await perceptualHash(await solid({ r: 0, g: 0, b: 0, alpha: 0 }, 4));
    expect(h).toMatch(hex);
    expect(h).toBe(await perceptualHash(await solid('#ffffff')));
    expect(h).not.toBe(await perceptualHash(await solid('#000000')));
  });

  // imagehash gives every uniform non-black picture 8000000000000000 (only the DC term is above
  // the median 0): exact zeros, not rounding noise, decide the other bits (acceptance 36).
  it('hashes uniform pictures as imagehash does', () => {
    for (const v of [1, 37, 128, 200, 255])
      expect(phashFromPixels(new Uint8Array(32 * 32).fill(v), 1), `grey ${v}`).toBe('8000000000000000');
  });
});

describe('phashFromPixels', () => {
  const gradient = (channels: number) => {
    const px = new Uint8Array(32 * 32 * channels);
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) {
        const v = (x * 5 + y * 3 + ((x * y) % 7) * 9) & 0xff;
        for (let c = 0; c < channels; c++) px[(y * 32 + x) * channels + c] = c === 3 ? 255 : v;
      }
    return px;
  };

  it('rejects a buffer of the wrong size', () => {
    expect(() => phashFromPixels(new Uint8Array(32 * 32 - 1), 1)).toThrow(/expected/);
    expect(() => phashFromPixels(new Uint8Array(32 * 32 * 3), 4)).toThrow(/expected/);
    expect(() => phashFromPixels(new Uint8Array(64 * 64), 1)).toThrow(/expected/);
    expect(() => phashFromPixels(new Uint8Array(0), 3)).toThrow(/expected/);
  });

  it('gives grey, grey+alpha (opaque), RGB and RGBA of the same grey picture the same hash', () => {
    const grey = phashFromPixels(gradient(1), 1);
    expect(grey).toMatch(hex);
    expect(grey).not.toBe('0000000000000000');
    expect(phashFromPixels(gradient(3), 3)).toBe(grey);
    expect(phashFromPixels(gradient(4), 4)).toBe(grey);
    const ga = gradient(1);
    const withAlpha = new Uint8Array(32 * 32 * 2);
    ga.forEach((v, i) => ((withAlpha[2 * i] = v), (withAlpha[2 * i + 1] = 255)));
    expect(phashFromPixels(withAlpha, 2)).toBe(grey);
  });

  it('puts the first coefficient (DC) in the most significant bit', () => {
    // Any non-black picture has its DC term far above the median: the hash starts with bit 1.
    expect(parseInt(phashFromPixels(gradient(1), 1)[0]!, 16) & 8).toBe(8);
  });
});
