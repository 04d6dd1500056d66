// Links into the Temporal Web UI, when the API knows where it is.
import type { SessionInfo } from './session';

/** The run's page in the Temporal Web UI, or null when no UI address is configured. */
export function temporalRunUrl(ui: SessionInfo['temporalUi'], workflowId: string, runId: string): string | null {
  if (!ui) return null;
  const base = ui.url.replace(/\/$/, '');
  return `${base}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}
