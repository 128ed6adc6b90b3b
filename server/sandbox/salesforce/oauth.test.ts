import { Connection, OAuth2 } from 'jsforce';
import { createHash, randomBytes } from 'node:crypto';
import { SalesforceSandbox } from './server';
import { APP, TestKeys, generateTestKeys, jwtAssertion, rejectionOf, startTestSandbox } from './test-helpers';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const USERNAME = 'integration@usersync.test';

describe('OAuth against jsforce', () => {
  let sandbox: SalesforceSandbox;
  let certKeys: TestKeys;
  let bareKeys: TestKeys;
  let userId: string;

  beforeAll(() => {
    certKeys = generateTestKeys();
    bareKeys = generateTestKeys();
  });

  beforeEach(async () => {
    sandbox = await startTestSandbox({
      connectedApps: [
        { ...APP, certificatePem: certKeys.certificatePem, runAsUsername: USERNAME },
        { clientId: 'public-key-app', certificatePem: bareKeys.publicKeyPem },
        { clientId: 'no-run-as', clientSecret: 'x' },
      ],
    });
    userId = sandbox.org.addUser({
      Username: USERNAME,
      LastName: 'Integration',
      Email: 'integration@example.com',
    });
  });

  afterEach(() => sandbox.close());

  const nowS = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: APP.clientId,
    sub: USERNAME,
    aud: 'https://login.salesforce.com',
    exp: nowS() + 180,
    ...extra,
  });

  async function jwtLogin(assertion: string): Promise<Connection> {
    const conn = new Connection({ loginUrl: sandbox.url, version: '62.0' });
    await conn.authorize({ grant_type: JWT_GRANT, assertion });
    return conn;
  }

  describe('JWT bearer', () => {
    it('issues a session for a certificate-signed assertion, without a refresh token', async () => {
      const oauth2 = new OAuth2({ loginUrl: sandbox.url });
      const res = await oauth2.requestToken({
        grant_type: JWT_GRANT,
        assertion: jwtAssertion(certKeys.privateKey, claims()),
      });
      expect(res).toMatchObject({
        instance_url: sandbox.url,
        token_type: 'Bearer',
        scope: 'api',
        id: `${sandbox.url}/id/${sandbox.orgId}/${userId}`,
      });
      expect(res.refresh_token).toBeUndefined();
      expect(res.access_token).toMatch(new RegExp(`^${sandbox.orgId.slice(0, 15)}!`));
      expect(res.issued_at).toMatch(/^\d{13}$/);
      expect(res.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);

      const conn = await jwtLogin(jwtAssertion(certKeys.privateKey, claims()));
      expect(conn.userInfo).toMatchObject({ id: userId, organizationId: sandbox.orgId });
      const identity = await conn.identity();
      expect(identity).toMatchObject({ user_id: userId, organization_id: sandbox.orgId, username: USERNAME });
      expect(
        (await conn.query('SELECT Username FROM User WHERE Id = ' + `'${userId}'`)).records[0].Username,
      ).toBe(USERNAME);
    });

    it('accepts an app registered with a bare public key, and the sandbox url or test.salesforce.com as audience', async () => {
      const a = await jwtLogin(
        jwtAssertion(bareKeys.privateKey, claims({ iss: 'public-key-app', aud: sandbox.url })),
      );
      const b = await jwtLogin(
        jwtAssertion(
          bareKeys.privateKey,
          claims({ iss: 'public-key-app', aud: 'https://test.salesforce.com' }),
        ),
      );
      expect(a.accessToken).not.toBe(b.accessToken);
    });

    it('answers invalid assertions as Salesforce does', async () => {
      const cases: Array<[string, string, string]> = [
        [
          jwtAssertion(certKeys.privateKey, claims({ aud: 'https://evil.example.com' })),
          'invalid_grant',
          'audience is invalid',
        ],
        [
          jwtAssertion(certKeys.privateKey, claims({ exp: nowS() - 3600 })),
          'invalid_grant',
          'expired authorization code',
        ],
        [
          jwtAssertion(certKeys.privateKey, claims({ sub: 'nobody@example.com' })),
          'invalid_grant',
          "user hasn't approved this consumer",
        ],
        [jwtAssertion(bareKeys.privateKey, claims()), 'invalid_grant', 'invalid assertion'], // signed with the wrong key
        [
          jwtAssertion(certKeys.privateKey, claims({ iss: 'unknown-app' })),
          'invalid_client_id',
          'client identifier invalid',
        ],
        [jwtAssertion(certKeys.privateKey, claims(), { alg: 'HS256' }), 'invalid_grant', 'invalid assertion'],
        ['not-a-jwt', 'invalid_grant', 'invalid assertion'],
      ];
      for (const [assertion, error, description] of cases) {
        const e = await rejectionOf(jwtLogin(assertion));
        expect({ name: e.name, message: e.message }).toEqual({ name: error, message: description });
      }
    });

    it('refuses an inactive user', async () => {
      sandbox.org.update('User', [{ Id: userId, IsActive: false }]);
      const e = await rejectionOf(jwtLogin(jwtAssertion(certKeys.privateKey, claims())));
      expect(e.name).toBe('invalid_grant');
    });
  });

  describe('refresh token', () => {
    it('refreshes automatically after every access token is revoked (401 INVALID_SESSION_ID)', async () => {
      const refreshToken = sandbox.org.issueRefreshToken(APP.clientId, USERNAME);
      const conn = new Connection({
        instanceUrl: sandbox.url,
        accessToken: sandbox.org.issueAccessToken(USERNAME),
        refreshToken,
        version: '62.0',
        oauth2: { clientId: APP.clientId, clientSecret: APP.clientSecret, loginUrl: sandbox.url },
      });
      const refreshed: string[] = [];
      conn.on('refresh', (token: string) => refreshed.push(token));
      await conn.query('SELECT Id FROM User LIMIT 1');
      const before = conn.accessToken;

      sandbox.org.revokeAccessTokens();
      const raw = await fetch(`${sandbox.url}/services/data/v62.0/limits`, {
        headers: { Authorization: `Bearer ${before}` },
      });
      expect(raw.status).toBe(401);
      expect(await raw.json()).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);

      const result = await conn.query('SELECT Id FROM User LIMIT 1');
      expect(result.totalSize).toBe(1);
      expect(refreshed).toHaveLength(1);
      expect(conn.accessToken).not.toBe(before);
      expect(sandbox.org.counters.byKind.oauth).toBe(1);
    });

    it('says "expired access/refresh token" for a revoked refresh token', async () => {
      const oauth2 = new OAuth2({
        loginUrl: sandbox.url,
        clientId: APP.clientId,
        clientSecret: APP.clientSecret,
      });
      const token = sandbox.org.issueRefreshToken(APP.clientId, USERNAME);
      await expect(oauth2.refreshToken(token)).resolves.toMatchObject({ instance_url: sandbox.url });
      await oauth2.revokeToken(token);
      const e = await rejectionOf(oauth2.refreshToken(token));
      expect({ name: e.name, message: e.message }).toEqual({
        name: 'invalid_grant',
        message: 'expired access/refresh token',
      });
      const wrongSecret = new OAuth2({ loginUrl: sandbox.url, clientId: APP.clientId, clientSecret: 'nope' });
      expect(
        (await rejectionOf(wrongSecret.refreshToken(sandbox.org.issueRefreshToken(APP.clientId)))).name,
      ).toBe('invalid_client');
    });

    it('comes from the web-server flow: authorize -> code (with PKCE) -> token', async () => {
      const redirectUri = 'http://127.0.0.1/callback';
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const oauth2 = new OAuth2({
        loginUrl: sandbox.url,
        clientId: APP.clientId,
        clientSecret: APP.clientSecret,
        redirectUri,
      });
      const authorizeUrl = oauth2.getAuthorizationUrl({
        state: 'xyz',
        code_challenge: challenge,
        login_hint: USERNAME,
      });
      const redirect = await fetch(authorizeUrl, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const location = new URL(redirect.headers.get('location') as string);
      expect(location.searchParams.get('state')).toBe('xyz');
      const code = location.searchParams.get('code') as string;
      const res = await oauth2.requestToken(code, { code_verifier: verifier });
      expect(res.refresh_token).toMatch(/^5Aep861/);
      expect(res.scope).toBe('refresh_token api');
      expect(res.id.endsWith(`/${userId}`)).toBe(true);
      // A code is single use.
      expect((await rejectionOf(oauth2.requestToken(code, { code_verifier: verifier }))).name).toBe(
        'invalid_grant',
      );
    });
  });

  describe('client credentials and password', () => {
    it('runs client credentials as the app run-as user', async () => {
      const conn = new Connection({
        version: '62.0',
        oauth2: { clientId: APP.clientId, clientSecret: APP.clientSecret, loginUrl: sandbox.url },
      });
      const info = await conn.authorize({ grant_type: 'client_credentials' });
      expect(info.id).toBe(userId);
      expect(conn.refreshToken).toBeUndefined();
    });

    it('rejects client credentials with a bad secret or without a run-as user', async () => {
      const bad = new OAuth2({ loginUrl: sandbox.url, clientId: APP.clientId, clientSecret: 'wrong' });
      const e1 = await rejectionOf(bad.requestToken({ grant_type: 'client_credentials' }));
      expect({ name: e1.name, message: e1.message }).toEqual({
        name: 'invalid_client',
        message: 'invalid client credentials',
      });
      const noUser = new OAuth2({ loginUrl: sandbox.url, clientId: 'no-run-as', clientSecret: 'x' });
      const e2 = await rejectionOf(noUser.requestToken({ grant_type: 'client_credentials' }));
      expect({ name: e2.name, message: e2.message }).toEqual({
        name: 'invalid_grant',
        message: 'no client credentials user enabled',
      });
    });

    it('logs in with the username-password flow (no refresh token) and refuses a wrong password', async () => {
      sandbox.org.setPassword(USERNAME, 'pw+securitytoken');
      const conn = new Connection({
        version: '62.0',
        oauth2: { clientId: APP.clientId, clientSecret: APP.clientSecret, loginUrl: sandbox.url },
      });
      const info = await conn.login(USERNAME, 'pw+securitytoken');
      expect(info.id).toBe(userId);
      expect(conn.refreshToken).toBeUndefined();
      const other = new Connection({
        version: '62.0',
        oauth2: { clientId: APP.clientId, clientSecret: APP.clientSecret, loginUrl: sandbox.url },
      });
      const e = await rejectionOf(other.login(USERNAME, 'wrong'));
      expect({ name: e.name, message: e.message }).toEqual({
        name: 'invalid_grant',
        message: 'authentication failure',
      });
    });

    it('rejects unknown grant types and unknown clients', async () => {
      const oauth2 = new OAuth2({ loginUrl: sandbox.url, clientId: 'who', clientSecret: 'x' });
      const e1 = await rejectionOf(oauth2.requestToken({ grant_type: 'magic' }));
      expect({ name: e1.name, message: e1.message }).toEqual({
        name: 'unsupported_grant_type',
        message: 'grant type not supported',
      });
      const e2 = await rejectionOf(oauth2.authenticate(USERNAME, 'x'));
      expect({ name: e2.name, message: e2.message }).toEqual({
        name: 'invalid_client_id',
        message: 'client identifier invalid',
      });
      const raw = await fetch(`${sandbox.url}/services/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'magic' }),
      });
      expect(raw.status).toBe(400);
    });
  });

  it('revokes a single access token through /services/oauth2/revoke (jsforce logout)', async () => {
    const conn = new Connection({
      version: '62.0',
      oauth2: { clientId: APP.clientId, clientSecret: APP.clientSecret, loginUrl: sandbox.url },
    });
    await conn.login(USERNAME, 'sandbox-password');
    const token = conn.accessToken as string;
    const other = sandbox.org.issueAccessToken(USERNAME);
    await conn.logout();
    const check = (t: string) =>
      fetch(`${sandbox.url}/services/data/v62.0/`, { headers: { Authorization: `OAuth ${t}` } }).then(
        (r) => r.status,
      );
    expect(await check(token)).toBe(401);
    expect(await check(other)).toBe(200);
  });
});
