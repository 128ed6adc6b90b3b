/**
 * The faye client of the Streaming API, built here rather than by jsforce's
 * connection.streaming.createClient(), which gives faye no options: faye would then take a proxy from
 * http_proxy / https_proxy itself, ignoring NO_PROXY. Here it gets the proxy chosen for the CometD
 * URL, like every other call, and its own lookup of the environment is switched off.
 */
import type { Connection } from 'jsforce';
import Faye, { type Client as FayeClient } from 'faye';
import type { ProxyFor } from '../lib/proxy';

// faye's transports look for a proxy in the environment when none is given (src/transport/transport.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FayeTransport = require('faye/src/transport/transport') as { prototype: { _findProxy(): unknown } };
FayeTransport.prototype._findProxy = () => undefined;

interface FayeDispatcher {
  getConnectionTypes(): string[];
  selectTransport(type: string): void;
  _transport: { batching: boolean };
}

/** A CometD client for the connection's org and API version, with its extensions, through its proxy. */
export function createStreamingClient(
  connection: Connection,
  extensions: unknown[],
  proxyFor: ProxyFor,
): FayeClient {
  const endpoint = `${connection.instanceUrl}/cometd/${connection.version}`;
  const proxy = proxyFor(endpoint);
  // faye reads `proxy.origin`; a plain string is not normalised by its dispatcher.
  const client = new Faye.Client(endpoint, proxy ? { proxy: { origin: proxy } } : {});
  client.setHeader('Authorization', `OAuth ${connection.accessToken}`);
  for (const extension of extensions) client.addExtension(extension);
  // As jsforce does: long-polling without batching, which Salesforce's CometD server expects.
  const dispatcher = (client as unknown as { _dispatcher: FayeDispatcher })._dispatcher;
  if (!dispatcher.getConnectionTypes().includes('callback-polling')) {
    dispatcher.selectTransport('long-polling');
    dispatcher._transport.batching = false;
  }
  return client;
}
