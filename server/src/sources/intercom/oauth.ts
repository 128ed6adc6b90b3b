/**
 * OAuth for the companion's Intercom connection: the consent URL the admin's browser
 * is sent to, and the code exchange at `/auth/eagle/token`. The `state` is the caller's (the OAuth
 * callback route creates, stores and checks it). The token does not expire and comes without a
 * refresh token, so it is stored as is; a private app's access token from the environment is used the
 * same way.
 */
import { z } from 'zod';
import type { HttpClient } from '../../lib/http-client';
import { err, ok, type Result } from '../../lib/result';
import { IntercomError, IntercomFailure, failure } from './errors';
import {
  AUTHORIZE_URL,
  TOKEN_BASE_URL,
  authorizeUrl as buildAuthorizeUrl,
  tokenExchangeRequest,
} from './requests';
import { errorListDetail, issuesText } from './responses';
import { send } from './transport';

const authorizeInput = z.object({
  clientId: z.string().trim().min(1),
  redirectUri: z.url({ protocol: /^https?$/ }),
  state: z.string().min(16, 'state must be an unguessable value of at least 16 characters'),
  /** The consent page base (default https://app.intercom.com/oauth; the sandbox in tests). */
  authorizeBase: z.url().default(AUTHORIZE_URL),
});

/** The URL to send the admin's browser to. Throws on a setup error (empty client id, short state). */
export function authorizeUrl(input: z.input<typeof authorizeInput>): string {
  const p = authorizeInput.safeParse(input);
  if (!p.success) throw new IntercomError('authorize', failure('INTERCOM_OAUTH_FAILED', issuesText(p.error)));
  return buildAuthorizeUrl(p.data.authorizeBase, p.data);
}

const exchangeInput = z.object({
  code: z.string().trim().min(1),
  clientId: z.string().trim().min(1),
  clientSecret: z.string().min(1),
});

/**
 * [doc] the request; [inferred] the body `{token_type, token, access_token}`: `access_token` is read
 * first and `token` accepted alone, so either spelling works.
 */
const tokenBody = z
  .object({ access_token: z.string().min(1).optional(), token: z.string().min(1).optional() })
  .refine((b) => b.access_token !== undefined || b.token !== undefined, 'no access_token or token');

export interface ExchangeDeps {
  http: HttpClient;
  /** Default https://api.intercom.io; the sandbox URL in tests. */
  tokenBaseUrl?: string;
}

/**
 * Trades an authorization code for an access token. A refused code or client is an expected failure
 * (err INTERCOM_OAUTH_FAILED: the admin must start again); transport trouble throws IntercomError.
 * The code is single use, so a retried 5xx can come back as "invalid code": that also ends as err.
 */
export async function exchangeCode(
  input: z.input<typeof exchangeInput>,
  deps: ExchangeDeps,
): Promise<Result<{ accessToken: string }, IntercomFailure>> {
  const p = exchangeInput.safeParse(input);
  if (!p.success) return err(failure('INTERCOM_OAUTH_FAILED', issuesText(p.error)));
  const op = 'POST /auth/eagle/token';
  const res = await send(deps.http, op, tokenExchangeRequest(deps.tokenBaseUrl ?? TOKEN_BASE_URL, p.data));
  if (res.status >= 400 && res.status < 500) {
    const d = errorListDetail(res.body);
    return err(
      failure('INTERCOM_OAUTH_FAILED', `HTTP ${res.status} ${d?.text ?? ''}`.trim(), { status: res.status }),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new IntercomError(op, failure('INTERCOM_BAD_RESPONSE', `not JSON (HTTP ${res.status})`));
  }
  const body = tokenBody.safeParse(json);
  if (!body.success) throw new IntercomError(op, failure('INTERCOM_BAD_RESPONSE', issuesText(body.error)));
  return ok({ accessToken: (body.data.access_token ?? body.data.token) as string });
}
