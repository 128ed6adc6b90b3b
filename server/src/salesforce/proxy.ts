/**
 * Salesforce traffic through the proxy chosen for its URL. jsforce, when loaded, takes
 * https_proxy / http_proxy / HTTPS_PROXY / HTTP_PROXY for every connection and ignores NO_PROXY;
 * its default is cleared here and each Connection and OAuth2 is given the proxy (proxy-from-env, as
 * for every other call) of its own URL instead.
 */
import { setDefaults } from 'jsforce/lib/request';
import type { ProxyFor } from '../lib/proxy';

// jsforce's other defaults, kept: redirects followed, its own 30-minute timeout.
setDefaults({ followRedirect: true });

/** The jsforce option for a Connection or OAuth2 that talks to `url`. */
export function jsforceProxy(url: string, proxyFor: ProxyFor): { httpProxy?: string } {
  const httpProxy = proxyFor(url);
  return httpProxy ? { httpProxy } : {};
}
