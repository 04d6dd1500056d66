// yt-dlp, which probes and downloads trailers: a pinned version from PyPI in `.tools/`, installed
// with pip on first use (never at run time of the service), with a launcher beside it, because the
// script pip writes for a `--target` install cannot find the package it belongs to.
import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { projectRoot } from '../lib/config.js';
import { onPath, pipInstallTarget, works } from './local-tools.js';

export const YTDLP_VERSION = '2026.11.23';
const installDir = join(resolve(projectRoot, '.tools'), `yt-dlp-${YTDLP_VERSION}`);
/** The launcher: runs the package from its folder with whichever python3 is on PATH. */
export const installedYtDlp = join(installDir, 'yt-dlp');

const LAUNCHER = `#!/bin/sh
here=$(dirname "$0")
PYTHONPATH="$here\${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m yt_dlp "$@"
`;

async function writeLauncher(): Promise<boolean> {
  await writeFile(installedYtDlp, LAUNCHER);
  await chmod(installedYtDlp, 0o755);
  return works(installedYtDlp);
}

/**
 * The yt-dlp to run: $YTDLP_PATH, else the project-local copy (installing yt-dlp==YTDLP_VERSION
 * with pip when missing), else `yt-dlp` on PATH.
 */
export async function ensureYtDlp(log: (line: string) => void = () => undefined): Promise<string> {
  const explicit = process.env.YTDLP_PATH;
  if (explicit) {
    if (await works(explicit)) return explicit;
    throw new Error(`YTDLP_PATH=${explicit} is not a working yt-dlp (\`${explicit} --version\` failed)`);
  }
  if (await works(installedYtDlp)) return installedYtDlp;
  log(`installing yt-dlp ${YTDLP_VERSION} (PyPI) into ${installDir}`);
  const failures = await pipInstallTarget(`yt-dlp==${YTDLP_VERSION}`, installDir, writeLauncher);
  if (failures.length === 0) return installedYtDlp;
  const fromPath = onPath('yt-dlp');
  if (fromPath && (await works(fromPath))) return fromPath;
  throw new Error(
    `no yt-dlp: installing yt-dlp==${YTDLP_VERSION} with pip failed:\n  ` +
      failures.join('\n  ') +
      `\nInstall it by hand (pip install yt-dlp==${YTDLP_VERSION}) and set YTDLP_PATH.`,
  );
}
