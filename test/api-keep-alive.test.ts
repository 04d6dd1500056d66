// The API keeps an idle connection open longer than clients and proxies do: with Node's default of
// 5 s, a request sent on a connection just as the server closed it was reset (ECONNRESET), which a
// test calling the API after a few quiet seconds saw.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEEP_ALIVE_TIMEOUT_MS, serveApi } from '../api/serve.js';

let server: ServerType;
let port: number;

beforeAll(async () => {
  const app = new Hono().get('/ping', (c) => c.text('pong'));
  server = serveApi({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

/** Sends one keep-alive GET on `socket` and resolves to the raw response head. */
function get(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.endsWith('pong')) {
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`GET /ping HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

it('tells clients how long it keeps a connection, and answers on one left idle longer than Node’s 5 s', async () => {
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let closedByServer = false;
  socket.on('end', () => (closedByServer = true));

  const first = await get(socket);
  expect(first).toMatch(/^HTTP\/1\.1 200/);
  expect(first.toLowerCase()).toContain(`keep-alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);

  await new Promise((r) => setTimeout(r, 6_000));
  expect(closedByServer).toBe(false);
  expect(await get(socket)).toMatch(/^HTTP\/1\.1 200/);
  socket.destroy();
}, 20_000);
