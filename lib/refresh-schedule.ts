// The scheduled refresh: a Temporal Schedule that runs a batch over stale, incomplete and failed
// movies every refresh interval (the stored setting, or REFRESH_INTERVAL). Made to match it at every
// worker start and every change through the API: created once, updated when the interval changes,
// removed when it is 0.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { EnrichBatchInput } from '../domain/batch.js';
import { refreshScheduleId } from '../domain/workflow-ids.js';
import type { Config } from './config.js';
import { enrichBatch } from '../workflows/index.js';

export type ScheduleChange = 'created' | 'updated' | 'removed' | 'none';

export async function ensureRefreshSchedule(client: Client, config: Config): Promise<ScheduleChange> {
  const scheduleId = refreshScheduleId(config.temporal.taskQueue);
  const handle = client.schedule.getHandle(scheduleId);
  if (config.refreshIntervalMs === 0) {
    try {
      await handle.delete();
      return 'removed';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'none';
      throw err;
    }
  }
  const spec = { intervals: [{ every: config.refreshIntervalMs }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: enrichBatch,
    workflowId: scheduleId,
    taskQueue: config.temporal.taskQueue,
    args: [{ selection: { kind: 'stale' }, trigger: 'schedule', window: config.batchWindow }] as [EnrichBatchInput],
    staticSummary: 'scheduled refresh: stale, incomplete and failed movies · schedule',
  };
  // A refresh still going when the next is due: the next is skipped, never stacked.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  // Several workers start at once: each writes the same schedule, so the last write is the same.
  await handle.update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, ...policies } }));
  return 'updated';
}
