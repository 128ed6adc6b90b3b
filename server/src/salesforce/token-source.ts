import { OAuth2 } from 'jsforce';
import type { SalesforceAuthConfig } from '../config';
import { CompanionError, messageOf } from '../lib/errors';
import { buildJwtAssertion, jwtAudience } from './jwt';

/** What Salesforce's token endpoint returns and the companion needs. */
export interface SalesforceToken {
  accessToken: string;
  instanceUrl: string;
  /** Identity URL, ending in /<orgId>/<userId>. */
  id: string;
}

/** Fetches a fresh access token each time it is called. */
export type TokenSource = () => Promise<SalesforceToken>;

interface TokenResponse {
  access_token: string;
  instance_url: string;
  id: string;
}

function toToken(res: TokenResponse): SalesforceToken {
  return { accessToken: res.access_token, instanceUrl: res.instance_url, id: res.id };
}

function authFailed(error: unknown): CompanionError {
  // jsforce names the error after Salesforce's `error` field (invalid_grant, invalid_client_id, ...).
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return new CompanionError('SF_AUTH_FAILED', `${name}${messageOf(error)}`, { cause: error });
}

/**
 * Server-to-server authentication. The JWT bearer flow mints a new assertion per token and gets no
 * refresh token; the refresh-token flow reuses the long-lived refresh token an admin authorised.
 */
export function createTokenSource(auth: SalesforceAuthConfig): TokenSource {
  if (auth.flow === 'jwt') {
    const oauth2 = new OAuth2({ loginUrl: auth.loginUrl });
    const audience = jwtAudience(auth.loginUrl);
    return async () => {
      const assertion = buildJwtAssertion(
        { clientId: auth.clientId, username: auth.username, audience },
        auth.privateKeyPem,
      );
      try {
        const res = (await oauth2.requestToken({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        })) as unknown as TokenResponse;
        return toToken(res);
      } catch (error) {
        throw authFailed(error);
      }
    };
  }
  const oauth2 = new OAuth2({
    loginUrl: auth.loginUrl,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
  });
  return async () => {
    try {
      return toToken((await oauth2.refreshToken(auth.refreshToken)) as unknown as TokenResponse);
    } catch (error) {
      throw authFailed(error);
    }
  };
}
