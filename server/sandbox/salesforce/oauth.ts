/**
 * OAuth 2.0 endpoints of the sandbox org: /services/oauth2/token (password, JWT bearer, client
 * credentials, refresh token, authorization code), /services/oauth2/authorize (auto-approves: the
 * sandbox has no login page), /services/oauth2/revoke, and the identity URL /id/<orgId>/<userId>.
 *
 * Error bodies are Salesforce's `{ "error": ..., "error_description": ... }` with HTTP 400, e.g.
 * unsupported_grant_type "grant type not supported", invalid_client_id "client identifier invalid",
 * invalid_client "invalid client credentials", invalid_grant "authentication failure",
 * "expired access/refresh token", "audience is invalid", "expired authorization code",
 * "user hasn't approved this consumer", "no client credentials user enabled".
 * (Wording as reported by Salesforce users, e.g. salesforce.stackexchange.com/questions/184363 and
 * /282513; which description a bad signature or an over-long `exp` gets is inferred: "invalid assertion".)
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { OAuthError } from './errors';
import { peekClaims, verifyAssertion } from './jwt';
import { Org } from './org';
import { SRecord } from './records';

export interface ConnectedApp {
  clientId: string;
  clientSecret?: string;
  /** X.509 certificate or public key PEM, for the JWT bearer flow. */
  certificatePem?: string;
  /** The user a client_credentials token runs as. */
  runAsUsername?: string;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  signature: string;
  scope: string;
  instance_url: string;
  id: string;
  token_type: 'Bearer';
  issued_at: string;
}

export interface OAuthContext {
  org: Org;
  /** The sandbox's own URL: instance_url, identity URL host and an accepted JWT audience. */
  url: string;
  apps: ConnectedApp[];
}

interface AuthorizationCode {
  code: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
}

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const JWT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];
/** Salesforce: "exp ... must be within 3 minutes"; a little clock skew is tolerated [tolerance inferred]. */
const MAX_JWT_LIFETIME_S = 180;
const CLOCK_SKEW_S = 30;

const invalidClientId = () => new OAuthError('invalid_client_id', 'client identifier invalid');
const invalidClient = () => new OAuthError('invalid_client', 'invalid client credentials');
const expiredToken = () => new OAuthError('invalid_grant', 'expired access/refresh token');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class OAuthServer {
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(private readonly ctx: OAuthContext) {}

  private app(clientId: string | undefined): ConnectedApp {
    const app = clientId ? this.ctx.apps.find((a) => a.clientId === clientId) : undefined;
    if (!app) throw invalidClientId();
    return app;
  }

  private checkSecret(app: ConnectedApp, secret: string | undefined, required: boolean): void {
    if (secret === undefined || secret === '') {
      if (required) throw invalidClient();
      return;
    }
    if (!app.clientSecret || !safeEqual(app.clientSecret, secret)) throw invalidClient();
  }

  private activeUser(username: unknown): SRecord | undefined {
    if (typeof username !== 'string') return undefined;
    const user = this.ctx.org.userByUsername(username);
    return user && user.IsActive === true ? user : undefined;
  }

  private respond(user: SRecord, app: ConnectedApp, withRefresh: boolean): TokenResponse {
    const { org, url } = this.ctx;
    const userId = user.Id as string;
    const session = org.sessions.issueAccessToken(userId, app.clientId);
    const id = `${url}/id/${org.orgId}/${userId}`;
    const issuedAt = String(session.issuedAt);
    // "Base64-encoded HMAC-SHA256 signature signed with the client_secret ... of the concatenated ID and issued_at".
    const signature = createHmac('sha256', app.clientSecret ?? app.clientId)
      .update(id + issuedAt)
      .digest('base64');
    const response: TokenResponse = {
      access_token: session.token,
      signature,
      scope: withRefresh ? 'refresh_token api' : 'api',
      instance_url: url,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
    if (withRefresh) response.refresh_token = org.sessions.issueRefreshToken(userId, app.clientId).token;
    return response;
  }

  /** POST /services/oauth2/token. `basic` carries client credentials from an Authorization: Basic header. */
  token(params: Record<string, string | undefined>, basic?: { id: string; secret: string }): TokenResponse {
    const clientId = params.client_id ?? basic?.id;
    const clientSecret = params.client_secret ?? basic?.secret;
    switch (params.grant_type) {
      case 'password': {
        const app = this.app(clientId);
        this.checkSecret(app, clientSecret, true);
        const user = this.activeUser(params.username);
        if (!user || params.password !== this.ctx.org.passwordOf(String(user.Username))) {
          throw new OAuthError('invalid_grant', 'authentication failure');
        }
        return this.respond(user, app, false);
      }
      case JWT_GRANT:
        return this.jwtBearer(params.assertion);
      case 'client_credentials': {
        const app = this.app(clientId);
        this.checkSecret(app, clientSecret, true);
        const user = app.runAsUsername ? this.activeUser(app.runAsUsername) : undefined;
        if (!user) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
        return this.respond(user, app, false);
      }
      case 'refresh_token': {
        const app = this.app(clientId);
        this.checkSecret(app, clientSecret, false);
        const grant = this.ctx.org.sessions.refreshGrant(params.refresh_token);
        if (!grant || grant.clientId !== app.clientId) throw expiredToken();
        const user = this.ctx.org.get('User', grant.userId);
        if (!user || user.IsActive !== true) throw expiredToken();
        // A refresh returns a new access token only (no new refresh token).
        return this.respond(user, app, false);
      }
      case 'authorization_code':
        return this.authorizationCode(params, clientId, clientSecret);
      default:
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }
  }

  private jwtBearer(assertion: string | undefined): TokenResponse {
    const peeked = assertion ? peekClaims(assertion) : undefined;
    if (!assertion || !peeked) throw new OAuthError('invalid_grant', 'invalid assertion');
    const app = this.app(typeof peeked.iss === 'string' ? peeked.iss : undefined);
    if (!app.certificatePem) throw new OAuthError('invalid_grant', 'invalid assertion');
    const check = verifyAssertion(assertion, app.certificatePem);
    if (!check.ok) throw new OAuthError('invalid_grant', 'invalid assertion');
    const { aud, exp, sub } = check.claims;
    const audiences = [...JWT_AUDIENCES, this.ctx.url];
    const audList = Array.isArray(aud) ? aud : [aud];
    if (!audList.some((a) => typeof a === 'string' && audiences.includes(a.replace(/\/$/, '')))) {
      throw new OAuthError('invalid_grant', 'audience is invalid');
    }
    const nowS = Math.floor(this.ctx.org.now() / 1000);
    if (typeof exp !== 'number' || exp < nowS - CLOCK_SKEW_S)
      throw new OAuthError('invalid_grant', 'expired authorization code');
    if (exp > nowS + MAX_JWT_LIFETIME_S + CLOCK_SKEW_S)
      throw new OAuthError('invalid_grant', 'invalid assertion');
    const user = this.activeUser(sub);
    if (!user) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
    return this.respond(user, app, false);
  }

  /**
   * GET /services/oauth2/authorize: the sandbox has no login page, so it approves at once as the
   * `login_hint` user (default: the admin) and redirects with ?code=...&state=...
   */
  authorize(params: Record<string, string | undefined>): { redirect: string } {
    if (params.response_type !== 'code')
      throw new OAuthError('unsupported_response_type', 'response type not supported');
    const app = this.app(params.client_id);
    const redirectUri = params.redirect_uri;
    if (!redirectUri) throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
    const user = this.activeUser(params.login_hint ?? this.ctx.org.adminUsername);
    if (!user) throw new OAuthError('invalid_request', 'unknown login_hint');
    const code = `aPrx${randomBytes(30).toString('base64url')}`;
    this.codes.set(code, {
      code,
      clientId: app.clientId,
      userId: user.Id as string,
      redirectUri,
      codeChallenge: params.code_challenge,
      expiresAt: this.ctx.org.now() + 15 * 60 * 1000,
      used: false,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    return { redirect: target.toString() };
  }

  private authorizationCode(
    params: Record<string, string | undefined>,
    clientId?: string,
    clientSecret?: string,
  ): TokenResponse {
    const app = this.app(clientId);
    this.checkSecret(app, clientSecret, false);
    const entry = params.code ? this.codes.get(params.code) : undefined;
    if (!entry || entry.used || entry.clientId !== app.clientId || entry.expiresAt < this.ctx.org.now()) {
      throw new OAuthError('invalid_grant', 'invalid authorization code');
    }
    if (params.redirect_uri !== entry.redirectUri)
      throw new OAuthError('invalid_grant', 'redirect_uri must match configuration');
    if (entry.codeChallenge) {
      const verifier = params.code_verifier ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== entry.codeChallenge) {
        throw new OAuthError('invalid_grant', 'invalid code verifier');
      }
    }
    entry.used = true;
    const user = this.ctx.org.get('User', entry.userId);
    if (!user) throw new OAuthError('invalid_grant', 'invalid authorization code');
    return this.respond(user, app, true);
  }

  /** POST/GET /services/oauth2/revoke: false when the token is unknown. */
  revoke(token: string | undefined): boolean {
    return token ? this.ctx.org.sessions.revoke(token) : false;
  }

  /** GET /id/<orgId>/<userId> (and /services/oauth2/userinfo), for a valid token of that user. */
  identity(userId: string): Record<string, unknown> | undefined {
    const { org, url } = this.ctx;
    const user = org.get('User', userId);
    if (!user) return undefined;
    const v = `${url}/services/data/v{version}/`;
    return {
      id: `${url}/id/${org.orgId}/${user.Id}`,
      asserted_user: true,
      user_id: user.Id,
      organization_id: org.orgId,
      username: user.Username,
      nick_name: user.CommunityNickname,
      display_name: user.Name,
      email: user.Email,
      email_verified: true,
      first_name: user.FirstName,
      last_name: user.LastName,
      timezone: user.TimeZoneSidKey,
      photos: { picture: `${url}/profilephoto/005/F`, thumbnail: `${url}/profilephoto/005/T` },
      addr_street: null,
      addr_city: null,
      addr_state: null,
      addr_country: null,
      addr_zip: null,
      mobile_phone: null,
      mobile_phone_verified: false,
      is_lightning_login_user: false,
      status: { created_date: null, body: null },
      urls: {
        enterprise: `${url}/services/Soap/c/{version}/${org.orgId}`,
        metadata: `${url}/services/Soap/m/{version}/${org.orgId}`,
        partner: `${url}/services/Soap/u/{version}/${org.orgId}`,
        rest: v,
        sobjects: `${v}sobjects/`,
        search: `${v}search/`,
        query: `${v}query/`,
        recent: `${v}recent/`,
        tooling_soap: `${url}/services/Soap/T/{version}/${org.orgId}`,
        tooling_rest: `${v}tooling/`,
        profile: `${url}/${user.Id}`,
        feeds: `${v}chatter/feeds`,
        groups: `${v}chatter/groups`,
        users: `${v}chatter/users`,
        feed_items: `${v}chatter/feed-items`,
        feed_elements: `${v}chatter/feed-elements`,
        custom_domain: url,
      },
      active: user.IsActive,
      user_type: user.UserType === 'Standard' ? 'STANDARD' : String(user.UserType).toUpperCase(),
      language: user.LanguageLocaleKey,
      locale: user.LocaleSidKey,
      utcOffset: 0,
      last_modified_date: user.LastModifiedDate,
      is_app_installed: true,
    };
  }
}
