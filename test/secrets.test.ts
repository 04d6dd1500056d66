// Keys must never reach a workflow history (kept by Temporal, exported, shown in its Web UI), the
// API's answers, or a worker's log: not on success, and not in the error texts of failures.
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, TEST_API_KEY, useHarness, waitForEnrichment } from './support/harness.js';

const KEYS = {
  TMDB_API_KEY: 'tmdb-secret-5f0c2a91e7',
  FANART_API_KEY: 'fanart-secret-93b1d04c2e',
  OMDB_API_KEY: 'omdb-secret-1c7e88a0f4',
};
let logs = '';
// The API and the Temporal client run in this process: what they print is captured too.
beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    const print = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs += `${args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`;
      print(...args);
    });
  }
});
afterAll(() => vi.restoreAllMocks());
const h = useHarness({ ...KEYS, REVIEW_TIMEOUT: '0' }, { workerProcesses: 1, onWorkerOutput: (t) => (logs += t) });

const secrets = [...Object.values(KEYS), TEST_API_KEY];
/**
 * A history as text with its payloads (inputs, results, heartbeat details) decoded too: they are
 * base64 in the JSON, and a key in one would not be found otherwise.
 */
const readable = (json: string) =>
  [
    json,
    ...[...json.matchAll(/"data": "([A-Za-z0-9+/=]*)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString()),
  ].join('\n');
const leaked = (text: string) => secrets.filter((s) => text.includes(s));

describe('secrets', () => {
  it('appear in no history, API answer or worker log, whatever the providers answer', async () => {
    const films = [348, 13, 550, 603];
    // One film enriches cleanly; the others meet a provider that refuses the key, a server error
    // and a connection cut mid-answer, so failure texts are in the histories too.
    h.providers.setFaults([
      { match: '/fanart/v3/movies/13', status: 401, body: '{"status":"error","error message":"Invalid API key"}' },
      { match: '/omdb', status: 401, body: '{"Response":"False","Error":"Invalid API key!"}' },
      { match: '/3/movie/550', status: 500 },
      { match: '/3/movie/603', truncate: true },
    ]);
    const answers: string[] = [];
    const runs = [];
    for (const tmdbId of films) {
      const movie = await call(h.api, 'POST', '/api/movies', { tmdbId });
      const run = await call(h.api, 'POST', `/api/movies/${movie.body.id}/enrich`);
      expect(run.status).toBe(202);
      runs.push(run.body.workflowId as string);
    }
    for (const workflowId of runs) answers.push(JSON.stringify(await waitForEnrichment(h.api, workflowId)));
    h.providers.clearFaults();
    const statuses = answers.map((a) => JSON.parse(a).status);
    expect(statuses).toContain('COMPLETED');
    expect(statuses).toContain('FAILED');

    const histories = await Promise.all(
      runs.map(async (id) => readable(historyToJSON(await h.client.workflow.getHandle(id).fetchHistory()))),
    );
    expect(histories.join('\n')).toContain('Invalid API key');
    for (const [i, history] of histories.entries()) expect([runs[i], leaked(history)]).toEqual([runs[i], []]);
    expect(leaked(answers.join('\n'))).toEqual([]);
    // The worker processes logged the failures, and the API its own lines.
    expect(logs).toContain('Activity failed');
    expect(leaked(logs)).toEqual([]);
  });
});
