import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it, inject } from 'vitest';

// Histories recorded from real runs (UPDATE_HISTORIES=1 npm test). Replaying them against the
// current workflow code fails when a change is not deterministic for workflows already running.
const dir = join(import.meta.dirname, 'histories');

async function replay(histories: { workflowId: string; history: unknown }[]) {
  const results = [];
  const parsed = histories.map((h) => ({ workflowId: h.workflowId, history: historyFromJSON(h.history) }));
  for await (const r of Worker.runReplayHistories(
    { workflowBundle: { codePath: inject('workflowBundlePath') } },
    parsed,
  ))
    results.push({ id: r.workflowId, error: r.error ? `${r.error.name}: ${r.error.message}` : null });
  return results;
}

describe('workflow replay', () => {
  it('replays every committed history without non-determinism', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const histories = await Promise.all(
      files.map(async (f) => ({ workflowId: f, history: JSON.parse(await readFile(join(dir, f), 'utf8')) })),
    );
    expect(await replay(histories)).toEqual(files.map((f) => ({ id: f, error: null })));
  });

  it('fails when the recorded activity order no longer matches the code', async () => {
    // The history as it would look had the workflow once called its first two activities in the
    // other order: replaying today's code against it must be reported as non-determinism.
    const history = JSON.parse(await readFile(join(dir, 'enrich-movie.json'), 'utf8'));
    const scheduled = history.events.filter((e: any) => e.activityTaskScheduledEventAttributes);
    const [a, b] = scheduled.map((e: any) => e.activityTaskScheduledEventAttributes.activityType);
    [a.name, b.name] = [b.name, a.name];
    const [result] = await replay([{ workflowId: 'swapped', history }]);
    expect(result!.error).toMatch(/DeterminismViolationError|[Nn]ondetermin/);
  });
});
