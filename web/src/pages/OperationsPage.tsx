// Operations: failed enrichments with their reason and a retry (one or all), the bulk run with
// its progress and cancel, the latest webhook events, and the settings.
import { Link } from 'react-router';
import {
  useBulkActions,
  useBulkRuns,
  useFailedRuns,
  useRetry,
  useRunView,
  useWebhookEvents,
  type BulkRun,
} from '../api/operations';
import type { RunItem } from '../api/runs';
import { ErrorNote } from '../components/ErrorNote';
import { SettingsForm } from '../components/SettingsForm';
import { ScrollingTable } from '../components/ScrollingTable';
import { TemporalLink } from '../components/TemporalLink';

export function OperationsPage() {
  return (
    <>
      <h1>Operations</h1>
      <FailedRuns />
      <BulkRuns />
      <WebhookEvents />
      <SettingsForm />
    </>
  );
}

function FailedRuns() {
  const failed = useFailedRuns();
  const retry = useRetry();
  const items = failed.data ?? [];
  return (
    <section className="card ops-section" aria-labelledby="failed-heading">
      <div className="section-heading">
        <h2 id="failed-heading">Failed enrichments</h2>
        <button
          type="button"
          onClick={() => retry.mutate(items.map((i) => i.workflowId))}
          disabled={items.length === 0 || retry.isPending}
        >
          Retry all ({items.length})
        </button>
      </div>
      <ErrorNote error={failed.error ?? retry.error} action="Failed enrichments" />
      {retry.data && (
        <p role="status">
          {retry.data.retried.length} retried
          {retry.data.refused.length > 0 &&
            `; refused: ${retry.data.refused.map((r) => `${r.workflowId} (${r.reason})`).join('; ')}`}
        </p>
      )}
      {failed.isSuccess && items.length === 0 ? (
        <p className="muted">No failed enrichment.</p>
      ) : (
        <ul className="failed-list">
          {items.map((item) => (
            <FailedRun
              key={item.runId}
              item={item}
              onRetry={() => retry.mutate([item.workflowId])}
              busy={retry.isPending}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function FailedRun({ item, onRetry, busy }: { item: RunItem; onRetry(): void; busy: boolean }) {
  const view = useRunView(item.workflowId);
  return (
    <li className="failed-run">
      <div>
        <Link to={`/movies/${item.movieId}`}>Movie {item.movieId}</Link>{' '}
        <span className="muted small">
          {item.trigger} · {item.closeTime ? new Date(item.closeTime).toLocaleString() : ''} ·{' '}
          {item.status.toLowerCase()}
        </span>
      </div>
      <p className="failure-reason">
        {view.data?.failure?.message ?? (view.isPending ? 'Loading the reason…' : 'No reason recorded')}
      </p>
      <div className="toolbar">
        <button type="button" onClick={onRetry} disabled={busy} aria-label={`Retry movie ${item.movieId}`}>
          Retry
        </button>
        <TemporalLink run={item}>In Temporal</TemporalLink>
      </div>
    </li>
  );
}

interface BatchProgress {
  state?: string;
  total?: number;
  done?: number;
  failed?: number;
  awaitingReview?: number;
  skipped?: number;
  running?: number;
  remaining?: number;
}

function BulkRuns() {
  const bulk = useBulkRuns();
  const { start, cancel } = useBulkActions();
  const runs = bulk.data?.runs ?? [];
  const running = runs.find((r) => r.status === 'RUNNING');
  return (
    <section className="card ops-section" aria-labelledby="bulk-heading">
      <div className="section-heading">
        <h2 id="bulk-heading">Bulk enrichment</h2>
        <div className="toolbar">
          <button
            type="button"
            className="secondary"
            onClick={() => start.mutate({})}
            disabled={Boolean(running) || start.isPending}
          >
            Enrich every movie
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => start.mutate({ status: 'failed' })}
            disabled={Boolean(running) || start.isPending}
          >
            Enrich the failed ones
          </button>
        </div>
      </div>
      <ErrorNote error={bulk.error ?? start.error ?? cancel.error} action="Bulk enrichment" />
      {runs.length === 0 && bulk.isSuccess && <p className="muted">No bulk run yet.</p>}
      <ul className="bulk-list">
        {runs.map((run) => (
          <BulkItem key={run.id} run={run} onCancel={() => cancel.mutate(run.id)} cancelling={cancel.isPending} />
        ))}
      </ul>
    </section>
  );
}

function BulkItem({ run, onCancel, cancelling }: { run: BulkRun; onCancel(): void; cancelling: boolean }) {
  const p = (run.progress ??
    (run.result as { counts?: BatchProgress } | undefined)?.counts ??
    run.result ??
    {}) as BatchProgress;
  const total = p.total ?? 0;
  const finished = (p.done ?? 0) + (p.failed ?? 0) + (p.skipped ?? 0) + (p.awaitingReview ?? 0);
  const isRunning = run.status === 'RUNNING';
  return (
    <li>
      <div>
        <strong>Bulk run {run.id}</strong>{' '}
        <span className="muted small">
          {run.status.toLowerCase()}
          {p.state ? ` (${p.state})` : ''} · started {new Date(run.startTime).toLocaleString()}
        </span>
      </div>
      {total > 0 && (
        <>
          <progress max={total} value={finished} aria-label={`Bulk run ${run.id} progress`}>
            {finished} of {total}
          </progress>
          <p className="small">
            {finished} of {total}: {p.done ?? 0} done, {p.awaitingReview ?? 0} awaiting review, {p.failed ?? 0} failed,{' '}
            {p.skipped ?? 0} skipped{isRunning && p.running !== undefined ? `, ${p.running} running` : ''}
          </p>
        </>
      )}
      <div className="toolbar">
        {isRunning && (
          <button type="button" className="danger" onClick={onCancel} disabled={cancelling}>
            Cancel
          </button>
        )}
        <TemporalLink run={run}>In Temporal</TemporalLink>
      </div>
    </li>
  );
}

function WebhookEvents() {
  const events = useWebhookEvents();
  const list = events.data?.events ?? [];
  return (
    <section className="card ops-section" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhook events</h2>
      <p className="muted small">
        Radarr and Sonarr send them to <code>/api/webhooks/radarr</code> and <code>/api/webhooks/sonarr</code> (Settings
        → Connect → Webhook, with the API key as <code>?apikey=</code>).
      </p>
      <ErrorNote error={events.error} action="Cannot list the webhook events" />
      {events.isSuccess && list.length === 0 ? (
        <p className="muted">None received yet.</p>
      ) : (
        <ScrollingTable label="The latest webhook events">
          <table>
            <caption className="visually-hidden">The latest webhook events</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.id}>
                  <td>{new Date(e.receivedAt).toLocaleString()}</td>
                  <td>{e.source}</td>
                  <td>{e.eventType ?? '—'}</td>
                  <td>
                    {e.outcome.replace(/_/g, ' ')}
                    {e.error && <span className="error"> {e.error}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
      {events.data && events.data.total > list.length && (
        <p className="muted small">
          {list.length} of {events.data.total} shown.
        </p>
      )}
    </section>
  );
}
