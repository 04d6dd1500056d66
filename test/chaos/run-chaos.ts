// The chaos driver: rounds of real enrichments (with publishing) against the fake providers while
// one of the four processes is killed with SIGKILL at a random moment and brought back after a
// random outage. After each round, once everything is back and quiet, the invariant checker must be
// green and every film must have recorded and selected exactly what an undisturbed run did.
import { progressQuery } from '../../workflows/index.js';
import { prng } from '../../fake-providers/images.js';
import { checkState } from '../../storage/invariants.js';
import type { EnrichmentProgress } from '../../domain/types.js';
import {
  filmOutcome,
  generatedFilms,
  outcomeDifferences,
  registerFilm,
  requestEnrichment,
  waitClosed,
  type FilmOutcome,
} from '../support/film-runs.js';
import { App, Servers, type Log } from '../support/process-stack.js';

export type Target = 'worker' | 'api' | 'postgres' | 'temporal';
const TARGETS: readonly Target[] = ['worker', 'api', 'postgres', 'temporal'];

export interface ChaosOptions {
  /** Folder for the servers' data; removed by the caller. */
  root: string;
  seed: number;
  /** Names this stack when several run side by side: in its rounds' seeds and its log lines. */
  stack?: string;
  rounds: number;
  filmsPerRound: number;
  /** The longest PostgreSQL outage; the others are shorter (a process manager restarts them soon). */
  maxPostgresOutageMs: number;
  log?: (line: string) => void;
  serverLog?: Log;
}

export interface RoundReport {
  round: number;
  /** The round's own seed (the suite's seed, its stack and its number); the suite's seed replays every round. */
  seed: string;
  target: Target;
  /** What the runs in flight were doing at the kill, e.g. `download×2 record×1`. */
  phases: string;
  /** Runs still open (or start requests unanswered) when the kill came: 0 makes the round vacuous. */
  inFlightAtKill: number;
  killAfterMs: number;
  outageMs: number;
  /** From the restart until every run of the round had closed. */
  recoveryMs: number;
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Short outages of processes a supervisor or container runtime restarts at once. */
const OUTAGE_MS: Record<Exclude<Target, 'postgres'>, number> = { worker: 5_000, api: 3_000, temporal: 10_000 };
/** How late in the round the kill may come: past that, most rounds would kill an idle system. */
const MAX_KILL_AFTER_MS = 3_000;

/** The phases of the runs still open, e.g. `download×2 record×1`, and how many are open. */
async function phasesOf(app: App, workflowIds: string[]): Promise<{ phases: string; open: number }> {
  const counts = new Map<string, number>();
  let open = 0;
  for (const w of workflowIds) {
    const handle = app.client.workflow.getHandle(w);
    if ((await handle.describe()).status.name !== 'RUNNING') continue;
    open++;
    const p = (await handle.query(progressQuery).catch(() => null)) as EnrichmentProgress | null;
    const phase = p?.phase ?? 'unknown';
    counts.set(phase, (counts.get(phase) ?? 0) + 1);
  }
  return { phases: [...counts].map(([p, n]) => `${p}×${n}`).join(' ') || 'none open', open };
}

async function kill(servers: Servers, app: App, target: Target): Promise<void> {
  if (target === 'postgres') await servers.killPostgres();
  else if (target === 'temporal') await servers.killTemporal();
  else await app.kill(target);
}

async function restart(servers: Servers, app: App, target: Target): Promise<void> {
  if (target === 'postgres') await servers.startPostgres();
  else if (target === 'temporal') await servers.startTemporal();
  else await app.startProcess(target);
}

export async function runChaos(opts: ChaosOptions): Promise<RoundReport[]> {
  const log = opts.log ?? (() => undefined);
  const servers = await Servers.start(opts.root, opts.serverLog);
  const reports: RoundReport[] = [];
  try {
    const films = generatedFilms(Number(opts.stack ?? 0) * 1000, opts.rounds * opts.filmsPerRound);
    const env = { AUTO_PUBLISH: 'true' };

    log(`undisturbed run of ${films.length} films…`);
    const expected = new Map<number, FilmOutcome>();
    const reference = await App.start(servers, 'undisturbed', opts.serverLog, env);
    for (let i = 0; i < films.length; i += 30) {
      const batch = films.slice(i, i + 30);
      const ids = await Promise.all(batch.map((f) => registerFilm(reference, f)));
      const workflowIds = await Promise.all(ids.map((id) => requestEnrichment(reference, id)));
      const runs = await Promise.all(workflowIds.map((w) => waitClosed(reference.client, w)));
      const failed = runs.filter((r) => r.status !== 'COMPLETED');
      if (failed.length) throw new Error(`the undisturbed run failed: ${JSON.stringify(failed[0])}`);
      for (const [j, id] of ids.entries()) expected.set(batch[j]!, await filmOutcome(reference, id));
    }
    await reference.stop();

    const app = await App.start(servers, 'chaos', opts.serverLog, env);
    let order: Target[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const seed = opts.stack === undefined ? `${opts.seed}-${round}` : `${opts.seed}-${opts.stack}-${round}`;
      const random = prng(seed);
      // Every four rounds kill each process once, in a random order.
      if (order.length === 0) order = [...TARGETS].sort(() => random() - 0.5);
      const target = order.shift()!;
      const roundFilms = films.slice((round - 1) * opts.filmsPerRound, round * opts.filmsPerRound);
      const movieIds = await Promise.all(roundFilms.map((f) => registerFilm(app, f)));
      const maxOutage = target === 'postgres' ? opts.maxPostgresOutageMs : OUTAGE_MS[target];
      const outageMs = Math.round(random() * maxOutage);
      let killAfterMs: number;
      let phases: string;
      let inFlightAtKill: number;
      let workflowIds: string[];
      if (target === 'api') {
        // Killed while the start requests are in flight; the user's retries go to the restarted API.
        killAfterMs = Math.round(random() * 60);
        let answered = 0;
        const requests = Promise.all(movieIds.map((id) => requestEnrichment(app, id).finally(() => answered++)));
        await sleep(killAfterMs);
        inFlightAtKill = movieIds.length - answered;
        await kill(servers, app, target);
        phases = inFlightAtKill > 0 ? 'start request' : 'none open';
        await sleep(outageMs);
        await restart(servers, app, target);
        workflowIds = await requests;
      } else {
        workflowIds = await Promise.all(movieIds.map((id) => requestEnrichment(app, id)));
        killAfterMs = Math.round(random() * MAX_KILL_AFTER_MS);
        await sleep(killAfterMs);
        ({ phases, open: inFlightAtKill } = await phasesOf(app, workflowIds));
        await kill(servers, app, target);
        await sleep(outageMs);
        await restart(servers, app, target);
      }
      const restarted = Date.now();
      const runs = await Promise.all(workflowIds.map((w) => waitClosed(app.client, w)));
      const recoveryMs = Date.now() - restarted;

      const problems: string[] = app.unexpectedExits.splice(0);
      for (const run of runs)
        if (run.status !== 'COMPLETED' || run.result?.status !== 'enriched')
          problems.push(`${run.workflowId}: ${run.status} ${run.failure ?? run.result?.status}`);
      for (const [i, tmdbId] of roundFilms.entries()) {
        const diffs = outcomeDifferences(expected.get(tmdbId)!, await filmOutcome(app, movieIds[i]!));
        if (diffs.length) problems.push(`film ${tmdbId} differs from the undisturbed run: ${diffs.join('; ')}`);
      }
      const quiet = { tempGraceMs: 0, unreferencedGraceMs: 0, client: app.client, idle: true };
      for (const p of await checkState(app.pool, app.config, quiet))
        problems.push(`checker: ${p.kind}: ${p.detail}${p.path ? ` (${p.path})` : ''}`);

      const report: RoundReport = {
        round,
        seed,
        target,
        phases,
        inFlightAtKill,
        killAfterMs,
        outageMs,
        recoveryMs,
        problems,
      };
      reports.push(report);
      log(
        `round ${round} (seed ${seed}): ${target} killed ${killAfterMs} ms in [${phases}], down ${outageMs} ms, ` +
          `recovered in ${recoveryMs} ms: ${problems.length ? `PROBLEMS\n  ${problems.join('\n  ')}` : 'green'}`,
      );
    }
    await app.stop();
    return reports;
  } finally {
    await servers.stop();
  }
}

/** Rounds, kills per process and phase, outage lengths and the longest recovery, as text. */
export function summarise(reports: readonly RoundReport[]): string {
  const byTarget = TARGETS.map((t) => {
    const rs = reports.filter((r) => r.target === t);
    const outages = rs.map((r) => r.outageMs);
    const phases = new Map<string, number>();
    for (const r of rs)
      for (const part of r.phases.split(' ').filter(Boolean)) {
        const [phase, n] = part.includes('×') ? part.split('×') : [r.phases, '1'];
        phases.set(phase!, (phases.get(phase!) ?? 0) + Number(n));
        if (!part.includes('×')) break;
      }
    return (
      `  ${t}: ${rs.length} kills; outage ${outages.length ? `${Math.min(...outages)}–${Math.max(...outages)} ms` : '—'}; ` +
      `runs in flight by phase: ${[...phases].map(([p, n]) => `${p} ${n}`).join(', ') || '—'}`
    );
  });
  const longest = reports.reduce((a, r) => (r.recoveryMs > (a?.recoveryMs ?? -1) ? r : a), reports[0]);
  const failed = reports.filter((r) => r.problems.length > 0);
  const vacuous = reports.filter((r) => r.inFlightAtKill === 0).length;
  return [
    `${reports.length} rounds (${vacuous} killed after their runs had closed), ${failed.length} with problems` +
      (failed.length ? ` (seeds ${failed.map((r) => r.seed).join(', ')})` : ''),
    ...byTarget,
    longest ? `  longest recovery: ${longest.recoveryMs} ms (round ${longest.round}, ${longest.target})` : '',
  ].join('\n');
}
