/**
 * Sends one request through the shared HttpClient (retries with backoff for 429/5xx/timeouts/resets)
 * and turns what it gives up on into an IAdvizeError naming the operation.
 */
import { HttpClient, HttpError, type HttpRequest, type HttpResponse } from '../lib/http-client';
import { IAdvizeError, failure } from './errors';

export async function send(http: HttpClient, operation: string, req: HttpRequest): Promise<HttpResponse> {
  try {
    return await http.request(req);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const f =
      error.kind === 'rate_limited'
        ? failure('IADVIZE_RATE_LIMITED', error.message, true, error.retryAfterMs)
        : failure('IADVIZE_UNAVAILABLE', error.message, true);
    throw new IAdvizeError(operation, f, { cause: error });
  }
}
