// Anyone who reaches Temporal's port can schedule our activities with any input: each one must
// refuse what no workflow of ours sends, at once and without retries, before touching anything.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.js';
import { useHarness } from './support/harness.js';

const h = useHarness();

async function failure(
  run: () => Promise<unknown>,
): Promise<{ type: string | null | undefined; nonRetryable: boolean | null | undefined; message: string }> {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  const f = err as ApplicationFailure;
  return { type: f.type, nonRetryable: f.nonRetryable, message: f.message };
}

describe('forged activity inputs', () => {
  const env = new MockActivityEnvironment();
  const activities = () => createActivities({ pool: h.pool, config: h.config });

  it('refuses a candidate id or run key that could name a path, and writes nothing', async () => {
    const { downloadCandidate } = activities();
    const url = `${h.providers.tmdbImageUrl}/original/x.jpg`;
    for (const input of [
      { runKey: 'run-1', candidateId: '../../../etc/x' as unknown as number, url },
      { runKey: '..', candidateId: 1, url },
      { runKey: '../../home', candidateId: 1, url },
      { runKey: 'run-1', candidateId: -1, url },
    ])
      expect(await failure(() => env.run(downloadCandidate, input))).toMatchObject({
        type: 'InvalidActivityInput',
        nonRetryable: true,
      });
    expect(existsSync(join(h.config.cacheDir, '.tmp'))).toBe(false);
    expect(h.providers.requests.filter((r) => r.path.includes('/x.jpg'))).toEqual([]);
  });

  it('refuses to remove any folder but a run’s temp folder', async () => {
    const { removeRunTemp } = activities();
    for (const runKey of ['..', '.', '../..', '/etc'])
      expect(await failure(() => env.run(removeRunTemp, { runKey }))).toMatchObject({
        type: 'InvalidActivityInput',
        nonRetryable: true,
      });
    expect(existsSync(h.config.cacheDir) || existsSync(h.config.dataDir)).toBe(true);
  });

  it('moves nothing into the cache from outside its temp folder', async () => {
    const { storeBlob } = activities();
    const image = {
      ok: true as const,
      candidateId: 1,
      sha256: 'a'.repeat(64),
      tempPath: '/etc/passwd',
      format: 'jpeg' as const,
      width: 1,
      height: 1,
      hasAlpha: false,
      size: 1,
      phash: '0'.repeat(16),
    };
    expect(await failure(() => env.run(storeBlob, { image, movieId: 1, assetType: 'poster' as const }))).toMatchObject({
      type: 'UntrustedTempFile',
      nonRetryable: true,
    });
    expect(
      await failure(() =>
        env.run(storeBlob, { image: { ...image, sha256: 'not-a-hash' }, movieId: 1, assetType: 'poster' as const }),
      ),
    ).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
    expect(await readdir(h.config.cacheDir).catch(() => [])).not.toContain('images');
  });

  it('records nothing from a selection no walk could produce', async () => {
    const { recordEnrichment } = activities();
    const forged = {
      movieId: 1,
      cacheId: 1,
      selections: [
        {
          assetType: 'poster' as const,
          accepted: [{ candidateId: 1, sha256: "x'; DROP TABLE movies; --", phash: null }],
          rejected: [],
          failed: [],
        },
      ],
    };
    expect(await failure(() => env.run(recordEnrichment, forged))).toMatchObject({
      type: 'InvalidActivityInput',
      nonRetryable: true,
    });
  });
});
