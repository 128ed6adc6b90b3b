/**
 * The token endpoint's answers. [doc] success body `{access_token, expires_in: 86400,
 * token_type: 'Bearer' | 'bearer', refresh_token}`. [inferred] refusals as OAuth errors
 * `{error, error_description}` (RFC 6749 section 5.2).
 */
import { z } from 'zod';
import type { HttpResponse } from '../lib/http-client';
import { err, ok, type Result } from '../lib/result';
import { parseShape, readJson } from './body';
import { IAdvizeFailure, failure } from './errors';

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

const tokenBody = z.object({
  access_token: z.string().min(1),
  // Documented as a number; a string of digits is accepted too.
  expires_in: z.coerce.number().int().positive(),
  token_type: z.string().regex(/^bearer$/i, 'expected "Bearer"'),
});

const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });

/** OAuth errors meaning our credentials are wrong, not that the request was malformed. */
const CREDENTIAL_ERRORS = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'access_denied',
]);

export function parseTokenResponse(res: HttpResponse): Result<IssuedToken, IAdvizeFailure> {
  if (res.status >= 500) return err(failure('IADVIZE_UNAVAILABLE', `HTTP ${res.status}`, true));
  const json = readJson(res);
  if (!json.ok) return json;
  if (res.status !== 200) {
    const refusal = oauthError.safeParse(json.value);
    const what = refusal.success
      ? `${refusal.data.error}${refusal.data.error_description ? `: ${refusal.data.error_description}` : ''}`
      : `HTTP ${res.status}`;
    if (res.status === 429) return err(failure('IADVIZE_RATE_LIMITED', what, true));
    const credentials = res.status === 401 || (refusal.success && CREDENTIAL_ERRORS.has(refusal.data.error));
    return err(failure(credentials ? 'IADVIZE_AUTH_FAILED' : 'IADVIZE_REQUEST_REJECTED', what));
  }
  const token = parseShape(tokenBody, json.value, 'token response');
  if (!token.ok) return token;
  return ok({ accessToken: token.value.access_token, expiresInSeconds: token.value.expires_in });
}
