import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { createPool } from '../db/pool.js';
import { migrate } from '../db/migrate.js';
import { ensureChromium } from '../dev/chromium.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { freePort } from '../dev/ports.js';
import { ensureTemporalCli } from '../dev/temporal-cli.js';
import { ensureYtDlp } from '../dev/yt-dlp.js';
import { startTemporalOnFreePort } from '../dev/temporal-dev-server.js';
import { workflowsPath } from '../lib/temporal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    /** Admin URL without a database name; each test file clones `templateDatabase`. */
    postgresServerUrl: string;
    templateDatabase: string;
    workflowBundlePath: string;
    tmpRoot: string;
    /** The browser tests' Chromium, provisioned here so no test's hook waits on apt-get. */
    chromiumPath: string;
    /** The trailer tests' yt-dlp (the project's pinned copy). */
    ytDlpPath: string;
  }
}

const TEMPLATE = 'enrichment_template';

function startTemporal(cli: string) {
  const quiet = process.env.TEST_SERVER_LOGS ? (l: string) => console.log(l) : () => undefined;
  return startTemporalOnFreePort({ cli, namespace: 'default', onLog: quiet }, console.warn);
}

export default async function setup(project: TestProject) {
  const tmpRoot = await mkdtemp(join(tmpdir(), 'media-enrichment-test-'));
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
  await chmod(tmpRoot, 0o755);
  const quiet = process.env.TEST_SERVER_LOGS ? (l: string) => console.log(l) : () => undefined;

  const [temporal, postgres, bundle, chromiumPath, ytDlpPath] = await Promise.all([
    ensureTemporalCli(console.log).then(startTemporal),
    freePort().then((port) =>
      startEmbeddedPostgres({ dataDir: join(tmpRoot, 'pg'), port, database: TEMPLATE, onLog: quiet }),
    ),
    bundleWorkflowCode({
      workflowsPath: workflowsPath(),
      logger: {
        info: () => {},
        warn: console.warn,
        error: console.error,
        debug: () => {},
        trace: () => {},
        log: () => {},
      },
    }),
    ensureChromium(console.log),
    ensureYtDlp(console.log),
  ]);
  const pool = createPool(postgres.url);
  await migrate(pool);
  await pool.end();
  const workflowBundlePath = join(tmpRoot, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  project.provide('temporalAddress', temporal.address);
  project.provide('postgresServerUrl', postgres.url.replace(/\/[^/]+$/, ''));
  project.provide('templateDatabase', TEMPLATE);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('tmpRoot', tmpRoot);
  project.provide('chromiumPath', chromiumPath);
  project.provide('ytDlpPath', ytDlpPath);

  return async () => {
    await temporal.stop();
    await postgres.stop();
    await rm(tmpRoot, { recursive: true, force: true });
  };
}
