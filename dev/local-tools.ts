// Pinned tools from PyPI, installed with pip into a project-local folder under `.tools/`: every
// interpreter and pip launcher on the machine is tried in turn, into a staging folder renamed into
// place, so a crash or a second process never leaves a half-installed tool.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The first `name` on PATH, if any. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Whether `bin --version` (or the given arguments) exits 0 within 20 s. */
export async function works(bin: string, args: readonly string[] = ['--version']): Promise<boolean> {
  try {
    await run(bin, args, { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs `requirement` (`name==version`, no dependencies) into `installDir` and returns the
 * failures of every pip tried, or an empty list once `check()` passes on the installed copy.
 */
export async function pipInstallTarget(
  requirement: string,
  installDir: string,
  check: () => Promise<boolean>,
): Promise<string[]> {
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
        [...args, 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', staging, requirement],
        { timeout: 300_000 },
      );
      await mkdir(dirname(installDir), { recursive: true });
      // Another process may have finished first; either copy is the same pinned version.
      if (!existsSync(installDir)) await rename(staging, installDir);
      await rm(staging, { recursive: true, force: true });
      if (await check()) return [];
      failures.push(`${cmd}: installed, but the installed copy does not run`);
    } catch (err) {
      failures.push(`${cmd}: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`);
    }
  }
  await rm(staging, { recursive: true, force: true });
  return failures;
}
