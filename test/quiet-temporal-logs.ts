import { DefaultLogger, Runtime } from '@temporalio/worker';

// The SDK logs every worker start and stop and every failed attempt at INFO and WARN; tests provoke
// hundreds of those on purpose. Errors still print; TEMPORAL_LOG_LEVEL=INFO brings the rest back.
const level = process.env.TEMPORAL_LOG_LEVEL ?? 'ERROR';
Runtime.install({ logger: new DefaultLogger(level as 'ERROR') });
