// Writes the pHash compatibility fixtures in test/fixtures/phash/ (seeded, so re-running gives the
// same pictures for the same sharp/libvips). Afterwards regenerate the Python reference hashes:
//   npx tsx scripts/phash-fixtures.ts && /tmp/ih/bin/python scripts/phash-reference.py
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { artworkSvg, renderArtwork } from '../bench/artwork.js';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'phash');

/** Logo with soft edges: a horizontal alpha fade, so partially transparent pixels matter. */
async function fadedLogo(): Promise<Buffer> {
  const svg = artworkSvg('logo', 'fixture-faded', 400, 155)
    .replace(
      '<defs>',
      '<defs><linearGradient id="fade"><stop offset="0" stop-color="#fff" stop-opacity="0.15"/><stop offset="1" stop-color="#fff" stop-opacity="1"/></linearGradient><mask id="m"><rect width="100%" height="100%" fill="url(#fade)"/></mask>',
    )
    .replace(/<\/defs>([\s\S]*)<\/svg>$/, '</defs><g mask="url(#m)">$1</g></svg>');
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const fixtures: [string, () => Promise<Buffer>][] = [
  [
    'poster.jpg',
    async () =>
      sharp(await renderArtwork('poster', 'fixture-1', 300, 450))
        .jpeg({ quality: 85 })
        .toBuffer(),
  ],
  [
    'poster-progressive.jpg',
    async () =>
      sharp(await renderArtwork('poster', 'fixture-2', 300, 450))
        .jpeg({ quality: 80, progressive: true })
        .toBuffer(),
  ],
  [
    'backdrop.jpg',
    async () =>
      sharp(await renderArtwork('backdrop', 'fixture-3', 480, 270))
        .jpeg({ quality: 85 })
        .toBuffer(),
  ],
  [
    'backdrop.webp',
    async () =>
      sharp(await renderArtwork('backdrop', 'fixture-4', 480, 270))
        .webp({ quality: 80 })
        .toBuffer(),
  ],
  ['logo.png', () => renderArtwork('logo', 'fixture-5', 400, 155)],
  ['logo-faded.png', fadedLogo],
  [
    'logo-alpha.webp',
    async () =>
      sharp(await renderArtwork('logo', 'fixture-6', 400, 155))
        .webp({ quality: 85, alphaQuality: 100 })
        .toBuffer(),
  ],
  [
    'grey.png',
    async () =>
      sharp(await renderArtwork('poster', 'fixture-7', 200, 300))
        .greyscale()
        .toColourspace('b-w')
        .png()
        .toBuffer(),
  ],
  [
    'flat.png',
    () =>
      sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 200, g: 40, b: 90 } } })
        .png()
        .toBuffer(),
  ],
];

await mkdir(dir, { recursive: true });
let total = 0;
for (const [name, make] of fixtures) {
  const bytes = await make();
  total += bytes.length;
  await writeFile(join(dir, name), bytes);
  const m = await sharp(bytes).metadata();
  console.log(`${name.padEnd(24)} ${m.format} ${m.width}×${m.height} ${m.channels} channels ${bytes.length} bytes`);
}
console.log(`total ${total} bytes in ${dir}`);
