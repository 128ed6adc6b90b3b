import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 right now, for a server whose URL must be known before it starts (an
 * OAuth redirect URI registered with a simulator). Another process could take it in between; on a
 * test machine that is rare enough.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
