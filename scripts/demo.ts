// Demo data for `npm start` in demo mode: register the fake providers' films (by TMDB id, by IMDb
// id, and by title + year, to show each identification path), each with a placeholder video file
// in a demo library folder, and enrich each once; the enrichments then await the user's review.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnrichmentProgress, EnrichmentResult } from '../domain/types.js';
import { demoMovies } from '../fake-providers/catalog.js';

type Registration = ({ tmdbId: number } | { imdbId: string } | { title: string; year: number }) & { path: string };

/** `{library}/Alien (1979)/Alien (1979).mkv`, as Radarr names them; the (empty) video files are created. */
async function registrations(library: string): Promise<Registration[]> {
  return Promise.all(
    demoMovies.map(async (m, i): Promise<Registration> => {
      const d = m.details;
      const name = `${d.title.replace(/[<>:"/\\|?*]/g, '')} (${d.release_date.slice(0, 4)})`;
      await mkdir(join(library, name), { recursive: true });
      const path = join(library, name, `${name}.mkv`);
      await writeFile(path, '', { flag: 'a' });
      if (i === 1 && d.imdb_id) return { imdbId: d.imdb_id, path };
      if (i === 2) return { title: d.title, year: Number(d.release_date.slice(0, 4)), path };
      return { tmdbId: d.id, path };
    }),
  );
}

/** The parts of our own API's answers the demo reads. */
interface ApiAnswer {
  id?: number;
  title?: string;
  enriched_at?: string | null;
  workflowId?: string;
  status?: string;
  failure?: { message: string };
  progress?: EnrichmentProgress | null;
  result?: Pick<EnrichmentResult, 'status' | 'completenessPct' | 'types'>;
}

/** `poster 3, fanart 4, clearlogo 1 (3 duplicates skipped)`: what each type kept. */
function artworkSummary(types: EnrichmentResult['types']): string {
  const kept = Object.entries(types).filter(([, c]) => c.accepted > 0);
  const duplicates = Object.values(types).reduce((n, c) => n + c.duplicates, 0);
  return `${kept.map(([t, c]) => `${t} ${c.accepted}`).join(', ') || 'none'} (${duplicates} duplicates skipped)`;
}

async function api(
  base: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: ApiAnswer }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as ApiAnswer };
}

export async function runDemo(
  base: string,
  apiKey: string,
  library: string,
  log: (line: string) => void,
  /** How the printed `curl` gets the key: the environment variable, or the file it is kept in. */
  apiKeyShell: string,
): Promise<void> {
  const started: string[] = [];
  let firstId: number | undefined;
  for (const reg of await registrations(library)) {
    const { status, json: movie } = await api(base, apiKey, 'POST', '/api/movies', reg);
    if (status !== 200 && status !== 201) {
      log(`could not register ${JSON.stringify(reg)}: ${status} ${JSON.stringify(movie)}`);
      continue;
    }
    if (movie.enriched_at) continue; // enriched on an earlier start: once is enough
    firstId ??= movie.id;
    const run = await api(base, apiKey, 'POST', `/api/movies/${movie.id}/enrich`);
    if (run.status === 202 && run.json.workflowId) started.push(run.json.workflowId);
    else if (run.status !== 409) log(`could not enrich movie ${movie.id}: ${run.status} ${JSON.stringify(run.json)}`);
  }
  if (started.length === 0) {
    log(`${demoMovies.length} demo movies already enriched: see /api/movies?apikey=… and the Temporal Web UI`);
    return;
  }
  log(`enriching ${started.length} demo movies…`);
  for (const workflowId of started) {
    for (;;) {
      const { json } = await api(base, apiKey, 'GET', `/api/enrichments/${workflowId}`);
      if (json.status === 'RUNNING' && json.progress?.phase === 'awaiting_review') {
        log(`${workflowId}: enriched, artwork ${artworkSummary(json.progress.types)}; awaiting review`);
        break;
      }
      if (json.status === 'RUNNING') {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const r = json.result;
      log(
        r
          ? `${workflowId}: ${r.status}, artwork ${artworkSummary(r.types)}, completeness ${r.completenessPct ?? '–'}%`
          : `${workflowId}: ${json.status} ${json.failure?.message ?? ''}`,
      );
      break;
    }
  }
  log('demo done: http://localhost:8233 lists the workflows, /api/movies?apikey=… the movies');
  log(
    `approve one to publish its NFO and artwork into ${library}: ` +
      `curl -X POST ${base}/api/movies/${firstId ?? '{id}'}/review -H "X-Api-Key: ${apiKeyShell}" ` +
      `-H 'content-type: application/json' -d '{"decision":"approve"}'`,
  );
}
