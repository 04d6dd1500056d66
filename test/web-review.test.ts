// The web UI in Chromium against the whole stack with the fake providers, auto-publish off so every
// enrichment waits for a review: sign-in, importing a demo library until its posters show, a movie
// awaiting review whose poster is changed before approving (and found published under the first
// poster's name), the review queue driven by keys, blocking a candidate, and the live progress of
// an enrichment. Each page is screenshotted at both sizes and scanned by axe-core.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoMovies } from '../fake-providers/catalog.js';
import { call } from './support/harness.js';
import {
  expectAccessible,
  saveScreenshot,
  signIn,
  useWebStack,
  writeDemoLibrary,
  type DemoFilm,
  type ViewportName,
} from './support/web.js';

const { h, newPage } = useWebStack({ AUTO_PUBLISH: 'false', REVIEW_TIMEOUT: '1h' });
const FILMS = 4;

let films: DemoFilm[] = [];
/** Movie ids by film title, once the scan registered them. */
const movieIds = new Map<string, number>();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function candidates(movieId: number): Promise<any[]> {
  const res = await call(h.api, 'GET', `/api/movies/${movieId}/candidates`);
  expect(res.status).toBe(200);
  return res.body.candidates;
}

/** Every <img> on the page has loaded its picture (none broken, none pending). */
async function picturesLoaded(page: Page, selector: string): Promise<number> {
  return page.$$eval(
    selector,
    (imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length,
  );
}

async function awaitingReview(): Promise<number[]> {
  const res = await call(h.api, 'GET', '/api/enrichments?status=awaiting_review&limit=100');
  return res.body.items.filter((i: any) => i.status === 'RUNNING').map((i: any) => i.movieId);
}

describe('the web UI with reviews', () => {
  it('refuses a wrong API key with a clear message and signs in with the right one', async () => {
    const page = await newPage();
    await page.goto('/');
    await expect.poll(() => page.getByText('The key is the').isVisible()).toBe(true);
    await page.getByLabel('API key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Wrong API key: the API refused it/);
    await expectAccessible(page);
    await saveScreenshot(page, 'sign-in-wrong-key-desktop');
    await signIn(page);
    await expect.poll(() => page.getByRole('heading', { name: 'Library', exact: true }).isVisible()).toBe(true);
    // The key survives a reload: it is kept in the browser.
    await page.reload();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  });

  it('imports a demo library folder, follows its scan and shows the posters as they are enriched', async () => {
    const root = join(h.config.dataDir, 'Movies');
    films = await writeDemoLibrary(root, FILMS);
    const page = await newPage();
    await signIn(page);
    await page.getByRole('button', { name: 'Import a library folder', exact: true }).click();
    await page.getByLabel('Folder on the server').fill(root);
    await page.getByLabel('Name').fill('Demo films');
    await page.getByRole('button', { name: 'Import and scan', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Scan of Demo films' }).textContent(), { timeout: 60_000 })
      .toMatch(new RegExp(`${FILMS} added`));
    // Each film's selected poster, as a cached thumbnail, once its enrichment recorded it.
    await expect.poll(() => picturesLoaded(page, '.poster-grid img.poster-thumb'), { timeout: 120_000 }).toBe(FILMS);
    for (const film of films)
      await expect
        .poll(() => page.getByRole('link', { name: new RegExp(`^${film.title} \\(${film.year}\\)`) }).count())
        .toBe(1);
    const list = await call(h.api, 'GET', '/api/movies?limit=50');
    for (const m of list.body.movies) movieIds.set(m.title, m.id);
    expect(movieIds.size).toBe(FILMS);
    await expect.poll(awaitingReview, { timeout: 120_000 }).toHaveLength(FILMS);
    // The badges follow: every film awaits its review.
    await expect
      .poll(() => page.getByRole('link', { name: /: Awaiting review, \d+% complete$/ }).count(), { timeout: 30_000 })
      .toBe(FILMS);
    await expectAccessible(page);
    await saveScreenshot(page, 'library-desktop');
  });

  it('lays the library out on a phone', async () => {
    const page = await newPage('phone');
    await signIn(page);
    await expect.poll(() => picturesLoaded(page, '.poster-grid img.poster-thumb'), { timeout: 30_000 }).toBe(FILMS);
    // Nothing wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await saveScreenshot(page, 'library-phone');
  });

  it('shows a movie awaiting review with its candidates as pictures; a different poster picked and approved is published as the first poster', async () => {
    const film = films[0]!;
    const movieId = movieIds.get(film.title)!;
    const before = (await candidates(movieId)).filter((c) => c.assetType === 'poster');
    const first = before.find((c) => c.state === 'selected')!;
    // Another poster: one not kept, else the second of the kept ones.
    const other =
      before.find((c) => c.state === 'not_fetched' || c.state === 'downloaded') ??
      before.filter((c) => c.state === 'selected')[1]!;
    expect(other.id).not.toBe(first.id);

    for (const viewport of ['phone', 'desktop'] as ViewportName[]) {
      const page = await newPage(viewport);
      await signIn(page);
      await page.getByRole('link', { name: new RegExp(`^${film.title} \\(${film.year}\\)`) }).click();
      await page.getByRole('region', { name: 'Review' }).waitFor();
      // Every candidate is a picture with its state on it.
      const cards = page.locator('.candidate');
      await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(before.length);
      await expect
        .poll(() =>
          page
            .getByRole('listitem', { name: new RegExp(`^poster ${first.rank} from ${first.provider}: Selected`) })
            .count(),
        )
        .toBe(1);
      await expect.poll(() => picturesLoaded(page, '.candidate-picture img')).toBeGreaterThan(0);
      expect(await page.locator('.candidate .candidate-state').allTextContents()).toEqual(
        expect.arrayContaining(['Selected']),
      );
      await expectAccessible(page);
      await saveScreenshot(page, `movie-${viewport}`);
      if (viewport === 'phone') {
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
        continue;
      }
      await page.getByRole('button', { name: `Pick poster ${other.rank} from ${other.provider}`, exact: true }).click();
      await expect
        .poll(() =>
          page
            .getByRole('listitem', { name: new RegExp(`^poster ${other.rank} from ${other.provider}: .*, picked 1$`) })
            .count(),
        )
        .toBe(1);
      await page.getByRole('button', { name: 'Approve with my picks', exact: true }).click();
      // The published files are listed on the page once the approval published them.
      await expect
        .poll(
          () =>
            page
              .getByRole('region', { name: 'Published files' })
              .textContent()
              .catch(() => ''),
          { timeout: 60_000 },
        )
        .toContain(`${film.base}-poster.jpg`);
    }
    const after = await candidates(movieId);
    const picked = after.find((c) => c.id === other.id)!;
    expect(picked.state).toBe('selected');
    const onDisk = await readFile(join(film.folder, `${film.base}-poster.jpg`));
    expect(sha256(onDisk)).toBe(picked.sha256);
    expect(await awaitingReview()).not.toContain(movieId);
  });

  it('goes through the review queue with the keyboard: reject with r, approve with a', async () => {
    const waiting = await awaitingReview();
    expect(waiting.length).toBe(FILMS - 1);
    for (const viewport of ['phone', 'desktop'] as ViewportName[]) {
      const page = await newPage(viewport);
      await signIn(page);
      await page.getByRole('link', { name: 'Review', exact: true }).click();
      await expect.poll(() => page.getByRole('listitem', { name: /^Review of / }).count()).toBe(waiting.length);
      // What the first enrichment of a film changes: fields from nothing, pictures added.
      // Pictures load as they come into view.
      await page.locator('.diff-pictures.added img').first().scrollIntoViewIfNeeded();
      await expect.poll(() => picturesLoaded(page, '.diff-pictures.added img')).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.changes td.after').count()).toBeGreaterThan(0);
      await expectAccessible(page);
      await saveScreenshot(page, `review-queue-${viewport}`);
    }
    const page = await newPage();
    await signIn(page);
    await page.goto('/review');
    const items = page.getByRole('listitem', { name: /^Review of / });
    await expect.poll(() => items.count()).toBe(waiting.length);
    await items.first().focus();
    await page.keyboard.press('r');
    await expect.poll(() => items.first().getByRole('status').textContent()).toBe('Rejected.');
    await page.keyboard.press('j');
    await expect.poll(() => items.nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('a');
    await expect.poll(() => items.nth(1).getByRole('status').textContent(), { timeout: 60_000 }).toBe('Approved.');
    await expect.poll(awaitingReview).toHaveLength(FILMS - 3);
  });

  it('blocks a candidate and unblocks it by clicking', async () => {
    const film = films[0]!;
    const movieId = movieIds.get(film.title)!;
    const target = (await candidates(movieId)).find((c) => c.assetType === 'fanart' && c.state !== 'selected')!;
    expect(target).toBeDefined();
    const page = await newPage();
    await signIn(page);
    await page.goto(`/movies/${movieId}`);
    const card = page.getByRole('listitem', { name: new RegExp(`^fanart ${target.rank} from ${target.provider}: `) });
    await page
      .getByRole('button', { name: `Block fanart ${target.rank} from ${target.provider}`, exact: true })
      .click();
    await expect.poll(() => card.getAttribute('aria-label')).toMatch(/: Blocked$/);
    expect((await candidates(movieId)).find((c) => c.id === target.id)!.state).toBe('blocked');
    await page
      .getByRole('button', { name: `Unblock fanart ${target.rank} from ${target.provider}`, exact: true })
      .click();
    await expect.poll(() => card.getAttribute('aria-label')).not.toMatch(/: Blocked$/);
    expect((await candidates(movieId)).find((c) => c.id === target.id)!.state).not.toBe('blocked');
  });

  it('follows an enrichment started from the movie page through its phases', async () => {
    // A film not in the library yet: its first run downloads its artwork and then waits for a review.
    const tmdbId = demoMovies[FILMS]!.details.id;
    const registered = await call(h.api, 'POST', '/api/movies', { tmdbId });
    expect(registered.status).toBe(201);
    const movieId: number = registered.body.id;
    const page = await newPage();
    await signIn(page);
    await page.goto(`/movies/${movieId}`);
    // A slow TMDB and slow image downloads keep the scrape and the downloads in view long enough to
    // be seen.
    h.providers.setFaults([
      { match: '/3/movie/', delayMs: 2_500, times: 1 },
      { match: '/t/p/', delayMs: 700 },
    ]);
    try {
      await page.getByRole('button', { name: 'Enrich now', exact: true }).click();
      const view = page.getByRole('region', { name: 'Enrichment progress' });
      await view.waitFor();
      const seen: string[] = [];
      const current = view.locator('[aria-current="step"]');
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const phase = (await current.textContent({ timeout: 200 }).catch(() => null))
          ?.replace(/\(.*\)$/, '')
          .replace(/^[^A-Za-z]+/, '')
          .trim();
        if (phase && seen.at(-1) !== phase) seen.push(phase);
        if (phase === 'Awaiting review') break;
        await page.waitForTimeout(100);
      }
      expect(seen[0]).toBe('Scrape');
      expect(seen).toContain('Download');
      expect(seen.at(-1)).toBe('Awaiting review');
      // The phases between were passed (ticked off), whether or not a sample caught them.
      for (const phase of ['Scrape', 'Download', 'Cache', 'Record'])
        expect(await view.getByRole('listitem').filter({ hasText: phase }).textContent()).toMatch(/^✓.*\(done\)$/);
      await expect.poll(() => view.getByRole('status').textContent()).toMatch(/^Awaiting your review/);
      // Counters per type and the providers' outcomes came with the events.
      expect(await view.getByRole('row', { name: /^poster / }).count()).toBe(1);
      expect(await view.getByRole('list', { name: 'Providers' }).textContent()).toContain('tmdb');
    } finally {
      h.providers.clearFaults();
    }
  });
});
