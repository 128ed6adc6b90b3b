/**
 * The outbound proxy. Which proxy a request goes through is decided per URL, when the request is
 * made, by proxy-from-env from HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (lower-case forms
 * first), the way curl and npm read them; main.ts validates those variables at start (config/proxy.ts)
 * so a malformed one stops the companion instead of failing every call.
 */
import type { Agent } from 'node:http';
import type { ClientRequest } from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** The proxy URL a request to `url` goes through, or undefined to connect directly. */
export type ProxyFor = (url: string) => string | undefined;

export const proxyFromEnvironment: ProxyFor = (url) => getProxyForUrl(url) || undefined;

/** A proxy URL fit for logs and error messages: scheme, host and port, never its credentials. */
export function proxyLabel(proxyUrl: string): string {
  try {
    const u = new URL(proxyUrl);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unreadable proxy URL)';
  }
}

export interface ProxyAgents {
  /** Plain http targets: the request line names the full URL and the proxy forwards it. */
  httpAgent: Agent;
  /** https targets: a CONNECT tunnel, TLS end to end. */
  httpsAgent: Agent;
  /** The status a proxy answered a CONNECT with, when it was not 200 (the tunnel was refused). */
  refusal(request: unknown): number | undefined;
}

/**
 * The agents for one proxy. A refused CONNECT comes back from https-proxy-agent as the proxy's own
 * answer, which would read like the provider's; the agent's proxyConnect event marks it instead.
 */
export function proxyAgents(proxyUrl: string): ProxyAgents {
  const refused = new WeakMap<object, number>();
  const httpsAgent = new HttpsProxyAgent(proxyUrl);
  httpsAgent.on('proxyConnect', (connect: { statusCode: number }, req: ClientRequest) => {
    if (connect.statusCode !== 200) refused.set(req, connect.statusCode);
  });
  return {
    httpAgent: new HttpProxyAgent(proxyUrl),
    httpsAgent,
    refusal: (request) => (typeof request === 'object' && request ? refused.get(request) : undefined),
  };
}
