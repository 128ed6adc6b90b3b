import type { Logger } from './logger';
import { isRetryableStatus, retryDelayMs, type RetryTiming } from './retry-delay';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

export type HttpFailureKind = 'network' | 'timeout' | 'status' | 'rate_limited';

/** A request that could not get a usable answer after its retries. */
export class HttpError extends Error {
  readonly kind: HttpFailureKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    kind: HttpFailureKind,
    message: string,
    extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'HttpError';
    this.kind = kind;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Whether sending it twice is harmless. Defaults to true for GET, HEAD, PUT, DELETE and OPTIONS,
   * false otherwise: a POST whose answer was lost may have been applied (a Zendesk refresh rotates
   * the token it used), so it is repeated only when refused unprocessed (429, connection refused)
   * unless the caller opts in (an iAdvize creation carries an externalId that makes a repeat safe).
   */
  idempotent?: boolean;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
// Errors raised before the request reached the server: repeating it cannot apply it twice.
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const isIdempotent = (req: HttpRequest): boolean =>
  req.idempotent ?? IDEMPOTENT_METHODS.has((req.method ?? 'GET').toUpperCase());

function neverSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && NEVER_SENT.has(code);
}

export interface HttpClientOptions {
  /** The provider, for logs: 'iadvize', 'zendesk', ... */
  name: string;
  logger: Logger;
  timeoutMs?: number;
  /** Tries for failures (5xx, network, timeouts), the first included. */
  maxAttempts?: number;
  /** 429 waits allowed per request; they do not use up maxAttempts (being told to wait is not failing). */
  maxRateLimitWaits?: number;
  timing?: Partial<RetryTiming>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * HTTP with retries for what is worth retrying: 429 and 5xx (honouring Retry-After and
 * X-RateLimit-Reset), resets and timeouts, with exponential backoff and jitter. Other 4xx come back
 * to the caller at once: they describe the request, and repeating it cannot help. A request that
 * is not idempotent is repeated only when it cannot have been applied (see HttpRequest.idempotent).
 */
export class HttpClient {
  private readonly o: Required<Omit<HttpClientOptions, 'timing'>> & { timing: RetryTiming };
  readonly counters = { requests: 0, retries: 0, rateLimited: 0 };

  constructor(options: HttpClientOptions) {
    this.o = {
      timeoutMs: 30_000,
      maxAttempts: 5,
      maxRateLimitWaits: 20,
      fetch: globalThis.fetch,
      sleep: defaultSleep,
      now: Date.now,
      random: Math.random,
      ...options,
      timing: { minDelayMs: 250, maxDelayMs: 20_000, maxHeaderWaitMs: 120_000, ...options.timing },
    };
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const log = this.o.logger;
    const repeatable = isIdempotent(req);
    let failures = 0;
    let waits = 0;
    for (;;) {
      this.counters.requests += 1;
      let response: HttpResponse;
      try {
        response = await this.once(req);
      } catch (error) {
        const kind: HttpFailureKind =
          error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network';
        failures += 1;
        if (failures >= this.o.maxAttempts || !(repeatable || neverSent(error))) {
          throw new HttpError(
            kind,
            `${this.o.name}: ${req.method ?? 'GET'} ${pathOf(req.url)} failed after ${failures} attempts (${kind})`,
            { cause: error },
          );
        }
        const delay = retryDelayMs(failures - 1, undefined, this.o.timing, this.o.now(), this.o.random);
        log.warn(
          { provider: this.o.name, kind, attempt: failures, retryInMs: delay },
          'request failed; retrying',
        );
        this.counters.retries += 1;
        await this.o.sleep(delay);
        continue;
      }
      if (!isRetryableStatus(response.status)) return response;

      const rateLimited = response.status === 429;
      if (rateLimited) {
        waits += 1;
        this.counters.rateLimited += 1;
      } else failures += 1;
      const delay = retryDelayMs(
        rateLimited ? waits - 1 : failures - 1,
        response.headers,
        this.o.timing,
        this.o.now(),
        this.o.random,
      );
      if (rateLimited && (waits > this.o.maxRateLimitWaits || delay > this.o.timing.maxHeaderWaitMs)) {
        throw new HttpError(
          'rate_limited',
          `${this.o.name}: rate limited on ${pathOf(req.url)}; retry in ${delay} ms`,
          {
            status: 429,
            retryAfterMs: delay,
          },
        );
      }
      if (!rateLimited && (failures >= this.o.maxAttempts || !repeatable)) {
        throw new HttpError(
          'status',
          `${this.o.name}: ${req.method ?? 'GET'} ${pathOf(req.url)} answered ${response.status} after ${failures} attempts`,
          {
            status: response.status,
          },
        );
      }
      log.warn(
        { provider: this.o.name, status: response.status, retryInMs: delay },
        'retryable response; retrying',
      );
      this.counters.retries += 1;
      await this.o.sleep(delay);
    }
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.o.fetch(req.url, {
      method: req.method ?? 'GET',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(this.o.timeoutMs),
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  }
}

/** The path of a URL without its query string: queries can carry emails or keys, logs must not. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}
