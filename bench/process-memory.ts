// What the memory benchmarks read of a worker process: its RSS now and its peak (VmHWM), from
// /proc, and the wait for it to poll its task queue (so its start is not part of the figures).
import { readFile } from 'node:fs/promises';
import type { Client } from '@temporalio/client';

export const mb = (kb: number) => Math.round(kb / 1024);

export async function memory(pid: number): Promise<{ rssKb: number; peakKb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/** Resolves once a worker polls `taskQueue`'s workflow tasks. */
export async function pollerOn(client: Client, taskQueue: string): Promise<void> {
  for (;;) {
    const res = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: 1,
    });
    if ((res.pollers ?? []).length > 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
