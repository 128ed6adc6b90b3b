import { generateKeyPairSync } from 'node:crypto';
import { CompanionError } from '../lib/errors';
import { INTEGRATION_USERNAME } from '../../sandbox/stack';
import { startSalesforceFixture, type SalesforceFixture } from '../../test/salesforce-fixture';
import { SalesforceSession } from './session';
import { createTokenSource } from './token-source';

const SECRET_APP = { clientId: 'RefreshApp', clientSecret: 'refresh-secret' };

describe('Salesforce authentication against the sandbox (jsforce)', () => {
  let fx: SalesforceFixture;

  beforeAll(async () => {
    fx = await startSalesforceFixture({ connectedApps: [SECRET_APP] });
  });
  afterAll(() => fx.close());

  it('JWT bearer: mints an assertion, gets a session and queries as the integration user', async () => {
    const session = await SalesforceSession.open(createTokenSource(fx.jwtAuth), fx.sandbox.apiVersion);
    expect(session.connection.instanceUrl).toBe(fx.sandbox.url);
    const result = await session.connection.query<{ Id: string; Username: string }>(
      `SELECT Id, Username FROM User WHERE Id = '${fx.integrationUserId}'`,
    );
    expect(result.records.map((r) => r.Username)).toEqual([INTEGRATION_USERNAME]);
  });

  it('JWT bearer: an assertion signed with another key is refused with Salesforce’s error', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const source = createTokenSource({ ...fx.jwtAuth, privateKeyPem: stranger });
    const error = await source().catch((e) => e);
    expect(error).toBeInstanceOf(CompanionError);
    expect(error.code).toBe('SF_AUTH_FAILED');
    expect(error.message).toMatch(/invalid_grant/);
  });

  it('JWT bearer: an unknown consumer key is refused', async () => {
    const error = await createTokenSource({ ...fx.jwtAuth, clientId: 'nobody' })().catch((e) => e);
    expect(error.code).toBe('SF_AUTH_FAILED');
    expect(error.message).toMatch(/invalid_client_id|invalid_grant/);
  });

  it('refresh token: gets an access token from a stored refresh token', async () => {
    const refreshToken = fx.sandbox.org.issueRefreshToken(SECRET_APP.clientId, INTEGRATION_USERNAME);
    const source = createTokenSource({
      flow: 'refresh_token',
      loginUrl: fx.sandbox.url,
      ...SECRET_APP,
      refreshToken,
    });
    const session = await SalesforceSession.open(source, fx.sandbox.apiVersion);
    const count = await session.connection.query('SELECT COUNT() FROM User');
    expect(count.totalSize).toBeGreaterThan(0);
  });

  it('refresh token: a revoked or made-up refresh token is refused', async () => {
    const source = createTokenSource({
      flow: 'refresh_token',
      loginUrl: fx.sandbox.url,
      ...SECRET_APP,
      refreshToken: '5Aep861made.up',
    });
    const error = await source().catch((e) => e);
    expect(error.code).toBe('SF_AUTH_FAILED');
    expect(error.message).toMatch(/invalid_grant/);
  });

  it('a REST call meeting INVALID_SESSION_ID gets a new token through refreshFn and succeeds', async () => {
    const session = await SalesforceSession.open(createTokenSource(fx.jwtAuth), fx.sandbox.apiVersion);
    const before = session.connection.accessToken;
    fx.sandbox.org.revokeAccessTokens();
    const result = await session.connection.query('SELECT Id FROM User LIMIT 1');
    expect(result.records).toHaveLength(1);
    expect(session.connection.accessToken).not.toBe(before);
  });

  it('renew() shares one token request between concurrent callers', async () => {
    const calls: number[] = [];
    const inner = createTokenSource(fx.jwtAuth);
    const session = await SalesforceSession.open(async () => (calls.push(1), inner()), fx.sandbox.apiVersion);
    await Promise.all([session.renew(), session.renew(), session.renew()]);
    expect(calls).toHaveLength(2); // open + one renewal
  });
});
