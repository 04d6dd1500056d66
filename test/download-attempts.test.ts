// A download attempt that Temporal gave up on (timed out, or its run was cancelled) must stop
// writing, and never share a file with the attempt that replaces it.
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.js';
import { runTempDir } from '../activities/temp-files.js';
import { useHarness } from './support/harness.js';

const h = useHarness();

// An image host that answers at once and then sends its body a trickle at a time, forever.
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.write(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    const timer = setInterval(() => res.write(Buffer.alloc(512)), 50);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const parts = async (runKey: string) =>
  (await readdir(runTempDir(h.config.cacheDir, runKey)).catch(() => [] as string[])).filter((f) => f.endsWith('.part'));

async function until(check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 10_000; !(await check());) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('download attempts', () => {
  it('write one file each, and a cancelled attempt stops and removes its file', async () => {
    const config = { ...h.config, tmdb: { ...h.config.tmdb, imageUrl: `http://127.0.0.1:${port}/t/p` } };
    const { downloadCandidate } = createActivities({ pool: h.pool, config });
    const input = { runKey: 'attempts-test', candidateId: 7, url: `http://127.0.0.1:${port}/t/p/original/x.jpg` };
    const first = new MockActivityEnvironment({ attempt: 1 });
    const second = new MockActivityEnvironment({ attempt: 2 });
    const runs = [first.run(downloadCandidate, input), second.run(downloadCandidate, input)].map((p) =>
      p.then(
        () => 'finished',
        () => 'stopped',
      ),
    );
    await until(async () => (await parts(input.runKey)).length === 2);
    const files = await parts(input.runKey);
    expect(files.map((f) => f.split('-').slice(0, 2).join('-')).sort()).toEqual(['7-1', '7-2']);

    first.cancel();
    expect(await runs[0]).toBe('stopped');
    await until(async () => (await parts(input.runKey)).length === 1);
    expect((await parts(input.runKey))[0]).toMatch(/^7-2-/);
    second.cancel();
    expect(await runs[1]).toBe('stopped');
    expect(await parts(input.runKey)).toEqual([]);
  });
});
