/**
 * The outbound proxy variables, checked at start. They are used where each request is made
 * (lib/proxy.ts, through proxy-from-env, which reads the lower-case form first, as here); a value
 * that is not a proxy URL stops the start with CONFIG_PROXY_INVALID instead of failing every call.
 * A value is never echoed back: it may hold the proxy's password.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';
import { proxyLabel } from '../lib/proxy';
import type { Env } from './env-values';

export interface ProxyConfig {
  /** Each set proxy, by variable, as scheme://host:port (credentials left out): for the start log. */
  proxies: Partial<Record<ProxyVariable, string>>;
  /** NO_PROXY as given: hosts (and .domains, host:port, `*`) reached directly. */
  noProxy?: string;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'] as const;
type ProxyVariable = (typeof PROXY_VARIABLES)[number];

const valueOf = (env: Env, name: string): string | undefined =>
  env[name.toLowerCase()]?.trim() || env[name]?.trim() || undefined;

const proxyUrl = z.url({ protocol: /^https?$/, error: 'not an http:// or https:// URL' }).refine((v) => {
  const u = new URL(v);
  return u.pathname === '/' && !u.search && !u.hash;
}, 'a proxy URL has no path or query');

export function readProxy(env: Env): Result<ProxyConfig, string[]> {
  const problems: string[] = [];
  const proxies: ProxyConfig['proxies'] = {};
  for (const name of PROXY_VARIABLES) {
    const value = valueOf(env, name);
    if (value === undefined) continue;
    const parsed = proxyUrl.safeParse(value);
    if (parsed.success) proxies[name] = proxyLabel(parsed.data);
    else
      problems.push(
        `${name}: CONFIG_PROXY_INVALID: ${parsed.error.issues[0].message}; expected http://host:port or http://user:password@host:port`,
      );
  }
  if (problems.length > 0) return err(problems);
  return ok({ proxies, noProxy: valueOf(env, 'NO_PROXY') });
}
