// A run's live progress from its own event stream: the phases ticked off as they pass, the
// counters per artwork type, how each provider fared, and the trailer's download.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useProgressEvents, type ProgressEvent } from '../api/events';
import { applyEvent, emptyProgress, PHASE_LABELS, PHASES, type LiveProgress, type TrailerState } from '../api/progress';
import { invalidateRunViews } from '../api/runs';
import { ScrollingTable } from './ScrollingTable';

export function ProgressView({ workflowId, runId }: { workflowId: string; runId: string }) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<LiveProgress>(() => emptyProgress(workflowId, runId));
  const onEvent = useCallback(
    (event: ProgressEvent) => {
      if (event.runId !== runId) return;
      setProgress((p) => applyEvent(p, event));
      if (event.type === 'done' || event.type === 'failed' || event.type === 'awaiting_review')
        invalidateRunViews(queryClient);
    },
    [runId, queryClient],
  );
  const path = `/api/enrichments/${encodeURIComponent(workflowId)}/events?${new URLSearchParams({ runId })}`;
  useProgressEvents(path, onEvent);

  const current = progress.phase;
  return (
    <section className="card progress-view" aria-label="Enrichment progress">
      <ol className="phases">
        {PHASES.map((phase) => {
          const state =
            phase === current && !progress.ended ? 'current' : progress.seen.includes(phase) ? 'done' : 'pending';
          return (
            <li key={phase} className={`phase ${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="phase-mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'current' ? '●' : '○'}
              </span>
              {PHASE_LABELS[phase]}
              <span className="visually-hidden">
                {state === 'done' ? ' (done)' : state === 'current' ? ' (in progress)' : ''}
              </span>
            </li>
          );
        })}
      </ol>
      <p role="status" className="progress-status">
        {progress.ended
          ? `${progress.ended.failed ? 'Failed' : 'Finished'}: ${progress.ended.outcome}${progress.ended.message ? ` (${progress.ended.message})` : ''}`
          : progress.waiting
            ? `Waiting for the ${progress.waiting.resource}: ${progress.waiting.message}`
            : current === 'awaiting_review'
              ? `Awaiting your review${progress.reviewDeadline ? ` until ${new Date(progress.reviewDeadline).toLocaleString()}` : ''}`
              : current
                ? `${PHASE_LABELS[current]}…`
                : 'Starting…'}
      </p>
      {progress.trailer && <p className="progress-trailer">Trailer: {trailerText(progress.trailer)}</p>}
      {Object.keys(progress.providers).length > 0 && (
        <ul className="providers" aria-label="Providers">
          {Object.entries(progress.providers).map(([name, report]) => (
            <li key={name}>
              <strong>{name}</strong>{' '}
              <span className={`badge ${report?.status === 'ok' ? 'ok' : report?.status === 'pending' ? '' : 'warn'}`}>
                {report?.status.replace('_', ' ')}
              </span>
              {report?.reason && <span className="muted"> {report.reason}</span>}
            </li>
          ))}
        </ul>
      )}
      {Object.keys(progress.types).length > 0 && (
        <ScrollingTable label="Artwork per type">
          <table className="counters">
            <caption className="visually-hidden">Artwork per type</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Kept</th>
                <th scope="col">Candidates</th>
                <th scope="col">Downloaded</th>
                <th scope="col">Reused</th>
                <th scope="col">Duplicates</th>
                <th scope="col">Failed</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(progress.types).map(([type, c]) =>
                c ? (
                  <tr key={type}>
                    <th scope="row">{type}</th>
                    <td>
                      {c.accepted} / {c.limit}
                    </td>
                    <td>{c.candidates}</td>
                    <td>{c.downloaded}</td>
                    <td>{c.reused}</td>
                    <td>{c.duplicates}</td>
                    <td>{c.failed}</td>
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </section>
  );
}

const MiB = 1024 * 1024;

/** The trailer step in words: what it does now, with the download's share and size while it runs. */
function trailerText(t: TrailerState): string {
  if (t.status === 'downloading' && t.download) {
    const done = `${(t.download.downloadedBytes / MiB).toFixed(0)} MiB`;
    const total = t.download.totalBytes ? ` of ${(t.download.totalBytes / MiB).toFixed(0)} MiB` : '';
    const eta = t.download.etaSeconds !== null ? `, ${t.download.etaSeconds} s left` : '';
    return `downloading, ${t.download.percent !== null ? `${t.download.percent}% (${done}${total}${eta})` : done}`;
  }
  return t.error ? `${t.status}: ${t.error}` : t.status;
}
