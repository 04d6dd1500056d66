// A run's page in the Temporal Web UI: shown only when the API knows where that UI is.
import type { ReactNode } from 'react';
import { useSession } from '../api/session';

export function TemporalLink({ run, children }: { run: { workflowId: string; runId: string }; children: ReactNode }) {
  const ui = useSession().info.temporalUi;
  if (!ui) return null;
  const base = ui.url.replace(/\/$/, '');
  const href = `${base}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(run.workflowId)}/${encodeURIComponent(run.runId)}/history`;
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {children}
    </a>
  );
}
