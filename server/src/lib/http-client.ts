import axios, { AxiosHeaders, type AxiosInstance } from 'axios';
import { fetchAdapter } from './fetch-adapter';
import type { Logger } from './logger';
import { redactText } from './redact';
import { proxyAgents, proxyFromEnvironment, proxyLabel, type ProxyAgents, type ProxyFor } from './proxy';
import { isRetryableStatus, retryDelayMs, type RetryTiming } from './retry-delay';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

export type HttpFailureKind = 'network' | 'timeout' | 'status' | 'rate_limited' | 'proxy';

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

/** The system error code, on axios's error or (fetch adapter) on its cause. */
function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

const isTimeout = (error: unknown): boolean =>
  // (The deadline's reason is a DOMException, an Error by name only in some realms.)
  codeOf(error) === 'ETIMEDOUT' || (error as { name?: unknown } | null)?.name === 'TimeoutError';

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
  /** The proxy for a URL (default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY through proxy-from-env). */
  proxyFor?: ProxyFor;
  /** A fetch to send through instead of Node's http (tests observe or rewrite traffic with it). */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * HTTP through axios with retries for what is worth retrying: 429 and 5xx (honouring Retry-After and
 * X-RateLimit-Reset), resets and timeouts, with exponential backoff and jitter. Other 4xx come back
 * to the caller at once: they describe the request, and repeating it cannot help. A request that
 * is not idempotent is repeated only when it cannot have been applied (see HttpRequest.idempotent).
 * A proxy that refuses the request (407, or a refused CONNECT) fails it at once, naming the proxy.
 */
export class HttpClient {
  private readonly o: Required<Omit<HttpClientOptions, 'timing' | 'fetch'>> & {
    timing: RetryTiming;
    fetch?: typeof fetch;
  };
  private readonly axios: AxiosInstance;
  private readonly agents = new Map<string, ProxyAgents>();
  readonly counters = { requests: 0, retries: 0, rateLimited: 0 };

  constructor(options: HttpClientOptions) {
    this.o = {
      timeoutMs: 30_000,
      maxAttempts: 5,
      maxRateLimitWaits: 20,
      proxyFor: proxyFromEnvironment,
      sleep: defaultSleep,
      now: Date.now,
      random: Math.random,
      ...options,
      timing: { minDelayMs: 250, maxDelayMs: 20_000, maxHeaderWaitMs: 120_000, ...options.timing },
    };
    this.axios = axios.create({
      timeout: this.o.timeoutMs,
      transitional: { clarifyTimeoutError: true },
      // Every status is an answer for the retry loop to judge; bodies are passed on as sent.
      validateStatus: () => true,
      responseType: 'text',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      // Proxies are chosen per URL below (NO_PROXY included), never by axios from the environment.
      proxy: false,
      ...(this.o.fetch && { adapter: fetchAdapter(this.o.fetch) }),
    });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const log = this.o.logger;
    const repeatable = isIdempotent(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const proxy = this.o.fetch ? undefined : this.o.proxyFor(req.url);
    const via = proxy ? ` through the proxy ${proxyLabel(proxy)}` : '';
    const what = `${this.o.name}: ${method} ${pathOf(req.url)}`;
    let failures = 0;
    let waits = 0;
    for (;;) {
      this.counters.requests += 1;
      let response: HttpResponse;
      try {
        response = await this.once(req, method, proxy);
      } catch (error) {
        if (error instanceof HttpError) throw error;
        const kind: HttpFailureKind = isTimeout(error) ? 'timeout' : 'network';
        const neverSent = NEVER_SENT.has(codeOf(error) ?? '');
        failures += 1;
        if (failures >= this.o.maxAttempts || !(repeatable || neverSent)) {
          const reason = proxy && neverSent ? `: the proxy ${proxyLabel(proxy)} could not be reached` : via;
          throw new HttpError(kind, `${what} failed after ${failures} attempts (${kind})${reason}`, {
            cause: plainCause(error),
          });
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
          `${what} answered ${response.status} after ${failures} attempts${via}`,
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

  private async once(req: HttpRequest, method: string, proxy: string | undefined): Promise<HttpResponse> {
    const agents = proxy ? this.agentsFor(proxy) : undefined;
    // axios's `timeout` only bounds each silence of the socket: an answer that trickles in would
    // hold a run for ever. The deadline bounds the whole request.
    const deadline = AbortSignal.timeout(this.o.timeoutMs);
    const res = await this.axios
      .request<string>({
        method,
        url: req.url,
        headers: req.headers,
        data: req.body,
        signal: deadline,
        ...(agents && { httpAgent: agents.httpAgent, httpsAgent: agents.httpsAgent }),
      })
      .catch((error: unknown) => {
        // Aborted by the deadline: a timeout (DOMException TimeoutError), not a cancellation.
        throw deadline.aborted ? deadline.reason : error;
      });
    const refused = res.status === 407 ? 407 : agents?.refusal(res.request);
    if (proxy && refused !== undefined) {
      throw new HttpError(
        'proxy',
        `${this.o.name}: the proxy ${proxyLabel(proxy)} refused ${method} ${pathOf(req.url)} (HTTP ${refused})`,
        { status: refused },
      );
    }
    // The Fetch API's Headers, which the response parsers read (set-cookie, joined, is never used).
    const headers = new Headers(
      AxiosHeaders.from(res.headers as AxiosHeaders).toJSON(true) as Record<string, string>,
    );
    return { status: res.status, headers, body: res.data ?? '' };
  }

  private agentsFor(proxy: string): ProxyAgents {
    let agents = this.agents.get(proxy);
    if (!agents) this.agents.set(proxy, (agents = proxyAgents(proxy)));
    return agents;
  }
}

/**
 * The transport error as a plain one: axios's error carries the request's config (Authorization
 * header, body with tokens) and its socket, which must not reach a log.
 */
function plainCause(error: unknown): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  return Object.assign(new Error(redactText(e.message)), { name: e.name, code: codeOf(error) });
}

/** The path of a URL without its query string: queries can carry emails or keys, logs must not. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}
