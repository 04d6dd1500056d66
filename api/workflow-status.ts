// What the API asks Temporal about a workflow beyond starting it.
import { ActivityFailure, WorkflowNotFoundError, type Client } from '@temporalio/client';

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
