// The `enrich` commands that talk to the HTTP API. Each prints for people, or with --json the API's
// answer as it came (`--follow --json`: one event per line), and returns its exit code.
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiClient, CliError, EXIT, errorMessage, resolveConnection, type ExitCode } from './client.js';
import { follow } from './follow.js';
import type { EnrichmentListItem } from '../../api/workflow-list.js';

export const API_USAGE = `\
       enrich add <path> | --tmdb ID | --imdb ID | --title T --year Y
       enrich enrich <movie> [--force] [--follow]
       enrich status [<movie>]
       enrich failed
       enrich retry <workflowId> | --all-failed
       enrich review <movie> approve|reject
       enrich search <movie> <query>
       enrich identify <movie> <tmdbId> [--follow]

  <movie> is a movie id. Options for every API command:
    --api URL       the API (default: ENRICH_API, else http://127.0.0.1:<PORT>)
    --api-key KEY   its key (default: API_KEY, else the key in the data folder)
    --json          machine-readable output: the API's JSON; with --follow one event per line
  Exit codes: 0 ok; 1 the operation failed (an API error, a failed enrichment);
              2 usage error; 3 the API cannot be reached or refused the key.`;

const common = {
  api: { type: 'string' },
  'api-key': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses one command's arguments; anything it does not take is a usage error. */
function parse<O extends Options>(args: string[], options: O, positionals: [number, number]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
  const n = parsed.positionals.length;
  if (n < positionals[0] || n > positionals[1]) throw new CliError('wrong number of arguments', EXIT.usage);
  return parsed;
}

function movieId(arg: string | undefined): number {
  if (!arg || !/^[1-9]\d{0,9}$/.test(arg)) throw new CliError(`not a movie id: ${arg}`, EXIT.usage);
  return Number(arg);
}

async function connect(values: { api?: unknown; 'api-key'?: unknown }): Promise<ApiClient> {
  return new ApiClient(
    await resolveConnection({ api: values.api as string | undefined, apiKey: values['api-key'] as string | undefined }),
  );
}

const print = (json: boolean | undefined, body: unknown, human: () => string) =>
  console.log(json ? JSON.stringify(body, null, 2) : human());

const followMode = (json: boolean | undefined) => (json ? 'json' : process.stdout.isTTY ? 'tty' : 'plain');

type Movie = { id: number; title: string | null; year: number | null };
/** What GET /api/movies/:id answers, as far as `status` shows it. */
type MovieView = Movie & {
  tmdb_id?: number | null;
  identification_status?: string;
  completeness?: { pct?: number | null; class?: string };
  selectedAssets?: Record<string, unknown[]>;
};
const filmName = (m: Movie) => `${m.title ?? '(untitled)'}${m.year ? ` (${m.year})` : ''}`;

async function add(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(
    args,
    { tmdb: { type: 'string' }, imdb: { type: 'string' }, title: { type: 'string' }, year: { type: 'string' } },
    [0, 1],
  );
  const body: Record<string, unknown> = {};
  if (positionals[0] !== undefined) body.path = resolve(positionals[0]);
  if (values.tmdb !== undefined) body.tmdbId = Number(values.tmdb);
  if (values.imdb !== undefined) body.imdbId = values.imdb;
  if (values.title !== undefined) body.title = values.title;
  if (values.year !== undefined) body.year = Number(values.year);
  if (Object.keys(body).length === 0)
    throw new CliError('give a path, --tmdb, --imdb, or --title and --year', EXIT.usage);
  const api = await connect(values);
  const answer = await api.call('POST', '/api/movies', body);
  if (answer.status >= 300) throw new CliError(errorMessage(answer.body, answer.status), EXIT.failed);
  const movie = answer.body as Movie;
  print(
    values.json,
    movie,
    () => `movie ${movie.id}: ${filmName(movie)}${answer.status === 200 ? ' (already registered)' : ''}`,
  );
  return EXIT.ok;
}

async function enrich(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, { force: { type: 'boolean' }, follow: { type: 'boolean' } }, [1, 1]);
  const id = movieId(positionals[0]);
  const api = await connect(values);
  const answer = await api.call('POST', `/api/movies/${id}/enrich`, values.force ? { force: true } : undefined);
  const running = (answer.body as { error?: { details?: { workflowId?: string } } })?.error?.details?.workflowId;
  if (answer.status === 409 && running && values.follow) {
    // Already running: following that run is what the user wants to see.
    console.error(`enrich: ${errorMessage(answer.body, 409)}; following it`);
    return follow(api, running, undefined, followMode(values.json));
  }
  if (answer.status >= 300) throw new CliError(errorMessage(answer.body, answer.status), EXIT.failed);
  const started = answer.body as { workflowId: string; runId: string };
  if (values.follow) return follow(api, started.workflowId, started.runId, followMode(values.json));
  print(values.json, started, () => `started ${started.workflowId} (run ${started.runId})`);
  return EXIT.ok;
}

const runLine = (r: EnrichmentListItem) =>
  `${r.workflowId.padEnd(24)} ${(r.enrichmentStatus ?? r.status.toLowerCase()).padEnd(20)} ${(r.trigger ?? '').padEnd(8)} ${r.closeTime ?? r.startTime}`;

/** Every page of an enrichment list. */
async function listRuns(api: ApiClient, query: string): Promise<EnrichmentListItem[]> {
  const items: EnrichmentListItem[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await api.ok<{ items: EnrichmentListItem[]; nextCursor?: string | null }>(
      'GET',
      `/api/enrichments?${query}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function status(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, {}, [0, 1]);
  const api = await connect(values);
  if (positionals[0] === undefined) {
    const page = await api.ok<{ items: EnrichmentListItem[] }>('GET', '/api/enrichments?limit=50');
    print(values.json, page, () => page.items.map(runLine).join('\n') || 'no enrichments');
    return EXIT.ok;
  }
  const id = movieId(positionals[0]);
  const movie = await api.ok<MovieView>('GET', `/api/movies/${id}`);
  const run = await api.call('GET', `/api/enrichments/enrich-movie-${id}`);
  const latest = run.status === 200 ? (run.body as { status: string; progress?: { phase?: string } | null }) : null;
  print(values.json, { movie, enrichment: latest }, () => {
    const artwork = Object.entries(movie.selectedAssets ?? {}).map(([type, list]) => `${type} ${list.length}`);
    return [
      `movie ${movie.id}: ${filmName(movie)}${movie.tmdb_id ? `  tmdb ${movie.tmdb_id}` : ''}`,
      `  identification: ${movie.identification_status ?? 'unknown'}`,
      `  completeness: ${movie.completeness?.pct ?? '?'}%${movie.completeness?.class ? ` (${movie.completeness.class})` : ''}`,
      `  artwork: ${artwork.join(', ') || 'none'}`,
      latest
        ? `  enrichment: ${latest.status.toLowerCase()}${latest.progress?.phase ? `, phase ${latest.progress.phase}` : ''}`
        : '  enrichment: none',
    ].join('\n');
  });
  return EXIT.ok;
}

async function failed(args: string[]): Promise<ExitCode> {
  const { values } = parse(args, {}, [0, 0]);
  const runs = await listRuns(await connect(values), 'status=failed');
  print(values.json, { items: runs }, () => runs.map(runLine).join('\n') || 'no failed enrichments');
  return EXIT.ok;
}

async function retry(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, { 'all-failed': { type: 'boolean' } }, [0, 1]);
  if ((positionals.length === 1) === Boolean(values['all-failed']))
    throw new CliError('give a workflow id or --all-failed', EXIT.usage);
  const api = await connect(values);
  const ids = positionals[0]
    ? [positionals[0]]
    : [...new Set((await listRuns(api, 'status=failed')).map((r) => r.workflowId))];
  const results: { workflowId: string; status: number; runId?: string; error?: string }[] = [];
  for (const workflowId of ids) {
    const answer = await api.call('POST', `/api/enrichments/${encodeURIComponent(workflowId)}/retry`);
    const body = answer.body as { runId?: string };
    results.push(
      answer.status === 202
        ? { workflowId, status: 202, runId: body.runId }
        : { workflowId, status: answer.status, error: errorMessage(answer.body, answer.status) },
    );
  }
  // With --all-failed, a run retried since (its latest run did not fail) answers 409: nothing to do.
  const errors = results.filter((r) => r.status !== 202 && !(values['all-failed'] && r.status === 409));
  print(values.json, { results }, () =>
    results
      .map((r) => (r.status === 202 ? `retried ${r.workflowId} (run ${r.runId})` : `${r.workflowId}: ${r.error}`))
      .concat(
        values['all-failed'] ? [`${results.filter((r) => r.status === 202).length} of ${ids.length} retried`] : [],
      )
      .join('\n'),
  );
  for (const e of errors) console.error(`enrich: ${e.workflowId}: ${e.error}`);
  return errors.length > 0 ? EXIT.failed : EXIT.ok;
}

async function review(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, {}, [2, 2]);
  const id = movieId(positionals[0]);
  const decision = positionals[1];
  if (decision !== 'approve' && decision !== 'reject') throw new CliError('review: approve or reject', EXIT.usage);
  const outcome = await (
    await connect(values)
  ).ok<{ publish?: { status?: string; reason?: string } }>('POST', `/api/movies/${id}/review`, { decision });
  print(values.json, outcome, () => {
    const publish = outcome.publish;
    return `${decision === 'approve' ? 'approved' : 'rejected'}${publish?.status ? `; publish ${publish.status}` : ''}${publish?.reason ? ` (${publish.reason})` : ''}`;
  });
  return EXIT.ok;
}

async function search(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, {}, [2, Infinity]);
  const id = movieId(positionals[0]);
  const q = positionals.slice(1).join(' ');
  const answer = await (
    await connect(values)
  ).ok<{ results: { tmdbId: number; title: string; year: number | null; score?: number }[] }>(
    'GET',
    `/api/movies/${id}/search?q=${encodeURIComponent(q)}`,
  );
  print(values.json, answer, () =>
    answer.results.length === 0
      ? 'no results'
      : answer.results
          .map(
            (r) =>
              `${String(r.tmdbId).padStart(8)}  ${String(r.score ?? '').padStart(3)}  ${r.title}${r.year ? ` (${r.year})` : ''}`,
          )
          .join('\n'),
  );
  return EXIT.ok;
}

async function identify(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(args, { follow: { type: 'boolean' } }, [2, 2]);
  const id = movieId(positionals[0]);
  if (!/^[1-9]\d{0,9}$/.test(positionals[1]!)) throw new CliError(`not a TMDB id: ${positionals[1]}`, EXIT.usage);
  const api = await connect(values);
  const done = await api.ok<{ workflowId: string; runId: string }>('POST', `/api/movies/${id}/identify`, {
    tmdbId: Number(positionals[1]),
  });
  if (values.follow) return follow(api, done.workflowId, done.runId, followMode(values.json));
  print(
    values.json,
    done,
    () => `movie ${id} is now TMDB ${positionals[1]}; started ${done.workflowId} (run ${done.runId})`,
  );
  return EXIT.ok;
}

export const apiCommands: Record<string, (args: string[]) => Promise<ExitCode>> = {
  add,
  enrich,
  status,
  failed,
  retry,
  review,
  search,
  identify,
};
