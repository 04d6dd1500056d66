// The movie page's trailer panel in Chromium: candidates best first with their failures, one chosen
// by its button (downloaded, and the trailer locked), and the lock toggled off again.
import { describe, expect, it } from 'vitest';
import { trailerMovies } from '../fake-providers/catalog.js';
import { call, waitForEnrichment } from './support/harness.js';
import { registerInLibrary } from './support/library.js';
import { expectAccessible, saveScreenshot, signIn, useWebStack } from './support/web.js';

const { h, newPage } = useWebStack({ TRAILER_ENABLED: 'true', AUTO_PUBLISH: 'true' });

describe('the trailer panel', () => {
  it('lists the candidates, takes the user’s choice and toggles the lock', async () => {
    const { id } = await registerInLibrary(h, trailerMovies[0]!.details.id, 'Trailer Trouble (2020)');
    const started = await call(h.api, 'POST', `/api/movies/${id}/enrich`);
    expect((await waitForEnrichment(h.api, started.body.workflowId)).status).toBe('COMPLETED');

    const page = await newPage();
    await signIn(page);
    await page.goto(`/movies/${id}`);
    const list = page.getByRole('list', { name: 'Trailer candidates' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(8);
    const item = (key: string) => list.getByRole('listitem').filter({ hasText: key });
    expect(await item('tp-good').textContent()).toContain('trailer');
    expect(await item('tp-geo').textContent()).toContain('blocked in this country');
    expect(await item('tp-gone').textContent()).toContain('unavailable');
    expect(await item('tp-busy').textContent()).toContain('rate-limited');
    const lock = page.getByRole('checkbox', { name: /Locked/ });
    expect(await lock.isChecked()).toBe(false);
    await expectAccessible(page);
    await saveScreenshot(page, 'trailer-panel');

    await item('tp-teaser-de').getByRole('button', { name: 'Use this trailer' }).click();
    await expect
      .poll(() => item('tp-teaser-de').locator('.badge.ok').textContent(), { timeout: 60_000 })
      .toBe('trailer');
    await expect.poll(() => lock.isChecked()).toBe(true);
    const chosen = (await call(h.api, 'GET', `/api/movies/${id}/trailers`)).body;
    expect(chosen.locked).toBe(true);
    expect(chosen.candidates.find((c: any) => c.selected).url).toContain('v=tp-teaser-de');

    await lock.click();
    await expect.poll(async () => (await call(h.api, 'GET', `/api/movies/${id}/trailers`)).body.locked).toBe(false);
    await expect.poll(() => lock.isChecked()).toBe(false);
  });
});
