// The API on a port: Hono's Node server, with connections kept the way clients and proxies expect.
import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';

/**
 * How long an idle keep-alive connection stays open: longer than clients and reverse proxies keep
 * one (nginx keeps upstream connections 60 s). With Node's 5 s, a client that reuses a connection
 * just as the server closes it has its request reset (ECONNRESET) instead of answered.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function serveApi(options: Parameters<typeof serve>[0], onListening?: Parameters<typeof serve>[1]): ServerType {
  const server = serve(options, onListening);
  (server as Server).keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}
