#!/usr/bin/env node
// Builds the web UI (web/ → web/dist) when its sources, its build configuration or the installed
// packages changed since the last build; `--force` builds anyway. Plain Node: bootstrap.mjs runs it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const web = join(root, 'web');
const dist = join(web, 'dist');
const stamp = join(dist, '.build-stamp');

/** Every file under `dir` but the build's output, in a stable order. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => join(dir, e.name) !== dist)
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

const hash = createHash('sha256');
for (const file of [...files(web), join(root, 'package-lock.json')])
  hash.update(`${relative(root, file)}\0${statSync(file).size}\0`).update(readFileSync(file));
const want = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) {
  process.exit(0);
}
console.log('[setup] building the web UI (vite build)…');
const started = Date.now();
const { build } = await import('vite');
await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(stamp, `${want}\n`);
console.log(`[setup] web UI built in ${((Date.now() - started) / 1000).toFixed(1)} s (web/dist)`);
