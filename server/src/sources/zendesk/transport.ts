/**
 * One authorized request: through the shared HttpClient (retries 429/5xx/timeouts with backoff,
 * honouring Retry-After), with the token source's header, and one refresh + one retry after a 401
 * (docs/architecture.md: a 401 refreshes the token once). What HttpClient gives up on becomes a ZendeskError.
 */
import { HttpClient, HttpError, type HttpResponse } from '../../lib/http-client';
import { ZendeskError, failure } from './errors';
import { getRequest } from './requests';
import type { TokenSource } from './token-source';

export async function send(
  http: HttpClient,
  operation: string,
  req: Parameters<HttpClient['request']>[0],
): Promise<HttpResponse> {
  try {
    return await http.request(req);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const f =
      error.kind === 'rate_limited'
        ? failure('ZENDESK_RATE_LIMITED', error.message, { retryable: true, status: 429 })
        : failure('ZENDESK_UNAVAILABLE', error.message, { retryable: true, status: error.status });
    throw new ZendeskError(operation, f, { cause: error });
  }
}

export async function authorizedGet(
  http: HttpClient,
  tokens: TokenSource,
  operation: string,
  url: string,
): Promise<HttpResponse> {
  return authorizedRequest(http, tokens, operation, (authorization) => getRequest(url, authorization));
}

/** Any request, built for the Authorization header it is given (a 401 rebuilds it once). */
export async function authorizedRequest(
  http: HttpClient,
  tokens: TokenSource,
  operation: string,
  build: (authorization: string) => Parameters<HttpClient['request']>[0],
): Promise<HttpResponse> {
  const first = await tokens.authorization();
  const res = await send(http, operation, build(first));
  if (res.status !== 401 || !(await tokens.renew(first))) return res;
  return send(http, operation, build(await tokens.authorization()));
}
