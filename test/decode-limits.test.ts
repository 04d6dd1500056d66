import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { readImageHeader } from '../activities/image-hash.js';
import { decodeRefusal } from '../domain/image-limits.js';
import { pngHeader } from './support/bad-images.js';

const dir = mkdtemp(join(tmpdir(), 'decode-limits-'));
afterAll(async () => rm(await dir, { recursive: true, force: true }));
const file = async (name: string, bytes: Buffer) => {
  const path = join(await dir, name);
  await writeFile(path, bytes);
  return path;
};
const CAP = 40_000_000;

describe('decode limits, from the header before any pixel is decoded', () => {
  it('refuses the 1 MB interlaced 16-bit PNG of 9990×9990 that would take about 900 MB to decode', async () => {
    const bytes = pngHeader(9990, 9990, { bitDepth: 16, interlaced: true });
    expect(bytes.length).toBeLessThan(2048);
    const header = await readImageHeader(await file('huge.png', bytes));
    expect(header).toEqual({ width: 9990, height: 9990, interlaced: true, bitsPerSample: 16 });
    expect(decodeRefusal(header, CAP)).toBe(
      'too many pixels: 9990×9990 = 99.8 MP interlaced 16-bit, over the 10.0 MP cap',
    );
  });

  it('holds interlaced or 16-bit pictures to a quarter of the cap, others to the whole cap', async () => {
    const six = (opts: { bitDepth: 8 | 16; interlaced: boolean }) =>
      file(`6k-${opts.bitDepth}-${opts.interlaced}.png`, pngHeader(6000, 6000, opts));
    const plain = await readImageHeader(await six({ bitDepth: 8, interlaced: false }));
    const deep = await readImageHeader(await six({ bitDepth: 16, interlaced: false }));
    const interlaced = await readImageHeader(await six({ bitDepth: 8, interlaced: true }));
    expect(decodeRefusal(plain, CAP)).toBeNull();
    expect(decodeRefusal(deep, CAP)).toBe('too many pixels: 6000×6000 = 36.0 MP 16-bit, over the 10.0 MP cap');
    expect(decodeRefusal(interlaced, CAP)).toBe(
      'too many pixels: 6000×6000 = 36.0 MP interlaced, over the 10.0 MP cap',
    );
    expect(decodeRefusal({ width: 0, height: 10, interlaced: false, bitsPerSample: 8 }, CAP)).toBe(
      'no dimensions in the header',
    );
  });

  it('does not count a progressive JPEG as interlaced: it still decodes scaled down on load', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: 'red' } })
      .jpeg({ progressive: true })
      .toBuffer();
    expect(await readImageHeader(await file('p.jpg', jpeg))).toEqual({
      width: 64,
      height: 64,
      interlaced: false,
      bitsPerSample: 8,
    });
  });
});
