/**
 * The error bodies the sandbox sends, in one place with their source. Zendesk API
 * errors are `{error, description}` (RecordNotFound, RecordInvalid, ...); OAuth errors follow RFC 6749
 * `{error, error_description}`; the edge in front of the API has its own shape.
 */
import { Response } from 'express';

/** [secondary] `{"error":"RecordNotFound",...}`; the description text is [inferred]. */
export function notFound(res: Response): void {
  res.status(404).json({ error: 'RecordNotFound', description: 'Not found' });
}

/** [inferred] unknown routes: Zendesk answers `InvalidEndpoint` for paths it does not serve. */
export function invalidEndpoint(res: Response): void {
  res.status(404).json({ error: 'InvalidEndpoint', description: 'Not found' });
}

/** [inferred] a bad query parameter (cursor, page size, ...). */
export function badRequest(res: Response, description: string): void {
  res.status(400).json({ error: 'InvalidPaginationParameter', description });
}

/** [secondary] 401 "Couldn't authenticate you" for missing or wrong credentials. */
export function cannotAuthenticate(res: Response): void {
  res.status(401).json({ error: "Couldn't authenticate you" });
}

/**
 * A token whose scope does not cover the request. The shape is Zendesk's, as observed by
 * singer-io/tap-zendesk (its tests record `{"error": "Forbidden", "description": "You are missing the
 * following required scopes: read"}` for an access token without `read`).
 */
export function forbiddenScope(res: Response, scope: string): void {
  res
    .status(403)
    .json({ error: 'Forbidden', description: `You are missing the following required scopes: ${scope}` });
}

/**
 * [inferred] an expired, revoked or unknown OAuth access token: RFC 6750 section 3.1 `invalid_token`, with
 * the challenge header, so a client can tell "refresh and retry" from "wrong credentials".
 */
export function invalidToken(res: Response): void {
  res.status(401).set('WWW-Authenticate', 'Bearer realm="Zendesk", error="invalid_token"').json({
    error: 'invalid_token',
    error_description:
      'The access token provided is expired, revoked, malformed or invalid for other reasons.',
  });
}

/**
 * [doc] 429 with `Retry-After` in seconds. The body is [inferred], modelled on the documented
 * incremental-export one (`APIRateLimitExceeded`).
 */
export function rateLimited(res: Response, retryAfterSeconds: number): void {
  const body = {
    error: 'APIRateLimitExceeded',
    description: 'Number of allowed API requests per minute exceeded',
  };
  res.status(429).set('Retry-After', String(retryAfterSeconds)).json(body);
}

/**
 * [doc, airbyte #14253] the edge-protection 429 body. [inferred] it carries no Retry-After (none
 * is reported for it), so clients must fall back to their own backoff.
 */
export function edgeRateLimited(res: Response): void {
  res
    .status(429)
    .json({ detail: 'Rate limited by Zendesk edge protection', status: '429', title: 'Automated response' });
}

/** [inferred] 500 from the application is JSON; 502/503 come from the proxy in front, as HTML. */
export function serverError(res: Response, status: 500 | 502 | 503): void {
  if (status === 500) {
    res.status(500).json({ error: 'InternalServerError', description: 'An unexpected error occurred' });
    return;
  }
  const reason = status === 502 ? 'Bad Gateway' : 'Service Unavailable';
  res
    .status(status)
    .type('html')
    .send(
      `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`,
    );
}

/** RFC 6749 section 5.2 token-endpoint errors; `Cache-Control: no-store` as section 5.1 requires. */
export function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}
