// Seeded synthetic artwork for the pHash benchmarks and fixtures: posters (gradient, scene shapes,
// a title and credits made of text-like stripes), backdrops (sky, ridges, sun, no text) and logos
// (letter-like blocks on transparency). Everything comes from the seed, so runs are repeatable.
import sharp from 'sharp';
import { prng } from '../fake-providers/images.js';

export type ArtKind = 'poster' | 'backdrop' | 'logo';

type Rng = () => number;
const f = (v: number) => v.toFixed(1);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const hsl = (r: Rng, light: [number, number] = [15, 80]) =>
  `hsl(${Math.floor(r() * 360)},${20 + Math.floor(r() * 75)}%,${light[0] + Math.floor(r() * (light[1] - light[0]))}%)`;

function gradient(r: Rng, id: string): string {
  const stops = 2 + Math.floor(r() * 2);
  const s = Array.from(
    { length: stops },
    (_, i) => `<stop offset="${(i / (stops - 1)).toFixed(2)}" stop-color="${hsl(r)}"/>`,
  ).join('');
  if (r() < 0.3)
    return `<radialGradient id="${id}" cx="${r().toFixed(2)}" cy="${r().toFixed(2)}" r="${(0.5 + r()).toFixed(2)}">${s}</radialGradient>`;
  return `<linearGradient id="${id}" x1="${r().toFixed(2)}" y1="${r().toFixed(2)}" x2="${r().toFixed(2)}" y2="${r().toFixed(2)}">${s}</linearGradient>`;
}

function shape(r: Rng, w: number, h: number, fill: string): string {
  const x = r() * w;
  const y = r() * h;
  const size = (0.08 + r() * 0.4) * Math.min(w, h);
  const op = `fill-opacity="${(0.45 + r() * 0.55).toFixed(2)}"`;
  switch (Math.floor(r() * 6)) {
    case 0:
      return `<circle cx="${f(x)}" cy="${f(y)}" r="${f(size)}" fill="${fill}" ${op}/>`;
    case 1:
      return `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(size)}" ry="${f(size * (0.3 + r()))}" fill="${fill}" ${op} transform="rotate(${Math.floor(r() * 180)} ${f(x)} ${f(y)})"/>`;
    case 2:
      return `<rect x="${f(x - size / 2)}" y="${f(y - size / 2)}" width="${f(size)}" height="${f(size * (0.3 + 1.5 * r()))}" fill="${fill}" ${op} transform="rotate(${Math.floor(r() * 90)} ${f(x)} ${f(y)})"/>`;
    case 3: {
      const n = 3 + Math.floor(r() * 5);
      const pts = Array.from({ length: n }, (_, i) => {
        const a = (i / n) * 2 * Math.PI + r() * 0.8;
        const d = size * (0.4 + r() * 0.8);
        return `${f(x + d * Math.cos(a))},${f(y + d * Math.sin(a))}`;
      }).join(' ');
      return `<polygon points="${pts}" fill="${fill}" ${op}/>`;
    }
    case 4: {
      // A figure: head and shoulders, the usual poster subject.
      const head = size * 0.25;
      return `<g fill="${fill}" ${op}><circle cx="${f(x)}" cy="${f(y)}" r="${f(head)}"/><rect x="${f(x - size * 0.45)}" y="${f(y + head * 1.1)}" width="${f(size * 0.9)}" height="${f(size * 1.6)}" rx="${f(size * 0.3)}"/></g>`;
    }
    default: {
      // A band across the picture (horizon, light beam).
      const t = 0.02 + r() * 0.12;
      return `<rect x="${f(-w)}" y="${f(y)}" width="${f(3 * w)}" height="${f(t * h)}" fill="${fill}" ${op} transform="rotate(${f(r() * 40 - 20)} ${f(w / 2)} ${f(y)})"/>`;
    }
  }
}

/** A letter-like glyph in the box (x, y, w, h): stems, bars, bowls, the shapes type is made of. */
function glyph(r: Rng, x: number, y: number, w: number, h: number): string {
  const t = Math.max(1, Math.min(w, h) * (0.18 + r() * 0.12));
  const bar = (bx: number, by: number, bw: number, bh: number) => `M${f(bx)},${f(by)}h${f(bw)}v${f(bh)}h${f(-bw)}Z`;
  const ring = (cx: number, cy: number, rx: number, ry: number) =>
    `M${f(cx - rx)},${f(cy)}a${f(rx)},${f(ry)} 0 1,0 ${f(2 * rx)},0a${f(rx)},${f(ry)} 0 1,0 ${f(-2 * rx)},0Z`;
  let d: string;
  switch (Math.floor(r() * 7)) {
    case 0: // I
      return `<rect x="${f(x + (w - t) / 2)}" y="${f(y)}" width="${f(t)}" height="${f(h)}"/>`;
    case 1: // O
      d =
        ring(x + w / 2, y + h / 2, w / 2, h / 2) +
        ring(x + w / 2, y + h / 2, Math.max(0.5, w / 2 - t), Math.max(0.5, h / 2 - t));
      break;
    case 2: // n
      d = bar(x, y, t, h) + bar(x + w - t, y, t, h) + bar(x, y, w, t);
      break;
    case 3: // A
      d =
        `M${f(x)},${f(y + h)}L${f(x + w / 2)},${f(y)}L${f(x + w)},${f(y + h)}Z` +
        `M${f(x + t)},${f(y + h)}L${f(x + w / 2)},${f(y + 2 * t)}L${f(x + w - t)},${f(y + h)}Z` +
        bar(x + w * 0.2, y + h * 0.6, w * 0.6, t * 0.8);
      break;
    case 4: // E
      d = bar(x, y, t, h) + bar(x, y, w, t) + bar(x, y + (h - t) / 2, w * 0.8, t) + bar(x, y + h - t, w, t);
      break;
    case 5: // T
      d = bar(x, y, w, t) + bar(x + (w - t) / 2, y, t, h);
      break;
    default: // L
      d = bar(x, y, t, h) + bar(x, y + h - t, w, t);
  }
  return `<path fill-rule="evenodd" d="${d}"/>`;
}

/** A line of "words" of letter-like glyphs, centred, as a title or credits would be. */
function textLine(
  r: Rng,
  cx: number,
  y: number,
  maxWidth: number,
  height: number,
  fill: string,
  caps: boolean,
): string {
  const words: number[][] = [];
  let total = 0;
  const target = maxWidth * (0.45 + r() * 0.55);
  while (total < target) {
    const letters = Array.from({ length: 2 + Math.floor(r() * 7) }, () => height * (0.35 + r() * 0.4));
    const wordWidth = letters.reduce((s, l) => s + l + height * 0.12, 0);
    if (total + wordWidth > maxWidth && words.length > 0) break;
    words.push(letters);
    total += wordWidth + height * 0.45;
  }
  let x = cx - total / 2;
  const out: string[] = [];
  for (const word of words) {
    word.forEach((lw, i) => {
      const tall = caps || i === 0 || r() < 0.15 ? 1 : 0.72;
      out.push(glyph(r, x, y + height * (1 - tall), lw, height * tall));
      x += lw + height * 0.12;
    });
    x += height * 0.45;
  }
  return `<g fill="${fill}">${out.join('')}</g>`;
}

function posterSvg(r: Rng, w: number, h: number): string {
  const defs = [gradient(r, 'bg')];
  const body: string[] = [`<rect width="100%" height="100%" fill="url(#bg)"/>`];
  const n = 3 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) body.push(shape(r, w, h, r() < 0.3 ? 'url(#bg)' : hsl(r)));
  if (r() < 0.5) {
    defs.push(
      `<radialGradient id="vig" cx="0.5" cy="0.45" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="${(0.4 + r() * 0.5).toFixed(2)}"/></radialGradient>`,
    );
    body.push(`<rect width="100%" height="100%" fill="url(#vig)"/>`);
  }
  const titleColour = pick(r, ['#fff', '#f2e6c8', '#111', '#d33', hsl(r, [60, 95])]);
  const lines = 1 + Math.floor(r() * 3);
  const lineH = h * (0.035 + r() * 0.04);
  const top = r() < 0.35 ? h * (0.05 + r() * 0.1) : h * (0.62 + r() * 0.12);
  for (let i = 0; i < lines; i++)
    body.push(textLine(r, w / 2, top + i * lineH * 1.35, w * 0.86, lineH, titleColour, r() < 0.6));
  if (r() < 0.75) {
    const small = h * 0.009;
    const rows = 2 + Math.floor(r() * 4);
    for (let i = 0; i < rows; i++)
      body.push(textLine(r, w / 2, h * 0.9 + i * small * 1.8, w * 0.8, small, '#ddd', false));
  }
  return wrap(w, h, defs, body);
}

function backdropSvg(r: Rng, w: number, h: number): string {
  const defs = [gradient(r, 'sky')];
  const body: string[] = [`<rect width="100%" height="100%" fill="url(#sky)"/>`];
  if (r() < 0.6)
    body.push(
      `<circle cx="${f(r() * w)}" cy="${f(r() * h * 0.5)}" r="${f(h * (0.05 + r() * 0.15))}" fill="${hsl(r, [60, 95])}"/>`,
    );
  const ridges = 1 + Math.floor(r() * 3);
  for (let k = 0; k < ridges; k++) {
    const base = h * (0.45 + 0.15 * k + r() * 0.15);
    const steps = 4 + Math.floor(r() * 8);
    const pts = [`0,${h}`];
    for (let i = 0; i <= steps; i++) pts.push(`${f((i / steps) * w)},${f(base - r() * h * 0.3)}`);
    pts.push(`${w},${h}`);
    body.push(`<polygon points="${pts.join(' ')}" fill="${hsl(r, [5, 55])}"/>`);
  }
  const n = 2 + Math.floor(r() * 7);
  for (let i = 0; i < n; i++) body.push(shape(r, w, h, hsl(r)));
  if (r() < 0.15)
    body.push(textLine(r, w * (0.2 + r() * 0.6), h * (0.1 + r() * 0.75), w * 0.3, h * 0.05, '#fff', true));
  return wrap(w, h, defs, body);
}

function logoSvg(r: Rng, w: number, h: number): string {
  const defs = [gradient(r, 'ink')];
  const ink = r() < 0.5 ? 'url(#ink)' : hsl(r, [10, 70]);
  const body: string[] = [];
  let left = w * 0.05;
  if (r() < 0.4) {
    // An emblem left of the name.
    const s = h * (0.3 + r() * 0.15);
    body.push(`<circle cx="${f(left + s)}" cy="${f(h / 2)}" r="${f(s)}" fill="${hsl(r, [20, 70])}"/>`);
    body.push(shape(r, left + 2 * s, h, hsl(r, [60, 95])));
    left += 2.3 * s;
  }
  const lines = 1 + Math.floor(r() * 2);
  const lineH = h * (lines === 1 ? 0.5 + r() * 0.3 : 0.3 + r() * 0.08);
  const stroke = r() < 0.35 ? ` stroke="${hsl(r, [5, 40])}" stroke-width="${f(lineH * 0.06)}"` : '';
  for (let i = 0; i < lines; i++) {
    const y = (h - lines * lineH * 1.2) / 2 + i * lineH * 1.2;
    const width = w - left - w * 0.05;
    body.push(
      `<g${stroke}>${textLine(r, left + width / 2, y, width, i === 0 ? lineH : lineH * 0.8, ink, r() < 0.5)}</g>`,
    );
  }
  return wrap(w, h, defs, body);
}

const wrap = (w: number, h: number, defs: string[], body: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><defs>${defs.join('')}</defs>${body.join('')}</svg>`;

export function artworkSvg(kind: ArtKind, seed: string, width: number, height: number): string {
  const r = prng(`${kind}:${seed}`);
  return kind === 'poster'
    ? posterSvg(r, width, height)
    : kind === 'backdrop'
      ? backdropSvg(r, width, height)
      : logoSvg(r, width, height);
}

/** Film grain: a seeded 3-channel tile overlaid on photos, so JPEG has real texture to spend bits on. */
async function grain(seed: string, width: number, height: number): Promise<Buffer> {
  const r = prng(`grain:${seed}`);
  const w = Math.min(251, width);
  const h = Math.min(241, height);
  const px = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const v = 128 + Math.round((r() + r() + r() - 1.5) * 22);
    px[3 * i] = v;
    px[3 * i + 1] = v + Math.round((r() - 0.5) * 6);
    px[3 * i + 2] = v + Math.round((r() - 0.5) * 6);
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
}

/**
 * The artwork as raw-ish sharp input, encoded as its kind is usually served: posters and backdrops
 * JPEG (quality 90) with film grain, logos PNG with alpha.
 */
export async function renderArtwork(kind: ArtKind, seed: string, width: number, height: number): Promise<Buffer> {
  const picture = sharp(Buffer.from(artworkSvg(kind, seed, width, height)));
  if (kind === 'logo') return picture.png().toBuffer();
  const flat = await picture.flatten({ background: '#000' }).png({ compressionLevel: 0 }).toBuffer();
  return sharp(flat)
    .composite([{ input: await grain(seed, width, height), tile: true, blend: 'overlay' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}
