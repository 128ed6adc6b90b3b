/**
 * How long to wait before trying a request again: pure, so every provider's rate-limit headers can
 * be tested without a clock.
 */
export interface RetryTiming {
  minDelayMs: number;
  maxDelayMs: number;
  /** Longest wait a provider's header may impose before we give up instead of sleeping. */
  maxHeaderWaitMs: number;
}

/** 429, 5xx and the gateway timeouts are worth retrying; other 4xx mean the request itself is wrong. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * The wait a response asks for, in ms, or undefined when it names none. Retry-After is seconds or an
 * HTTP date (RFC 9110; Zendesk, iAdvize); X-RateLimit-Reset is a UNIX time in seconds (Intercom).
 */
export function headerWaitMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('x-rate-limit-reset');
  if (reset !== null && reset.trim() !== '') {
    const epochSeconds = Number(reset);
    if (Number.isFinite(epochSeconds)) return Math.max(0, epochSeconds * 1000 - nowMs);
  }
  return undefined;
}

/** Exponential backoff with full jitter between min and an exponentially growing ceiling. */
export function backoffMs(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** attempt);
  return Math.round(minMs + random() * Math.max(0, ceiling - minMs));
}

/**
 * The delay before retry number `attempt` (0-based). A provider's header wins over our backoff, with
 * a little jitter on top so that many waiting clients do not return in the same millisecond.
 */
export function retryDelayMs(
  attempt: number,
  headers: Headers | undefined,
  timing: RetryTiming,
  nowMs: number,
  random: () => number = Math.random,
): number {
  const asked = headers ? headerWaitMs(headers, nowMs) : undefined;
  if (asked !== undefined) return Math.round(asked + random() * timing.minDelayMs);
  return backoffMs(attempt, timing.minDelayMs, timing.maxDelayMs, random);
}
