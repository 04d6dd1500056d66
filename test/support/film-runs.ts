// Registering generated films with files in a library folder, enriching them through the API, and
// what an enrichment left behind in a form two runs can be compared by.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { GENERATED_FIRST_ID } from '../../fake-providers/catalog.js';
import type { App } from './process-stack.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The TMDB ids of generated films `from` … `from + count - 1` (0-based). */
export const generatedFilms = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => GENERATED_FIRST_ID + from + i);

/** Calls the API until it answers (a restart of the API or the database in between is waited out). */
async function callPatiently(app: App, method: string, path: string, body?: unknown) {
  for (const deadline = Date.now() + 180_000; ; await sleep(500)) {
    const res = await app.call(method, path, body);
    if (res && res.status !== 503 && res.status < 500) return res;
    if (Date.now() > deadline)
      throw new Error(`${method} ${path}: ${res ? `${res.status} ${JSON.stringify(res.body)}` : 'unreachable'}`);
  }
}

/** Registers the film with a video file in its own library folder; resolves to its movie id. */
export async function registerFilm(app: App, tmdbId: number): Promise<number> {
  const folder = join(app.config.libraryRoots[0]!, `film-${tmdbId}`);
  await mkdir(folder, { recursive: true });
  const path = join(folder, `film-${tmdbId}.mkv`);
  await writeFile(path, 'not really a film');
  const res = await callPatiently(app, 'POST', '/api/movies', { tmdbId, path });
  if (res.status !== 201 && res.status !== 200) throw new Error(`register ${tmdbId}: ${res.status}`);
  return (res.body as { id: number }).id;
}

/**
 * Asks for an enrichment as a user would, trying again while the API is away; a 409 means an
 * earlier try did start it. Resolves to the workflow id.
 */
export async function requestEnrichment(app: App, movieId: number): Promise<string> {
  const res = await callPatiently(app, 'POST', `/api/movies/${movieId}/enrich`, {});
  if (res.status === 202) return (res.body as { workflowId: string }).workflowId;
  const running = (res.body as { error?: { details?: { workflowId?: string } } }).error?.details?.workflowId;
  if (res.status === 409 && running) return running;
  throw new Error(`enrich ${movieId}: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface ClosedRun {
  workflowId: string;
  status: 'COMPLETED' | 'FAILED';
  result?: any;
  failure?: string;
}

/** Waits until the workflow's latest run has closed, riding out a Temporal restart. */
export async function waitClosed(client: Client, workflowId: string, timeoutMs = 600_000): Promise<ClosedRun> {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(500)) {
    try {
      const result = await client.workflow.getHandle(workflowId).result();
      return { workflowId, status: 'COMPLETED', result };
    } catch (err) {
      if (err instanceof WorkflowFailedError)
        return { workflowId, status: 'FAILED', failure: `${err.cause?.message ?? err.message}` };
      if (Date.now() > deadline) throw new Error(`${workflowId} not closed: ${(err as Error).message}`);
    }
  }
}

/** What an enrichment decided for a film: its recorded fields and each type's selected images. */
export interface FilmOutcome {
  fields: Record<string, unknown>;
  selections: Record<string, string[]>;
}

/** Columns that differ between two databases for the same inputs: ids, times, paths. */
const INCIDENTAL = /^(id|file_path|created_at|updated_at|enriched_at|deleted_at|last_.*|.*_at)$/;

export async function filmOutcome(app: App, movieId: number): Promise<FilmOutcome> {
  const res = await callPatiently(app, 'GET', `/api/movies/${movieId}`);
  const view = res.body as Record<string, unknown> & { selectedAssets: Record<string, { sha256: string }[]> };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view))
    if (!['selectedAssets', 'cast', 'publishedFiles'].includes(k) && !INCIDENTAL.test(k)) fields[k] = v;
  // Published files live under each stack's own library folder and carry their write time: compare name and content.
  const published = (view.publishedFiles ?? []) as { path: string; sha256: string }[];
  fields.publishedFiles = published.map((f) => `${basename(f.path)}:${f.sha256}`);
  fields.cast = (view.cast as { name: string; role?: string }[]).map((c) => `${c.name}/${c.role ?? ''}`);
  const selections: Record<string, string[]> = {};
  for (const [type, assets] of Object.entries(view.selectedAssets)) selections[type] = assets.map((a) => a.sha256);
  return { fields, selections };
}

/** The differences between two outcomes of the same film, empty when they agree. */
export function outcomeDifferences(expected: FilmOutcome, actual: FilmOutcome): string[] {
  const diffs: string[] = [];
  for (const key of new Set([...Object.keys(expected.fields), ...Object.keys(actual.fields)])) {
    const [e, a] = [JSON.stringify(expected.fields[key]), JSON.stringify(actual.fields[key])];
    if (e !== a) diffs.push(`${key}: expected ${e}, got ${a}`);
  }
  for (const type of new Set([...Object.keys(expected.selections), ...Object.keys(actual.selections)])) {
    const [e, a] = [(expected.selections[type] ?? []).join(','), (actual.selections[type] ?? []).join(',')];
    if (e !== a) diffs.push(`${type}: expected [${e}], got [${a}]`);
  }
  return diffs;
}

/** For each run still open: its pending activities with their attempt and last failure, to say where it hangs. */
export async function openRunsReport(client: Client, workflowIds: string[]): Promise<string> {
  const lines: string[] = [];
  for (const workflowId of workflowIds) {
    const described = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch((err: Error) => err);
    if (described instanceof Error) {
      lines.push(`${workflowId}: describe failed: ${described.message}`);
      continue;
    }
    if (described.status.name !== 'RUNNING') continue;
    const pending = (described.raw.pendingActivities ?? []).map(
      (a) =>
        `${a.activityType?.name} attempt ${a.attempt} state ${a.state}` +
        (a.lastFailure?.message ? ` (last failure: ${a.lastFailure.message})` : ''),
    );
    lines.push(
      `${workflowId}: running, ${described.historyLength} events; ${pending.join('; ') || 'no pending activity'}`,
    );
  }
  return lines.join('\n') || 'no run open';
}
