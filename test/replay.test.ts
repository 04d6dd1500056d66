import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it, inject } from 'vitest';

// Histories recorded from real runs (UPDATE_HISTORIES=1 npm test). Replaying them against the
// current workflow code fails when a change is not deterministic for workflows already running.
const dir = join(import.meta.dirname, 'histories');

describe('workflow replay', () => {
  it('replays every committed history without non-determinism', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const histories = await Promise.all(
      files.map(async (f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(await readFile(join(dir, f), 'utf8'))) })),
    );
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories))
      results.push({ id: r.workflowId, error: r.error?.message ?? null });
    expect(results).toEqual(files.map((f) => ({ id: f, error: null })));
  });
});
