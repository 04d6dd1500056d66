// Where a workflow run's time went, from its history: how long its activity and workflow tasks
// waited to be picked up (the part task priority orders) and how long they ran.
import type { Client, WorkflowHandle } from '@temporalio/client';

type Event = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
const at = (e: Event) => Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);

export async function runTimings(client: Client, workflowId: string): Promise<string> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const scheduled = new Map<string, number>();
  const started = new Map<string, number>();
  let activities = 0;
  let activityWait = 0;
  let activityRun = 0;
  let taskScheduled = 0;
  let taskStarted = 0;
  let taskWait = 0;
  let taskRun = 0;
  for (const e of events) {
    if (e.activityTaskScheduledEventAttributes) scheduled.set(String(e.eventId), at(e));
    const start = e.activityTaskStartedEventAttributes;
    if (start) {
      activities++;
      activityWait += at(e) - scheduled.get(String(start.scheduledEventId))!;
      started.set(String(start.scheduledEventId), at(e));
    }
    const done = e.activityTaskCompletedEventAttributes;
    if (done) activityRun += at(e) - started.get(String(done.scheduledEventId))!;
    if (e.workflowTaskScheduledEventAttributes) taskScheduled = at(e);
    if (e.workflowTaskStartedEventAttributes) {
      taskStarted = at(e);
      taskWait += taskStarted - taskScheduled;
    }
    if (e.workflowTaskCompletedEventAttributes) taskRun += at(e) - taskStarted;
  }
  const total = events.length ? at(events.at(-1)!) - at(events[0]!) : 0;
  return (
    `${total} ms; ${activities} activities waited ${activityWait} ms and ran ${activityRun} ms in all; ` +
    `workflow tasks waited ${taskWait} ms and ran ${taskRun} ms`
  );
}
