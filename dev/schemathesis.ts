// Schemathesis, the schema-driven API fuzzer the test suite runs: a pinned version from PyPI in its
// own virtual environment under .tools/, installed on first use (never at run time of the service).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../lib/config.js';

const run = promisify(execFile);

export const SCHEMATHESIS_VERSION = '4.32.5';
const toolsDir = resolve(projectRoot, '.tools');
const installDir = join(toolsDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
/** The venv's own interpreter: its scripts' first lines would name the staging folder it was built in. */
const installed: SchemathesisCommand = { cmd: join(installDir, 'bin', 'python'), args: ['-m', 'schemathesis.cli'] };

/** How to run `st`: the program and the arguments before st's own. */
export interface SchemathesisCommand {
  cmd: string;
  args: string[];
}

async function version({ cmd, args }: SchemathesisCommand): Promise<string | undefined> {
  try {
    const { stdout } = await run(cmd, [...args, '--version'], { timeout: 30_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/**
 * The `st` command to run: $SCHEMATHESIS_BIN, else the project-local copy, created with
 * `python3 -m venv` and pip (schemathesis==SCHEMATHESIS_VERSION and its dependencies) when missing.
 */
export async function ensureSchemathesis(log: (line: string) => void = () => undefined): Promise<SchemathesisCommand> {
  const explicit = process.env.SCHEMATHESIS_BIN;
  if (explicit) {
    if (await version({ cmd: explicit, args: [] })) return { cmd: explicit, args: [] };
    throw new Error(`SCHEMATHESIS_BIN=${explicit} is not a working schemathesis (\`${explicit} --version\` failed)`);
  }
  if (await version(installed)) return installed;

  log(`installing schemathesis ${SCHEMATHESIS_VERSION} (PyPI) into ${installDir}`);
  const staging = `${installDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(toolsDir, { recursive: true });
  try {
    await run('python3', ['-m', 'venv', staging], { timeout: 120_000 });
    await run(
      join(staging, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
      { timeout: 600_000 },
    );
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `installing schemathesis==${SCHEMATHESIS_VERSION} failed (python3 with venv and pip, and PyPI, are needed): ` +
        `${(err as Error).message.split('\n').slice(0, 3).join(' ')}\n` +
        `Install it by hand (pip install schemathesis==${SCHEMATHESIS_VERSION}) and set SCHEMATHESIS_BIN to its \`st\`.`,
    );
  }
  // Another process may have finished first; either copy is the same pinned version.
  if (!existsSync(installDir)) await rename(staging, installDir).catch(() => undefined);
  await rm(staging, { recursive: true, force: true });
  if (await version(installed)) return installed;
  throw new Error(`schemathesis was installed, but ${installed.cmd} -m schemathesis.cli --version failed`);
}
