// How well does a pHash Hamming threshold separate near-duplicates from distinct artwork?
// A seeded corpus of distinct posters, backdrops and logos, each with near-duplicate variants; all
// hashed with perceptualHash (in memory). For thresholds 4…14 (duplicate iff distance ≤ t) prints
// the detection rate per variant kind and the false-match rate over all pairs of distinct originals.
//   npm run bench:dedup     (env DEDUP_PER_KIND=170 originals per kind; DEDUP_CONCURRENCY=4)
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import sharp, { type Sharp } from 'sharp';
import { hammingDistance } from '../domain/phash.js';
import { loadConfig } from '../lib/config.js';
import { perceptualHash } from '../activities/image-hash.js';
import { type ArtKind, renderArtwork } from './artwork.js';

const PER_KIND = Number(process.env.DEDUP_PER_KIND ?? 170);
const CONCURRENCY = Number(process.env.DEDUP_CONCURRENCY ?? 4);
const BATCH = 24;
const THRESHOLDS = Array.from({ length: 11 }, (_, i) => i + 4);
const REQUIRED_DETECTION = 0.99;
const RECOMMENDED_DETECTION = 0.995;
const MAX_FALSE_MATCH = 0.005;

const SIZES: Record<ArtKind, [number, number]> = { poster: [500, 750], backdrop: [960, 540], logo: [400, 155] };
const KINDS: ArtKind[] = ['poster', 'backdrop', 'logo'];

type Original = {
  kind: ArtKind;
  seed: string;
  bytes: Buffer;
  raw: { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 };
};
type VariantDef = {
  name: string;
  /** Counted in the recommended-threshold criterion. */
  required: boolean;
  kinds: readonly ArtKind[];
  make: (o: Original) => Promise<Buffer>;
  /** Compared with the original unless this names another variant. */
  against?: string;
};

/** The original's own encoding: JPEG q90 for photos, PNG for logos. */
const sameFormat = (img: Sharp, o: Original) => (o.kind === 'logo' ? img.png() : img.jpeg({ quality: 90 })).toBuffer();
const fromRaw = (o: Original, data: Buffer = o.raw.data) =>
  sharp(data, { raw: { width: o.raw.width, height: o.raw.height, channels: o.raw.channels } });

/** out = 255·(in/255)^γ on the colour channels (alpha untouched), by a lookup table on raw pixels. */
function gamma(o: Original, g: number): Buffer {
  const lut = Uint8Array.from({ length: 256 }, (_, v) => Math.round(255 * Math.pow(v / 255, g)));
  const { data, channels } = o.raw;
  const out = Buffer.from(data);
  const colour = channels === 2 || channels === 4 ? channels - 1 : channels;
  for (let i = 0; i < out.length; i += channels) for (let c = 0; c < colour; c++) out[i + c] = lut[out[i + c]!]!;
  return out;
}

const ALL: readonly ArtKind[] = KINDS;
const PHOTOS: readonly ArtKind[] = ['poster', 'backdrop'];
const LOGOS: readonly ArtKind[] = ['logo'];

const VARIANTS: VariantDef[] = [
  {
    name: 'resize ×0.5',
    required: true,
    kinds: ALL,
    make: (o) => sameFormat(fromRaw(o).resize(Math.round(o.raw.width / 2), Math.round(o.raw.height / 2)), o),
  },
  {
    name: 'resize ×2',
    required: true,
    kinds: ALL,
    make: (o) => sameFormat(fromRaw(o).resize(o.raw.width * 2, o.raw.height * 2), o),
  },
  ...[50, 70, 95].map((q): VariantDef => ({
    name: `recompress q${q}`,
    required: true,
    kinds: ALL,
    // Photos: JPEG at that quality. Logos keep their alpha: lossy WebP at that quality.
    make: (o) =>
      (o.kind === 'logo' ? sharp(o.bytes).webp({ quality: q }) : sharp(o.bytes).jpeg({ quality: q })).toBuffer(),
  })),
  {
    name: 'brightness +10%',
    required: true,
    kinds: ALL,
    make: (o) => sameFormat(fromRaw(o).modulate({ brightness: 1.1 }), o),
  },
  {
    name: 'brightness −10%',
    required: true,
    kinds: ALL,
    make: (o) => sameFormat(fromRaw(o).modulate({ brightness: 0.9 }), o),
  },
  { name: 'gamma 0.8', required: true, kinds: ALL, make: (o) => sameFormat(fromRaw(o, gamma(o, 0.8)), o) },
  { name: 'gamma 1.2', required: true, kinds: ALL, make: (o) => sameFormat(fromRaw(o, gamma(o, 1.2)), o) },
  {
    name: 'crop 1% each edge',
    required: false,
    kinds: ALL,
    make: (o) => {
      const dx = Math.round(o.raw.width * 0.01);
      const dy = Math.round(o.raw.height * 0.01);
      return sameFormat(
        fromRaw(o).extract({ left: dx, top: dy, width: o.raw.width - 2 * dx, height: o.raw.height - 2 * dy }),
        o,
      );
    },
  },
  {
    name: 'crop 2% top',
    required: false,
    kinds: ALL,
    make: (o) => {
      const dy = Math.round(o.raw.height * 0.02);
      return sameFormat(fromRaw(o).extract({ left: 0, top: dy, width: o.raw.width, height: o.raw.height - dy }), o);
    },
  },
  // PNG↔WebP: logos PNG → lossy WebP (alpha kept); photos JPEG → WebP, and JPEG → PNG (lossless).
  {
    name: 'format → WebP q80',
    required: false,
    kinds: ALL,
    make: (o) => sharp(o.bytes).webp({ quality: 80 }).toBuffer(),
  },
  { name: 'format → PNG', required: false, kinds: PHOTOS, make: (o) => sharp(o.bytes).png().toBuffer() },
  {
    name: 'WebP → PNG',
    required: false,
    kinds: LOGOS,
    against: 'format → WebP q80',
    make: async (o) =>
      sharp(await sharp(o.bytes).webp({ quality: 80 }).toBuffer())
        .png()
        .toBuffer(),
  },
  // "The same logo flattened differently": original keeps its alpha.
  {
    name: 'logo alpha vs on white',
    required: false,
    kinds: LOGOS,
    make: (o) => sharp(o.bytes).flatten({ background: '#ffffff' }).png().toBuffer(),
  },
  {
    name: 'logo alpha vs on black',
    required: false,
    kinds: LOGOS,
    make: (o) => sharp(o.bytes).flatten({ background: '#000000' }).png().toBuffer(),
  },
  {
    name: 'logo on white vs on black',
    required: false,
    kinds: LOGOS,
    against: 'logo alpha vs on white',
    make: (o) => sharp(o.bytes).flatten({ background: '#000000' }).png().toBuffer(),
  },
];

/** Runs fn over items with at most `limit` in flight; results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(x >= 0.9995 || x === 0 ? 0 : 1)}%`;

/** Popcount of the XOR of two 64-bit hashes held as [hi, lo] uint32 pairs. */
function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

async function main() {
  const started = performance.now();
  console.log(
    `pHash dedup benchmark — ${PER_KIND} originals per kind (${KINDS.map((k) => `${k}s ${SIZES[k].join('×')}`).join(', ')}), ` +
      `${CONCURRENCY} in flight, ${availableParallelism()} CPUs, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}`,
  );
  console.log(
    'variants: resize ×0.5/×2 (Lanczos3, same format); recompress = JPEG q50/70/95 for posters & backdrops, lossy WebP q50/70/95 (alpha kept) for logos;',
  );
  console.log(
    '  brightness = sharp modulate({brightness: 1.1 | 0.9}); gamma = LUT on raw pixels, out = 255·(in/255)^γ on colour channels (sharp .gamma() only',
  );
  console.log(
    '  linearises around a resize, it does not change the picture); crop = 1% off every edge, and 2% off the top only; format swaps;',
  );
  console.log(
    '  logos flattened on white / on black vs kept with alpha. Photos are JPEG q90 with film grain, logos PNG with alpha.',
  );

  const jobs = KINDS.flatMap((kind) =>
    Array.from({ length: PER_KIND }, (_, i) => ({ kind, seed: `dedup-${kind}-${i}` })),
  );
  const originalHashes: string[] = new Array(jobs.length);
  const variantHashes = new Map<string, Map<number, string>>(VARIANTS.map((v) => [v.name, new Map()]));
  let generateMs = 0;
  let hashMs = 0;
  let hashed = 0;

  for (let b = 0; b < jobs.length; b += BATCH) {
    const batch = jobs.slice(b, b + BATCH).map((job, j) => ({ ...job, index: b + j }));
    // Generate originals and variants, then hash them all: two timed phases per batch.
    let t = performance.now();
    const made = await pool(batch, CONCURRENCY, async (job) => {
      const [width, height] = SIZES[job.kind];
      const bytes = await renderArtwork(job.kind, job.seed, width, height);
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const o: Original = {
        kind: job.kind,
        seed: job.seed,
        bytes,
        raw: { data, width: info.width, height: info.height, channels: info.channels },
      };
      const variants: [string, Buffer][] = [];
      for (const v of VARIANTS) if (v.kinds.includes(job.kind)) variants.push([v.name, await v.make(o)]);
      return { index: job.index, bytes, variants };
    });
    generateMs += performance.now() - t;
    t = performance.now();
    const work = made.flatMap((m) => [
      { index: m.index, name: '', bytes: m.bytes },
      ...m.variants.map(([name, bytes]) => ({ index: m.index, name, bytes })),
    ]);
    const hashes = await pool(work, CONCURRENCY, (w) => perceptualHash(w.bytes));
    hashMs += performance.now() - t;
    hashed += work.length;
    work.forEach((w, i) =>
      w.name === '' ? (originalHashes[w.index] = hashes[i]!) : variantHashes.get(w.name)!.set(w.index, hashes[i]!),
    );
    if (process.stderr.isTTY) process.stderr.write(`\r  ${Math.min(b + BATCH, jobs.length)}/${jobs.length} originals`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');

  // Distances of each variant to what it is compared with.
  const variantDistances = new Map<string, number[]>();
  for (const v of VARIANTS) {
    const mine = variantHashes.get(v.name)!;
    const base = v.against ? variantHashes.get(v.against)! : null;
    variantDistances.set(
      v.name,
      [...mine].map(([i, h]) => hammingDistance(h, base ? base.get(i)! : originalHashes[i]!)),
    );
  }

  // All pairs of distinct originals: a histogram of distances, overall and by kind pair.
  const hi = originalHashes.map((h) => parseInt(h.slice(0, 8), 16));
  const lo = originalHashes.map((h) => parseInt(h.slice(8), 16));
  const groups = ['all', 'poster–poster', 'backdrop–backdrop', 'logo–logo', 'across kinds'] as const;
  const histogram = new Map(groups.map((g) => [g, new Float64Array(65)]));
  let identicalOriginals = 0;
  for (let i = 0; i < jobs.length; i++) {
    for (let j = i + 1; j < jobs.length; j++) {
      const d = popcount32(hi[i]! ^ hi[j]!) + popcount32(lo[i]! ^ lo[j]!);
      if (d === 0) identicalOriginals++;
      histogram.get('all')![d]!++;
      const a = jobs[i]!.kind;
      histogram.get(a === jobs[j]!.kind ? (`${a}–${a}` as (typeof groups)[number]) : 'across kinds')![d]!++;
    }
  }
  const pairs = (jobs.length * (jobs.length - 1)) / 2;
  const atMost = (h: Float64Array, t: number) => h.slice(0, t + 1).reduce((s, x) => s + x, 0);
  const sumOf = (h: Float64Array) => atMost(h, 64);
  const falseRate = (t: number, g: (typeof groups)[number] = 'all') =>
    atMost(histogram.get(g)!, t) / sumOf(histogram.get(g)!);
  const detection = (name: string, t: number) => {
    const ds = variantDistances.get(name)!;
    return ds.filter((d) => d <= t).length / ds.length;
  };
  const quantile = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

  console.log(`\n${jobs.length} originals, ${pairs} pairs of distinct originals, ${hashed} images hashed`);
  const all = histogram.get('all')!;
  const cumulative = (q: number) => {
    let s = 0;
    for (let d = 0; d <= 64; d++) if ((s += all[d]!) >= q * pairs) return d;
    return 64;
  };
  const minPair = all.findIndex((x) => x > 0);
  console.log(
    `distinct originals: distance min ${minPair}, 0.1% ${cumulative(0.001)}, 1% ${cumulative(0.01)}, median ${cumulative(0.5)}; identical hashes: ${identicalOriginals} pairs`,
  );

  console.log('\nvariant distances (to the original unless noted)');
  console.log(
    `  ${'variant'.padEnd(28)} ${'n'.padStart(4)} ${'median'.padStart(6)} ${'p99'.padStart(4)} ${'max'.padStart(4)}`,
  );
  for (const v of VARIANTS) {
    const ds = variantDistances.get(v.name)!;
    console.log(
      `  ${(v.name + (v.required ? ' *' : '')).padEnd(28)} ${String(ds.length).padStart(4)} ${String(quantile(ds, 0.5)).padStart(6)} ${String(quantile(ds, 0.99)).padStart(4)} ${String(Math.max(...ds)).padStart(4)}`,
    );
  }

  console.log(
    `\ndetection rate per variant kind (duplicate iff distance ≤ t); * = required ≥ ${pct(REQUIRED_DETECTION)} for the recommendation`,
  );
  console.log(`  ${'variant'.padEnd(28)}${THRESHOLDS.map((t) => `t=${t}`.padStart(7)).join('')}`);
  for (const v of VARIANTS)
    console.log(
      `  ${(v.name + (v.required ? ' *' : '')).padEnd(28)}${THRESHOLDS.map((t) => pct(detection(v.name, t)).padStart(7)).join('')}`,
    );
  const required = VARIANTS.filter((v) => v.required);
  const worst = (t: number) => Math.min(...required.map((v) => detection(v.name, t)));
  console.log(`  ${'min over required *'.padEnd(28)}${THRESHOLDS.map((t) => pct(worst(t)).padStart(7)).join('')}`);

  console.log(`\nfalse-match rate over pairs of distinct originals (must be ≤ ${(100 * MAX_FALSE_MATCH).toFixed(1)}%)`);
  console.log(`  ${'pairs'.padEnd(28)}${THRESHOLDS.map((t) => `t=${t}`.padStart(8)).join('')}`);
  for (const g of groups) {
    const n = sumOf(histogram.get(g)!);
    console.log(
      `  ${`${g} (${n})`.padEnd(28)}${THRESHOLDS.map((t) => `${(100 * falseRate(t, g)).toFixed(3)}%`.padStart(8)).join('')}`,
    );
  }
  console.log(
    `  ${'all: matching pairs'.padEnd(28)}${THRESHOLDS.map((t) => String(atMost(all, t)).padStart(8)).join('')}`,
  );

  // The bar is 99 %; the recommendation keeps half a point of margin above it, so one unlucky
  // artwork more does not drop a variant kind below the bar.
  const meets = (t: number, detectionBar: number) => worst(t) >= detectionBar && falseRate(t) <= MAX_FALSE_MATCH;
  const passing = THRESHOLDS.filter((t) => meets(t, REQUIRED_DETECTION));
  const ok = THRESHOLDS.find((t) => meets(t, RECOMMENDED_DETECTION)) ?? passing[0];
  const describe = (t: number) =>
    `min detection ${pct(worst(t))} (${required.map((v) => `${v.name} ${pct(detection(v.name, t))}`).join(', ')}); ` +
    `false matches ${(100 * falseRate(t)).toFixed(3)}% of ${pairs} pairs (${atMost(all, t)} pairs)`;
  console.log('');
  console.log(
    `thresholds meeting both criteria (required ≥ ${pct(REQUIRED_DETECTION)}, false ≤ ${(100 * MAX_FALSE_MATCH).toFixed(1)}%): ${passing.join(', ') || 'none'}`,
  );
  if (ok !== undefined) {
    console.log(
      `RECOMMENDED DEFAULT THRESHOLD: ${ok} (smallest with every required kind ≥ ${pct(RECOMMENDED_DETECTION)}): ${describe(ok)}`,
    );
  } else {
    console.log('!!!!!!!! NO THRESHOLD IN 4…14 MEETS BOTH CRITERIA !!!!!!!!');
    for (const t of THRESHOLDS) {
      const weakest = required.reduce((a, v) => (detection(v.name, t) < detection(a.name, t) ? v : a));
      console.log(
        `  t=${t}: min required detection ${pct(worst(t))} (${weakest.name}), false matches ${(100 * falseRate(t)).toFixed(3)}%`,
      );
    }
  }
  const configured = loadConfig({}).phashThreshold;
  console.log(`IN FORCE: PHASH_THRESHOLD default ${configured}: ${describe(configured)}`);
  // A hash has exactly 32 one-bits (bit = coefficient > median of 64) unless coefficients tie the
  // median, so two hashes differ in an even number of bits and t = 2k+1 acts as t = 2k.
  const oddVariants = [...variantDistances.values()].flat().filter((d) => d % 2 === 1).length;
  const oddPairs = [...all].reduce((s, x, d) => s + (d % 2 === 1 ? x : 0), 0);
  console.log(
    `  note: odd distances seen: ${oddVariants} variant comparisons, ${oddPairs} original pairs — odd thresholds add nothing over the even one below`,
  );
  const total = (performance.now() - started) / 1000;
  console.log(
    `\ntiming: generating ${(generateMs / 1000).toFixed(1)} s, hashing ${(hashMs / 1000).toFixed(1)} s for ${hashed} images ` +
      `(${(hashed / (hashMs / 1000)).toFixed(0)} images/s, ${CONCURRENCY} in flight), total ${total.toFixed(1)} s`,
  );
}

await main();
