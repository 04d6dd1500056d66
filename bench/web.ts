// The web UI's weight and speed: the production bundle's size (raw and gzip, per file and in all),
// and the time to first render of the library page with --movies films registered (--enriched of
// them enriched, so the first screen shows real cached posters), in Debian's Chromium. One stack of
// its own: embedded PostgreSQL, Temporal dev server, fake providers, a worker and an API process.
//
//   npm run bench:web [-- --movies 1000 --enriched 40 --runs 7]
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import { chromium } from 'playwright-core';
import { ensureChromium } from '../dev/chromium.js';
import { projectRoot } from '../lib/config.js';
import { generatedFilms, registerFilm, requestEnrichment, waitClosed } from '../test/support/film-runs.js';
import { App, Servers } from '../test/support/process-stack.js';

const { values } = parseArgs({
  options: {
    movies: { type: 'string', default: '1000' },
    enriched: { type: 'string', default: '40' },
    runs: { type: 'string', default: '7' },
  },
});
const MOVIES = Number(values.movies);
const ENRICHED = Math.min(MOVIES, Number(values.enriched));
const RUNS = Number(values.runs);

// 1. The bundle, built afresh as production serves it.
const built = spawnSync(process.execPath, ['scripts/build-web.mjs', '--force'], { cwd: projectRoot, stdio: 'inherit' });
if (built.status !== 0) throw new Error('the web UI did not build');
const dist = join(projectRoot, 'web', 'dist');
const files = [
  'index.html',
  ...(await readdir(join(dist, 'assets'))).filter((f) => /\.(js|css)$/.test(f)).map((f) => `assets/${f}`),
];
let raw = 0;
let gzip = 0;
console.log('\nproduction bundle (what a first visit downloads):');
for (const file of files) {
  const bytes = await readFile(join(dist, file));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += zipped;
  console.log(`  ${file.padEnd(34)} ${kb(bytes.length).padStart(9)} raw ${kb(zipped).padStart(9)} gzip`);
}
console.log(`  ${'total'.padEnd(34)} ${kb(raw).padStart(9)} raw ${kb(gzip).padStart(9)} gzip`);

// 2. The library page with MOVIES films.
const root = await mkdtemp(join(tmpdir(), 'bench-web-'));
const log = (source: string, line: string) => {
  if (/error|fatal/i.test(line) && source !== 'temporal') console.error(`${source}| ${line}`);
};
const servers = await Servers.start(root, log);
const app = await App.start(servers, 'web', log, { AUTO_PUBLISH: 'true', REVIEW_TIMEOUT: '0', REFRESH_INTERVAL: '0' });
const browser = await chromium.launch({ executablePath: await ensureChromium(console.log) });
try {
  console.log(`\nregistering ${MOVIES} films and enriching ${ENRICHED} of them…`);
  const limit = pLimit(8);
  const ids = await Promise.all(generatedFilms(0, MOVIES).map((tmdbId) => limit(() => registerFilm(app, tmdbId))));
  const runs = await Promise.all(ids.slice(0, ENRICHED).map((id) => limit(() => requestEnrichment(app, id))));
  for (const workflowId of runs) {
    const run = await waitClosed(app.client, workflowId);
    if (run.status !== 'COMPLETED') throw new Error(`${workflowId}: ${run.failure}`);
  }

  // Recently added last: the enriched films come first, with their posters.
  const url = `${app.api}/?sort=id`;
  const firstRender: number[] = [];
  const postersShown: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    // Playwright compiles a waitForFunction predicate in the page, which the app's CSP (no eval) refuses.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await context.addInitScript(`localStorage.setItem('media-enrichment.api-key', ${JSON.stringify(app.apiKey)})`);
    const page = await context.newPage();
    await page.goto(url);
    // First render: the grid's first cards and the count, from navigation start.
    // Strings, not functions: they run in the page, whose DOM types this Node project does not load.
    const rendered = await page.waitForFunction(
      `document.querySelectorAll('.poster-card').length > 0 &&
       document.querySelector('.page-heading [role="status"]')?.textContent?.startsWith(${JSON.stringify(`${MOVIES} movies`)})
         ? performance.now() : false`,
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    // Every poster on the first screen loaded.
    const loaded = await page.waitForFunction(
      `(() => {
        const onScreen = [...document.querySelectorAll('.poster-grid img')].filter(
          (img) => img.getBoundingClientRect().top < window.innerHeight,
        );
        return onScreen.length > 0 && onScreen.every((img) => img.complete && img.naturalWidth > 0)
          ? performance.now()
          : false;
      })()`,
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    // The first visit warms the API's thumbnail cache and the database: not counted.
    if (i > 0) {
      firstRender.push(Number(await rendered.jsonValue()));
      postersShown.push(Number(await loaded.jsonValue()));
    }
    await context.close();
  }
  console.log(`\nlibrary page with ${MOVIES} movies (${RUNS} visits after a warm-up, 1280×800, Chromium):`);
  console.log(
    `  time to first render (cards and count shown):  median ${ms(median(firstRender))}, max ${ms(Math.max(...firstRender))}`,
  );
  console.log(
    `  time until the first screen's posters loaded:   median ${ms(median(postersShown))}, max ${ms(Math.max(...postersShown))}`,
  );
} finally {
  await browser.close();
  await app.stop();
  await servers.stop();
  await rm(root, { recursive: true, force: true });
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
function ms(v: number): string {
  return `${Math.round(v)} ms`;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
