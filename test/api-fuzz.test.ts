// Schema-driven fuzzing of the whole API: schemathesis generates requests for every operation in
// /openapi.json (valid and invalid ones) against a running stack, and checks that no answer is a
// 5xx and every answer matches what the description says of its status, content type and body.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureSchemathesis } from '../dev/schemathesis.js';
import { progressQuery } from '../workflows/index.js';
import { projectRoot } from '../lib/config.js';
import { call, TEST_API_KEY, useHarness } from './support/harness.js';

// Runs awaiting review: the event streams have something to say at once, the review route something to review.
const h = useHarness({ REVIEW_TIMEOUT: '1d' });
const CASES_PER_OPERATION = 100;
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
];

async function awaitingReview(workflowId: string) {
  for (let i = 0; i < 600; i++) {
    const progress = await h.client.workflow
      .getHandle(workflowId)
      .query(progressQuery)
      .catch(() => undefined);
    if (progress?.phase === 'awaiting_review') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${workflowId} never awaited review`);
}

describe('schemathesis over /openapi.json', () => {
  it(`runs every operation with ${CASES_PER_OPERATION} generated cases: no 5xx, every answer as documented`, async () => {
    // Something to find: enriched movies, so ids, candidates and cached images exist.
    for (const tmdbId of [603, 550, 78]) {
      const movie = await call(h.api, 'POST', '/api/movies', { tmdbId });
      const run = await call(h.api, 'POST', `/api/movies/${movie.body.id}/enrich`);
      await awaitingReview(run.body.workflowId);
    }

    const st = await ensureSchemathesis(console.log);
    const report = join(h.config.dataDir, 'schemathesis.ndjson');
    const args = [
      ...st.args,
      '--config-file',
      join(projectRoot, 'test/schemathesis.toml'),
      'run',
      `${h.api}/openapi.json`,
      '--header',
      `X-Api-Key: ${TEST_API_KEY}`,
      '--checks',
      CHECKS.join(','),
      '--max-examples',
      String(CASES_PER_OPERATION),
      '--phases',
      'coverage,fuzzing',
      '--seed',
      '20261130',
      '--generation-database',
      'none',
      // An answer, or an event stream's first event, within this: a request that hangs fails the run.
      '--request-timeout',
      '10',
      // One worker: CPython 3.11's ast module keeps its recursion counter per process, and Hypothesis
      // parsing lambdas in two threads at once trips "AST constructor recursion depth mismatch".
      '--workers',
      '1',
      '--no-color',
      '--report',
      'ndjson',
      '--report-ndjson-path',
      report,
    ];
    const result = await promisify(execFile)(st.cmd, args, { maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    const events = (await readFile(report, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, any>);
    // Cases per operation and phase, from the report.
    const cases = new Map<string, Record<string, number>>();
    for (const e of events) {
      const finished = e.ScenarioFinished;
      if (!finished?.recorder?.label) continue;
      const counts = cases.get(finished.recorder.label) ?? {};
      counts[finished.phase] = (counts[finished.phase] ?? 0) + Object.keys(finished.recorder.cases ?? {}).length;
      cases.set(finished.recorder.label, counts);
    }
    const table = [...cases].map(
      ([op, c]) => `${String(c.coverage ?? 0).padStart(5)} ${String(c.fuzzing ?? 0).padStart(5)}  ${op}`,
    );
    console.log(`coverage fuzzing  operation (${cases.size} operations)\n${table.join('\n')}`);
    console.log(result.stdout.split('\n').slice(-25).join('\n'));
    expect(result.code, result.stdout.slice(-20_000)).toBe(0);

    const doc = (await (await fetch(`${h.api}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect([...cases.keys()].sort()).toEqual(operations.sort());
    // Only an operation that takes no input at all (GET /health) has fewer distinct cases to make.
    const short = [...cases].filter(([op, c]) => (c.fuzzing ?? 0) < CASES_PER_OPERATION && op !== 'GET /health');
    expect(short).toEqual([]);
  }, 900_000);
});
