/**
 * Sends one request through the shared HttpClient (429 waits until X-RateLimit-Reset; 5xx, resets and
 * timeouts retried with backoff) and turns what it gives up on into an IntercomError.
 */
import { HttpClient, HttpError, type HttpRequest, type HttpResponse } from '../../lib/http-client';
import { IntercomError, failure } from './errors';

export async function send(http: HttpClient, operation: string, req: HttpRequest): Promise<HttpResponse> {
  try {
    return await http.request(req);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const f =
      error.kind === 'rate_limited'
        ? failure('INTERCOM_RATE_LIMITED', error.message, {
            retryable: true,
            status: 429,
            retryAfterMs: error.retryAfterMs,
          })
        : failure('INTERCOM_UNAVAILABLE', error.message, { retryable: true, status: error.status });
    throw new IntercomError(operation, f, { cause: error });
  }
}
