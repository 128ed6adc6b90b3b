import { OAuth2 } from 'jsforce';
import { z } from 'zod';
import type { SalesforceAuthConfig } from '../config';
import { CompanionError, messageOf } from '../lib/errors';
import { proxyFromEnvironment, proxyLabel, type ProxyFor } from '../lib/proxy';
import { buildJwtAssertion, jwtAudience } from './jwt';
import { jsforceProxy } from './proxy';

/** What Salesforce's token endpoint returns and the companion needs. */
export interface SalesforceToken {
  accessToken: string;
  instanceUrl: string;
  /** Identity URL, ending in /<orgId>/<userId>. */
  id: string;
}

/** Fetches a fresh access token each time it is called. */
export type TokenSource = () => Promise<SalesforceToken>;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  instance_url: z.string().min(1),
  id: z.string(),
});

const notALoginEndpoint = (loginUrl: string, what: string) =>
  new CompanionError('SF_LOGIN_URL_INVALID', `${loginUrl} (${what})`);

/** The token in Salesforce's answer; an answer without one did not come from a token endpoint. */
function toToken(loginUrl: string, res: unknown): SalesforceToken {
  const parsed = tokenResponse.safeParse(res);
  if (!parsed.success) throw notALoginEndpoint(loginUrl, 'it answered without an access token');
  return { accessToken: parsed.data.access_token, instanceUrl: parsed.data.instance_url, id: parsed.data.id };
}

/**
 * What a refused token request means. jsforce names the error after Salesforce's `error` field
 * (invalid_grant, invalid_client_id, ...) or `ERROR_HTTP_<status>`, and puts the body in the message
 * when it is not Salesforce's JSON: an HTML page below 500 means the URL is some web server, not a
 * Salesforce login endpoint; it is named by its title, never copied whole.
 */
function tokenFailure(loginUrl: string, error: unknown, proxy: string | undefined): CompanionError {
  const text = messageOf(error);
  const name = error instanceof Error && error.name !== 'Error' ? error.name : '';
  // A refusing proxy answers in the token endpoint's place (often with an HTML page of its own).
  const via = proxy ? ` through the proxy ${proxyLabel(proxy)}` : '';
  if (proxy && name === 'ERROR_HTTP_407')
    return new CompanionError(
      'SF_AUTH_FAILED',
      `the proxy ${proxyLabel(proxy)} refused the token request to ${loginUrl} (HTTP 407)`,
      { cause: error },
    );
  if (/^\s*</.test(text)) {
    const title = /<title>([^<]{1,80})<\/title>/i.exec(text)?.[1]?.trim();
    const page = `an HTML page${title ? ` "${title}"` : ''}`;
    const status = Number(/^ERROR_HTTP_(\d{3})$/.exec(name)?.[1] ?? 0);
    if (status < 500) return notALoginEndpoint(loginUrl, `it answered ${page}${via}`);
    return new CompanionError('SF_AUTH_FAILED', `HTTP ${status}: ${loginUrl} answered ${page}${via}`, {
      cause: error,
    });
  }
  const detail = `${name ? `${name}: ` : ''}${text}`.replace(/\s+/g, ' ').slice(0, 300) + via;
  return new CompanionError('SF_AUTH_FAILED', detail, { cause: error });
}

/**
 * Server-to-server authentication. The JWT bearer flow mints a new assertion per token and gets no
 * refresh token; the refresh-token flow reuses the long-lived refresh token an admin authorised.
 * Token requests go through the proxy chosen for the login URL.
 */
export function createTokenSource(
  auth: SalesforceAuthConfig,
  proxyFor: ProxyFor = proxyFromEnvironment,
): TokenSource {
  const proxy = jsforceProxy(auth.loginUrl, proxyFor);
  const failure = (error: unknown) => tokenFailure(auth.loginUrl, error, proxy.httpProxy);
  if (auth.flow === 'jwt') {
    const oauth2 = new OAuth2({ loginUrl: auth.loginUrl, ...proxy });
    const audience = jwtAudience(auth.loginUrl);
    return async () => {
      const assertion = buildJwtAssertion(
        { clientId: auth.clientId, username: auth.username, audience },
        auth.privateKeyPem,
      );
      let res: unknown;
      try {
        res = await oauth2.requestToken({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        });
      } catch (error) {
        throw failure(error);
      }
      return toToken(auth.loginUrl, res);
    };
  }
  const oauth2 = new OAuth2({
    loginUrl: auth.loginUrl,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    ...proxy,
  });
  return async () => {
    let res: unknown;
    try {
      res = await oauth2.refreshToken(auth.refreshToken);
    } catch (error) {
      throw failure(error);
    }
    return toToken(auth.loginUrl, res);
  };
}
