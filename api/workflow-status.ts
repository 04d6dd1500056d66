// What the API asks Temporal about a workflow beyond starting it.
import { ActivityFailure, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import type { EnrichmentProgress } from '../domain/types.js';
import { withHeartbeats } from './heartbeat-progress.js';

/** Whether the workflow with this id has a run still open (none at all counts as not running). */
export async function workflowRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * A closed workflow's failure as a person needs it: the innermost cause's message (where the reason
 * is), prefixed with the activity that failed, if one did.
 */
export function describeFailure(err: Error): { message: string; type: string } {
  let root = err;
  let activity: string | undefined;
  for (let e: unknown = err.cause; e instanceof Error; e = e.cause) {
    if (e instanceof ActivityFailure) activity = e.activityType;
    root = e;
  }
  const type = (root as { type?: string | null }).type ?? root.name;
  return { message: activity ? `${activity}: ${root.message}` : root.message, type };
}

const isEnrichmentProgress = (p: unknown): p is EnrichmentProgress =>
  typeof p === 'object' && p !== null && 'phase' in p && 'types' in p;

// A query needs a worker; with none polling, a running workflow is shown without progress after this.
const PROGRESS_QUERY_DEADLINE_MS = 3000;

export interface WorkflowView {
  workflowId: string;
  runId: string;
  status: string;
  startTime: Date;
  closeTime: Date | null;
  /** While running: what `query` answers (null when no worker answered in time). */
  progress?: unknown;
  /** Once completed: its result. */
  result?: unknown;
  /** Once failed, terminated, cancelled or timed out: why. */
  failure?: { message: string; type: string } | null;
}

/** The workflow's latest run as the API shows it; undefined when there is no such workflow. */
export async function workflowView(
  client: Client,
  workflowId: string,
  query?: QueryDefinition<unknown>,
): Promise<WorkflowView | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  const status = description.status.name;
  const view: WorkflowView = {
    workflowId: description.workflowId,
    runId: description.runId,
    status,
    startTime: description.startTime,
    closeTime: description.closeTime ?? null,
  };
  if (status === 'RUNNING') {
    if (query)
      view.progress = await client
        .withDeadline(Date.now() + PROGRESS_QUERY_DEADLINE_MS, async () => {
          const progress = await handle.query(query);
          return isEnrichmentProgress(progress)
            ? withHeartbeats(client, progress, () => Promise.resolve(description))
            : progress;
        })
        .catch(() => null);
  } else if (status === 'COMPLETED') view.result = await handle.result();
  else view.failure = await handle.result().then(() => null, describeFailure);
  return view;
}
