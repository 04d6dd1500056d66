import { createServer } from 'node:net';

/** Resolves to `preferred` if it can be bound on 127.0.0.1, else to a free port the OS picks. */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolvePort) => {
      const srv = createServer();
      srv.once('error', () => resolvePort(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        const got = typeof addr === 'object' && addr ? addr.port : undefined;
        srv.close(() => resolvePort(got));
      });
    });
  if (preferred !== 0) {
    const got = await tryPort(preferred);
    if (got !== undefined) return got;
  }
  const any = await tryPort(0);
  if (any === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return any;
}
