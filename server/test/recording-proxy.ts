/**
 * A forwarding and CONNECT proxy for tests (the `proxy` package), on 127.0.0.1 and a port of the
 * system's choosing, that records what it was asked to carry: `GET http://host:port/path` for a
 * forwarded request, `CONNECT host:port` for a tunnel. `refuse: true` answers every request with
 * 407 Proxy Authentication Required.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxy } from 'proxy';

export interface RecordingProxy {
  url: string;
  /** "METHOD target" for each request the proxy received, in order. */
  seen: string[];
  /** Targets (host:port) seen, forwarded or tunnelled. */
  hosts(): Set<string>;
  close(): Promise<void>;
}

export async function startRecordingProxy(options: { refuse?: boolean } = {}): Promise<RecordingProxy> {
  const seen: string[] = [];
  const server = createProxy(createServer());
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const record = (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`);
  server.prependListener('request', record);
  server.prependListener('connect', record);
  if (options.refuse) server.authenticate = () => false;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    hosts: () =>
      new Set(
        seen
          .map((line) => line.split(' ')[1])
          .map((target) => (/^https?:/.test(target) ? new URL(target).host : target)),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
