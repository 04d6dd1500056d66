// `--follow`: an enrichment's live progress from its event stream, to its end. In a terminal, a
// progress bar per asset type redrawn in place; with --json, one event per line; otherwise a line
// per phase, provider and end.
import { isEndEvent, progressEventSchema, type ProgressEvent } from '../../domain/progress-events.js';
import type { EnrichmentProgress, TypeCounters } from '../../domain/types.js';
import { CliError, EXIT, errorMessage, type ApiClient, type ExitCode } from './client.js';
import { readSse } from './sse.js';

/** A dropped stream is resumed with Last-Event-ID this many times in a row before giving up. */
const RECONNECTS = 5;
const BAR_WIDTH = 24;

type Progress = Pick<EnrichmentProgress, 'phase' | 'providers' | 'types'>;

/** How far one asset type's walk is: its accepted picks against its limit, or its candidates tried. */
function fraction(c: TypeCounters, walkDone: boolean): number {
  if (walkDone || c.candidates === 0 || c.limit === 0) return 1;
  const tried = c.downloaded + c.reused + c.failed;
  return Math.min(1, Math.max(c.accepted / c.limit, tried / c.candidates));
}

const PAST_DOWNLOADS = ['cache', 'record', 'awaiting_review', 'publish', 'complete'];

/** The lines a terminal shows for the run's state. */
export function progressLines(workflowId: string, p: Progress, note: string): string[] {
  const providers = Object.entries(p.providers)
    .map(([name, r]) => `${name} ${r.status}`)
    .join(' · ');
  const walkDone = PAST_DOWNLOADS.includes(p.phase);
  const types = Object.entries(p.types).map(([type, c]) => {
    const filled = Math.round(fraction(c, walkDone) * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    return (
      `  ${type.padEnd(10)} ${bar} ${String(c.accepted).padStart(2)}/${c.limit} picked` +
      `  (${c.downloaded} downloaded, ${c.reused} reused, ${c.duplicates} duplicate, ${c.failed} failed, of ${c.candidates})`
    );
  });
  return [`${workflowId}  ${p.phase}${note ? `  ${note}` : ''}`, `  ${providers}`, ...types];
}

/** Writes lines over the ones written before (a terminal). */
class Screen {
  private shown = 0;
  draw(lines: string[]): void {
    const up = this.shown > 0 ? `\x1b[${this.shown}A` : '';
    process.stdout.write(up + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    this.shown = lines.length;
  }
}

function endLine(e: ProgressEvent): string {
  if (e.type === 'failed') return `failed (${e.status}): ${e.reason}`;
  if (e.type !== 'done') return '';
  const parts = [e.outcome];
  if (e.completenessPct !== null) parts.push(`completeness ${e.completenessPct}%`);
  if (e.publish) parts.push(`publish ${e.publish}`);
  if (e.message) parts.push(e.message);
  return `done: ${parts.join(', ')}`;
}

/** A line for the plain (not a terminal, not JSON) output; undefined for events it leaves out. */
function plainLine(e: ProgressEvent): string | undefined {
  switch (e.type) {
    case 'snapshot':
      return `${e.workflowId}: ${e.status.toLowerCase()}${e.progress ? `, phase ${e.progress.phase}` : ''}`;
    case 'phase':
      return `phase ${e.phase}`;
    case 'provider':
      return `provider ${e.provider}: ${e.report.status}${e.report.reason ? ` (${e.report.reason})` : ''}`;
    case 'awaiting_review':
      return `awaiting review${e.deadline ? ` until ${e.deadline}` : ''}: enrich review ${e.movieId} approve|reject`;
    case 'waiting':
      return e.waiting ? `waiting: ${e.waiting.message}` : 'no longer waiting';
    case 'done':
    case 'failed':
      return endLine(e);
    case 'counters':
      return undefined;
  }
}

/**
 * Follows the run to its end event: exit code 0 when it completed, 1 when it failed. With `runId`
 * (the run the CLI started) that run only: events of another run of the workflow are passed over.
 */
export async function follow(
  api: ApiClient,
  workflowId: string,
  runId: string | undefined,
  mode: 'tty' | 'json' | 'plain',
): Promise<ExitCode> {
  const screen = new Screen();
  const state: Progress = { phase: 'scrape', providers: {}, types: {} };
  let lastId: string | undefined;
  let note = '';
  for (let attempt = 0; attempt <= RECONNECTS; attempt++) {
    const query = runId ? `?runId=${encodeURIComponent(runId)}` : '';
    const res = await api.send('GET', `/api/enrichments/${encodeURIComponent(workflowId)}/events${query}`, {
      headers: lastId ? { 'last-event-id': lastId } : {},
    });
    // The end event was the last one received: the run is over and we have said so.
    if (res.status === 204) return EXIT.ok;
    if (res.status !== 200 || !res.body)
      throw new CliError(errorMessage(await res.json().catch(() => null), res.status), EXIT.failed);
    try {
      for await (const message of readSse(res.body)) {
        attempt = 0;
        const event = progressEventSchema.parse(JSON.parse(message.data));
        if (runId && event.runId !== runId) continue;
        lastId = message.id ?? lastId;
        if (mode === 'json') console.log(JSON.stringify(event));
        else if (mode === 'plain') {
          const line = plainLine(event);
          if (line) console.log(line);
        } else {
          if (event.type === 'snapshot' && event.progress) Object.assign(state, event.progress);
          if (event.type === 'phase') state.phase = event.phase;
          if (event.type === 'counters') state.types[event.assetType] = event.counters;
          if (event.type === 'provider') state.providers[event.provider] = event.report;
          if (event.type === 'done')
            Object.assign(state, { phase: 'complete', types: event.types, providers: event.providers });
          if (event.type === 'awaiting_review') note = `awaiting review: enrich review ${event.movieId} approve|reject`;
          else if (event.type === 'phase') note = '';
          if (event.type === 'waiting') note = event.waiting?.message ?? '';
          screen.draw(progressLines(workflowId, state, note));
          if (isEndEvent(event)) console.log(endLine(event));
        }
        if (isEndEvent(event)) return event.type === 'done' ? EXIT.ok : EXIT.failed;
      }
    } catch (err) {
      // A dropped connection is resumed below; anything else is a bug worth its message.
      if (!(err instanceof TypeError)) throw err;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new CliError(`lost the event stream of ${workflowId}`, EXIT.unreachable);
}
