// Which errors are our infrastructure being away (waited out) and which are an item's own
// (counted against it): the classifier every activity's errors pass through, against a real
// database, a dead one, a writable cache folder and one that cannot be written.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unavailableResource } from '../activities/infrastructure.js';
import { createPool, type Pool } from '../db/pool.js';
import { FailureType } from '../domain/failures.js';
import { useHarness } from './support/harness.js';

const h = useHarness();
let dead: Pool;
let notAFolder: string;
const errno = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${code}: simulated`), { code, ...extra });

beforeAll(async () => {
  dead = createPool('postgres://nobody:x@127.0.0.1:1/nothing', 1);
  // A cache "folder" that is a file: every write into it fails, as on a volume that is gone.
  notAFolder = join(await mkdtemp(join(tmpdir(), 'infra-')), 'cache');
  await writeFile(notAFolder, '');
});
afterAll(() => dead.end());

describe('the infrastructure classifier', () => {
  const healthy = () => ({ pool: h.pool, cacheDir: h.config.cacheDir });

  it("leaves an item's own failures alone while the database and the cache are fine", async () => {
    const own = [
      ApplicationFailure.retryable('GET … answered HTTP 503', FailureType.DownloadFailed),
      ApplicationFailure.nonRetryable('TMDB said 401', FailureType.ProviderAuth),
      ApplicationFailure.nonRetryable('temp file gone', FailureType.TempFileMissing),
      new Error('Input buffer contains unsupported image format'),
      errno('ENOSPC', { syscall: 'write' }),
      errno('EIO', { path: '/media/Movies/Alien (1979)/poster.jpg' }),
    ];
    for (const err of own) expect(await unavailableResource(err, healthy()), String(err)).toBeNull();
  });

  it('names the database when it refuses, drops or ends connections', async () => {
    for (const err of [
      errno('57P01'),
      errno('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ])
      expect(await unavailableResource(err, healthy()), String(err)).toBe('database');
    // A bare socket error says nobody's name: a probe of the database decides.
    const refused = errno('ECONNREFUSED', { syscall: 'connect' });
    expect(await unavailableResource(refused, healthy())).toBeNull();
    expect(await unavailableResource(refused, { pool: dead, cacheDir: h.config.cacheDir })).toBe('database');
  });

  it('names the cache volume when its files fail, or a write into it fails', async () => {
    expect(await unavailableResource(errno('EIO', { path: join(h.config.cacheDir, 'x.part') }), healthy())).toBe(
      'cache volume',
    );
    const broken = { pool: h.pool, cacheDir: notAFolder };
    expect(await unavailableResource(errno('ENOSPC', { syscall: 'write' }), broken)).toBe('cache volume');
    expect(
      await unavailableResource(ApplicationFailure.nonRetryable('temp file gone', FailureType.TempFileMissing), broken),
    ).toBe('cache volume');
    expect(await unavailableResource(new Error('something odd'), broken)).toBe('cache volume');
  });
});
