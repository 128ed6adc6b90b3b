import type { AxiosAdapter } from 'axios';

/**
 * Sends through a given fetch, called as fetch(url, init) the way tests write their stubs (axios's
 * own fetch adapter hands fetch a Request instead). Its errors reach the retry loop unchanged.
 */
export function fetchAdapter(send: typeof fetch): AxiosAdapter {
  return async (config) => {
    const headers = Object.fromEntries(
      Object.entries(config.headers.toJSON(true)).map(([name, value]) => [name, String(value)]),
    );
    const res = await send(String(config.url), {
      method: config.method?.toUpperCase(),
      headers,
      body: config.data as string | undefined,
      signal: AbortSignal.timeout(config.timeout ?? 30_000),
    });
    const data = await res.text();
    return {
      data,
      status: res.status,
      statusText: res.statusText,
      headers: Object.fromEntries(res.headers),
      config,
    };
  };
}
