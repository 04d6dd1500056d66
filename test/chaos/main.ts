// `npm run test:chaos [-- --rounds N --seed S --films-per-round N --max-pg-outage-s N --stacks N]`: the long
// chaos suite. Prints every round with its seed and a summary; exits non-zero if any round found a
// problem. The same seed replays the same kills at the same moments.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runChaos, summarise } from './run-chaos.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '52' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'films-per-round': { type: 'string', default: '5' },
    'max-pg-outage-s': { type: 'string', default: '60' },
    // Stacks side by side, each with its own servers: a round mostly waits (an outage, a timeout),
    // so several fit on two cores and the suite takes a fraction of the time.
    stacks: { type: 'string', default: '3' },
  },
});
const int = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${values[name]}`);
  return n;
};

const root = await mkdtemp(join(tmpdir(), 'chaos-'));
// PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
await chmod(root, 0o755);
const started = Date.now();
const stacks = int('stacks');
const perStack = Math.ceil(int('rounds') / stacks);
console.log(`chaos: seed ${values.seed}, ${stacks} stack(s) of ${perStack} rounds`);
try {
  const results = await Promise.all(
    Array.from({ length: stacks }, (_, i) =>
      runChaos({
        root: join(root, `stack-${i}`),
        seed: int('seed'),
        stack: String(i),
        rounds: perStack,
        filmsPerRound: int('films-per-round'),
        maxPostgresOutageMs: int('max-pg-outage-s') * 1000,
        log: (l) => console.log(`[stack ${i}] ${l}`),
      }),
    ),
  );
  const reports = results.flat();
  console.log(summarise(reports));
  console.log(`chaos: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  process.exitCode = reports.some((r) => r.problems.length > 0) ? 1 : 0;
} finally {
  await rm(root, { recursive: true, force: true });
}
