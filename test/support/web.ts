// The browser tests' stack: a harness (API, worker, Temporal, PostgreSQL, fake providers) whose API
// serves the built web UI, and Debian's Chromium driven through playwright-core. Screenshots go to
// test-results/screenshots; the accessibility scan is axe-core's.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { demoMovies } from '../../fake-providers/catalog.js';
import { projectRoot } from '../../lib/config.js';
import { TEST_API_KEY, useHarness, type Harness } from './harness.js';

export const SCREENSHOTS = join(projectRoot, 'test-results', 'screenshots');

/** The two screens the UI is made for: a laptop and a phone. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export interface WebStack {
  h: Harness;
  /** A fresh browser context (own storage: signed out) at `viewport`, with one page. */
  newPage(viewport?: ViewportName): Promise<Page>;
}

/** One stack and one browser for the enclosing suite; contexts opened through it close with it. */
export function useWebStack(env: Record<string, string> = {}): WebStack {
  const h = useHarness(env);
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: inject('chromiumPath') });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    h,
    async newPage(viewport = 'desktop') {
      const context = await browser!.newContext({ viewport: VIEWPORTS[viewport], baseURL: h.api });
      contexts.push(context);
      const page = await context.newPage();
      // An error in the app's own code fails the test that caused it.
      page.on('pageerror', (err) => {
        throw new Error(`page error: ${err.message}`);
      });
      return page;
    },
  };
}

/** Signs in through the sign-in form and waits for the app's header. */
export async function signIn(page: Page, key = TEST_API_KEY): Promise<void> {
  await page.goto('/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

/** Saves a full-page screenshot as test-results/screenshots/{name}.png; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core's scan of the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad, `axe on ${page.url()}`).toEqual([]);
}

export interface DemoFilm {
  title: string;
  year: number;
  /** The film's folder, absolute. */
  folder: string;
  /** The video file's name without its extension: published files start with it. */
  base: string;
}

/** `{root}/Alien (1979)/Alien (1979).mkv` for the first `count` demo films, as Radarr names them. */
export async function writeDemoLibrary(root: string, count: number): Promise<DemoFilm[]> {
  return Promise.all(
    demoMovies.slice(0, count).map(async ({ details }) => {
      const year = Number(details.release_date.slice(0, 4));
      const base = `${details.title.replace(/[<>:"/\\|?*]/g, '')} (${year})`;
      const folder = join(root, base);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${base}.mkv`), 'video');
      return { title: details.title, year, folder, base };
    }),
  );
}
