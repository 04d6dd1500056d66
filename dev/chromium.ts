// The browser the browser tests drive: Debian's `chromium` package (Playwright cannot download its
// own browsers here), installed with apt-get on first use when we may, else named by CHROMIUM_PATH.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

async function works(bin: string): Promise<boolean> {
  try {
    await run(bin, ['--version'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** The Chromium executable: $CHROMIUM_PATH, else Debian's, installed with apt-get when missing and we are root. */
export async function ensureChromium(log: (line: string) => void = () => undefined): Promise<string> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (await works(explicit)) return explicit;
    throw new Error(`CHROMIUM_PATH=${explicit} is not a working Chromium (\`${explicit} --version\` failed)`);
  }
  if (await works(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (process.getuid?.() !== 0)
    throw new Error(
      `no Chromium at ${DEBIAN_CHROMIUM}: install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH`,
    );
  log("installing Debian's chromium package (apt-get install chromium)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, timeout: 900_000 });
  try {
    await install();
  } catch {
    // Package lists may be missing or stale on a fresh machine.
    await run('apt-get', ['update'], { env, timeout: 600_000 });
    await install();
  }
  if (await works(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  throw new Error(`apt-get installed chromium, but ${DEBIAN_CHROMIUM} --version failed`);
}
