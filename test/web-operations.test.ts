// The operations page in Chromium against the whole stack: a failed enrichment shown with its
// reason and retried by its button, and a setting changed in the form that the next enrichment uses.
import { describe, expect, it } from 'vitest';
import { demoMovies } from '../fake-providers/catalog.js';
import { call, waitForEnrichment } from './support/harness.js';
import { expectAccessible, saveScreenshot, signIn, useWebStack, type ViewportName } from './support/web.js';

// The link to each run's page in the Temporal Web UI needs its address (nothing is fetched from it).
const TEMPORAL_UI = 'http://127.0.0.1:8233';
const { h, newPage } = useWebStack({ TEMPORAL_UI_URL: TEMPORAL_UI });

async function latestRun(movieId: number): Promise<any> {
  return (await call(h.api, 'GET', `/api/enrichments?movieId=${movieId}&limit=1`)).body.items[0];
}

describe('the operations page', () => {
  it('shows a failed enrichment with its reason and retries it', async () => {
    const tmdbId = demoMovies[0]!.details.id;
    const movieId = (await call(h.api, 'POST', '/api/movies', { tmdbId })).body.id as number;
    // TMDB refusing our key fails the scrape at once, without retries.
    h.providers.setFaults([{ match: `/3/movie/${tmdbId}`, status: 401 }]);
    const started = await call(h.api, 'POST', `/api/movies/${movieId}/enrich`);
    expect((await waitForEnrichment(h.api, started.body.workflowId)).status).toBe('FAILED');
    h.providers.clearFaults();

    for (const viewport of ['phone', 'desktop'] as ViewportName[]) {
      const page = await newPage(viewport);
      await signIn(page);
      await page.getByRole('link', { name: 'Operations', exact: true }).click();
      const failed = page.getByRole('region', { name: 'Failed enrichments' });
      await expect.poll(() => failed.getByRole('listitem').count()).toBe(1);
      await expect.poll(() => failed.locator('.failure-reason').textContent()).toMatch(/HTTP 401/);
      const { workflowId, runId } = started.body;
      expect(await failed.getByRole('link', { name: 'In Temporal', exact: true }).getAttribute('href')).toBe(
        `${TEMPORAL_UI}/namespaces/default/workflows/${workflowId}/${runId}/history`,
      );
      await expectAccessible(page);
      await saveScreenshot(page, `operations-${viewport}`);
      if (viewport === 'phone') continue;
      await failed.getByRole('button', { name: `Retry movie ${movieId}`, exact: true }).click();
      await expect.poll(async () => (await latestRun(movieId)).status, { timeout: 60_000 }).toBe('COMPLETED');
      await expect.poll(() => failed.textContent(), { timeout: 30_000 }).toContain('No failed enrichment.');
    }
    expect((await latestRun(movieId)).runId).not.toBe(started.body.runId);
  });

  it('saves a changed setting, which the next enrichment uses', async () => {
    const page = await newPage();
    await signIn(page);
    await page.goto('/operations');
    const settings = page.getByRole('region', { name: 'Settings' });
    const posters = settings.getByLabel('Posters');
    await expect.poll(() => posters.inputValue()).toBe('3');
    await posters.fill('1');
    await settings.getByRole('button', { name: 'Save settings', exact: true }).click();
    await expect.poll(() => settings.getByRole('status').textContent()).toBe('Saved.');
    expect((await call(h.api, 'GET', '/api/settings')).body.settings.assetLimits.poster).toBe(1);

    // The next enrichment, started from the movie page, keeps one poster.
    const movieId = (await call(h.api, 'POST', '/api/movies', { tmdbId: demoMovies[1]!.details.id })).body.id as number;
    await page.goto(`/movies/${movieId}`);
    await page.getByRole('button', { name: 'Enrich now', exact: true }).click();
    await expect.poll(async () => (await latestRun(movieId))?.status, { timeout: 60_000 }).toBe('COMPLETED');
    const run = await call(h.api, 'GET', `/api/enrichments/${(await latestRun(movieId)).workflowId}`);
    expect(run.body.result.types.poster.limit).toBe(1);
    const movie = await call(h.api, 'GET', `/api/movies/${movieId}`);
    expect(movie.body.selectedAssets.poster).toHaveLength(1);
    // The page shows it: one poster selected.
    await expect
      .poll(() => page.getByRole('listitem', { name: /^poster \d+ from [\w.]+: Selected/ }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
  });
});
