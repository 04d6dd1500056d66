import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { projectRoot, required, type Config } from './config.js';

export async function connectClient(config: Config): Promise<Client> {
  const address = required(config.temporal.address, 'TEMPORAL_ADDRESS');
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

export async function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({ address: required(config.temporal.address, 'TEMPORAL_ADDRESS') });
}

/** Workflow entry for the SDK's bundler: the TypeScript source, or the compiled copy in a built image. */
export function workflowsPath(): string {
  const source = resolve(projectRoot, 'workflows', 'index.ts');
  return existsSync(source) ? source : resolve(projectRoot, 'dist', 'workflows', 'index.js');
}
