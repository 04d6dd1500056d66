// Deterministic artwork for the fake providers: every picture is drawn from a seed with sharp, so
// the same file path always yields the same bytes, and variants are real re-encodes or resizes of
// their original (what dedup must recognise).
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { DemoImage } from './catalog.js';

/** mulberry32: a tiny seeded PRNG; Math.random would make every run's pictures different. */
export function prng(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const colour = (r: () => number) =>
  `hsl(${Math.floor(r() * 360)},${40 + Math.floor(r() * 50)}%,${25 + Math.floor(r() * 50)}%)`;

/** An SVG of large shapes: distinct seeds give pictures that differ at low frequencies too (pHash). */
function svg(seed: string, width: number, height: number, transparent: boolean): string {
  const r = prng(seed);
  const shapes: string[] = [];
  for (let i = 0; i < 9; i++) {
    const x = r() * width;
    const y = r() * height;
    const size = (0.15 + r() * 0.35) * Math.min(width, height);
    const fill = colour(r);
    const opacity = (0.55 + r() * 0.45).toFixed(2);
    const kind = Math.floor(r() * 3);
    if (kind === 0)
      shapes.push(
        `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${size.toFixed(1)}" fill="${fill}" fill-opacity="${opacity}"/>`,
      );
    else if (kind === 1)
      shapes.push(
        `<rect x="${(x - size / 2).toFixed(1)}" y="${(y - size / 2).toFixed(1)}" width="${size.toFixed(1)}" height="${(size * (0.5 + r())).toFixed(1)}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${Math.floor(r() * 90)} ${x.toFixed(1)} ${y.toFixed(1)})"/>`,
      );
    else
      shapes.push(
        `<polygon points="${x.toFixed(1)},${(y - size).toFixed(1)} ${(x + size).toFixed(1)},${(y + size).toFixed(1)} ${(x - size).toFixed(1)},${(y + size).toFixed(1)}" fill="${fill}" fill-opacity="${opacity}"/>`,
      );
  }
  const background = transparent
    ? ''
    : `<defs><linearGradient id="g" x1="0" y1="0" x2="${r().toFixed(2)}" y2="1"><stop offset="0" stop-color="${colour(r)}"/><stop offset="1" stop-color="${colour(r)}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${background}${shapes.join('')}</svg>`;
}

async function draw(image: DemoImage): Promise<Buffer> {
  const picture = sharp(Buffer.from(svg(image.seed, image.width, image.height, image.kind === 'logo')));
  return image.kind === 'logo' ? picture.png().toBuffer() : picture.jpeg({ quality: 90 }).toBuffer();
}

/**
 * Renders images on first request and keeps them: a variant is derived from its original's bytes
 * (identical, re-encoded at a lower quality, or resized), so it is the same picture, not a redraw.
 */
export class ImageStore {
  private readonly rendered = new Map<string, Promise<Buffer>>();

  constructor(private readonly byPath: ReadonlyMap<string, DemoImage>) {}

  get(filePath: string): Promise<Buffer> | undefined {
    const image = this.byPath.get(filePath);
    if (!image) return undefined;
    let bytes = this.rendered.get(filePath);
    if (!bytes) {
      bytes = this.render(image);
      this.rendered.set(filePath, bytes);
    }
    return bytes;
  }

  private async render(image: DemoImage): Promise<Buffer> {
    const v = image.variantOf;
    if (!v) return draw(image);
    const original = await this.get(v.filePath);
    if (!original) throw new Error(`variant ${image.filePath} of unknown ${v.filePath}`);
    if (v.how === 'identical') return original;
    if (v.how === 'reencoded') return sharp(original).jpeg({ quality: 55 }).toBuffer();
    return sharp(original).resize(image.width, image.height, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
  }
}

/** TMDB's sized renditions (`/t/p/w500/...`): the original scaled to that width. */
export async function scaledTo(bytes: Buffer, size: string): Promise<Buffer> {
  const m = /^w(\d+)$/.exec(size);
  if (!m) return bytes;
  const img = sharp(bytes);
  const meta = await img.metadata();
  const width = Number(m[1]);
  if (!meta.width || width >= meta.width) return bytes;
  return meta.format === 'png'
    ? img.resize({ width }).png().toBuffer()
    : img.resize({ width }).jpeg({ quality: 85 }).toBuffer();
}
