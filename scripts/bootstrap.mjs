#!/usr/bin/env node
// `npm start` / `npm test` entry. Plain Node with no dependencies, because it runs before they exist:
// installs node_modules when missing or stale (lockfile changed), then hands over.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [target, ...rest] = process.argv.slice(2);
// Each target is a sequence of commands; the first failure stops it.
const targets = {
  start: [
    ['node', ['scripts/build-web.mjs']],
    ['node', ['--import', 'tsx', 'scripts/start.ts', ...rest]],
  ],
  test: [
    ['node', ['node_modules/typescript/bin/tsc', '--noEmit']],
    ['node', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'web']],
    ['node', ['node_modules/eslint/bin/eslint.js', '.']],
    ['node', ['node_modules/prettier/bin/prettier.cjs', '--check', '.']],
    // The browser tests drive the built app.
    ['node', ['scripts/build-web.mjs']],
    ['node', ['node_modules/vitest/vitest.mjs', 'run', ...rest]],
  ],
};
if (!targets[target]) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(targets).join('|')} [args…]`);
  process.exit(2);
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Node ${process.versions.node} is too old: media-enrichment needs Node 20 or newer.`);
  process.exit(1);
}

const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.media-enrichment-install');
const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (have !== want) {
  console.log('[setup] installing dependencies (npm ci)…');
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('[setup] npm ci failed; see above. Nothing was started.');
    process.exit(res.status ?? 1);
  }
  writeFileSync(stamp, `${want}\n`);
}

// A log file (CI) gets plain text: the test runner would otherwise colour it because CI is set.
const env = process.stdout.isTTY || process.env.FORCE_COLOR ? process.env : { ...process.env, NO_COLOR: '1' };
let current;
// Forward termination so the supervisor and vitest can shut their children down cleanly.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => current?.kill(signal));
// npm exits on SIGTERM without passing it on: when our parent is gone, stop as if told to.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && current?.kill('SIGTERM'), 500).unref();
for (const [cmd, args] of targets[target]) {
  const code = await new Promise((resolveRun) => {
    current = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    current.on('exit', (c) => resolveRun(c ?? 1));
  });
  if (code !== 0) process.exit(code);
}
