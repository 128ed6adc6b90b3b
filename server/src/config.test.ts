import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from './config';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
// As a one-line environment value: newlines written as \n.
const PEM = KEY_PEM.trim().replace(/\n/g, '\\n');
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('loadConfig', () => {
  it('builds a jwt configuration with defaults', () => {
    const result = loadConfig({ SF_CLIENT_ID: 'cid', SF_USERNAME: 'int@acme.com', SF_PRIVATE_KEY: PEM });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.port).toBe(3000);
    expect(result.value.salesforce.apiVersion).toBe('62.0');
    expect(result.value.salesforce.initialReplayId).toBe(-2);
    expect(result.value.salesforce.auth).toMatchObject({
      flow: 'jwt',
      loginUrl: 'https://login.salesforce.com',
    });
    // Escaped newlines from a one-line environment value become real ones.
    expect(result.value.salesforce.auth.flow === 'jwt' && result.value.salesforce.auth.privateKeyPem).toBe(
      KEY_PEM.trim(),
    );
  });

  it('selects PostgreSQL with DATABASE_URL, and says so without echoing a bad one', () => {
    const env = { SF_CLIENT_ID: 'cid', SF_USERNAME: 'u', SF_PRIVATE_KEY: PEM };
    const sqlite = loadConfig(env);
    expect(sqlite.ok && sqlite.value.databaseUrl).toBeUndefined();
    const url = 'postgres://sync:s3cret@db.internal:5432/user_sync';
    const pg = loadConfig({ ...env, DATABASE_URL: url });
    expect(pg.ok && pg.value.databaseUrl).toBe(url);
    const bad = loadConfig({ ...env, DATABASE_URL: 'mysql://sync:s3cret@db/user_sync' });
    expect(bad).toEqual({ ok: false, error: ['DATABASE_URL: must be a postgres:// or postgresql:// URL'] });
    expect(JSON.stringify(bad)).not.toContain('s3cret');
  });

  it('reads the key from a file when asked', () => {
    const result = loadConfig(
      { SF_CLIENT_ID: 'cid', SF_USERNAME: 'u', SF_PRIVATE_KEY_FILE: '/keys/server.key' },
      (path) => (path === '/keys/server.key' ? KEY_PEM : ''),
    );
    expect(
      result.ok && result.value.salesforce.auth.flow === 'jwt' && result.value.salesforce.auth.privateKeyPem,
    ).toBe(KEY_PEM.trim());
  });

  it('names the variable when the key is not a PEM private key, instead of a decoder error', () => {
    const sf = { SF_CLIENT_ID: 'cid', SF_USERNAME: 'u' };
    const garbled = loadConfig({
      ...sf,
      SF_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----',
    });
    expect(garbled).toEqual({
      ok: false,
      error: [expect.stringMatching(/^SF_PRIVATE_KEY: not a PEM private key \(/)],
    });
    expect(JSON.stringify(garbled)).not.toMatch(/DECODER|routines/);
    expect(loadConfig({ ...sf, SF_PRIVATE_KEY: PUBLIC_PEM })).toEqual({
      ok: false,
      error: [expect.stringMatching(/^SF_PRIVATE_KEY: a public key, not the private key/)],
    });
    const fromFile = loadConfig({ ...sf, SF_PRIVATE_KEY_FILE: '/keys/server.crt' }, () => 'hello');
    expect(fromFile).toEqual({
      ok: false,
      error: [expect.stringMatching(/^SF_PRIVATE_KEY_FILE: \/keys\/server.crt is not a PEM private key \(/)],
    });
  });

  it('says PORT is not a port, not that it is required', () => {
    const sf = { SF_CLIENT_ID: 'cid', SF_USERNAME: 'u', SF_PRIVATE_KEY: PEM };
    for (const PORT of ['abc', '70000', '-1', '80.5', ''])
      expect([PORT, loadConfig({ ...sf, PORT })]).toEqual([
        PORT,
        { ok: false, error: ['PORT: not a port (1–65535)'] },
      ]);
    expect(loadConfig({ ...sf, PORT: '8080' })).toMatchObject({ ok: true, value: { port: 8080 } });
  });

  it('reports every missing variable on the first start, whatever else is wrong', () => {
    expect(loadConfig({})).toEqual({
      ok: false,
      error: [
        'SF_CLIENT_ID: is required',
        'SF_USERNAME: is required',
        'SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE: one is required for the jwt flow',
      ],
    });
    const result = loadConfig({
      SF_CLIENT_ID: 'cid',
      IADVIZE_USERNAME: 'api@acme.com',
      PUBLIC_URL: 'https://x.test',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual([
      'SF_USERNAME: is required',
      'SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE: one is required for the jwt flow',
      'IADVIZE_PASSWORD: is required',
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: is required/),
      expect.stringMatching(/^ZENDESK_CLIENT_ID or INTERCOM_CLIENT_ID: /),
    ]);
  });

  it('lists every bad or missing value, one line each', () => {
    const result = loadConfig({ PORT: 'eighty', SF_LOGIN_URL: 'not a url', SF_API_VERSION: '62' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: /),
        expect.stringMatching(/^SF_LOGIN_URL: /),
        expect.stringMatching(/^SF_API_VERSION: must look like 62.0/),
        'SF_CLIENT_ID: is required',
        'SF_USERNAME: is required',
      ]),
    );
  });

  it('requires a refresh token for the refresh_token flow', () => {
    const result = loadConfig({ SF_AUTH_FLOW: 'refresh_token', SF_CLIENT_ID: 'cid' });
    expect(result).toEqual({ ok: false, error: ['SF_REFRESH_TOKEN: is required'] });
  });

  it('explains a missing key for the jwt flow', () => {
    const result = loadConfig({ SF_CLIENT_ID: 'cid', SF_USERNAME: 'u' });
    expect(result).toEqual({
      ok: false,
      error: ['SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE: one is required for the jwt flow'],
    });
  });

  it('rejects an initial replay id other than -1 or -2', () => {
    const result = loadConfig({
      SF_CLIENT_ID: 'c',
      SF_USERNAME: 'u',
      SF_PRIVATE_KEY: PEM,
      SF_INITIAL_REPLAY_ID: '5',
    });
    expect(result.ok).toBe(false);
  });

  describe('iAdvize', () => {
    const sf = { SF_CLIENT_ID: 'c', SF_USERNAME: 'u', SF_PRIVATE_KEY: PEM };

    it('is off when no IADVIZE_ variable is set', () => {
      const result = loadConfig(sf);
      expect(result.ok && result.value.iadvize).toBeUndefined();
    });

    it('reads credentials, optional REST key and defaults', () => {
      const result = loadConfig({
        ...sf,
        IADVIZE_USERNAME: 'api@acme.com',
        IADVIZE_PASSWORD: 'pw',
        IADVIZE_LINK_EXISTING: 'true',
      });
      expect(result.ok && result.value.iadvize).toEqual({
        username: 'api@acme.com',
        password: 'pw',
        graphqlUrl: 'https://api.iadvize.com',
        sdPlatform: false,
        restKey: undefined,
        restUrl: 'https://sd.iadvize.com/api/2',
        linkExisting: true,
        concurrency: 8,
        interfaceLanguage: 'en',
      });
    });

    it('names what is missing when only part of it is set', () => {
      expect(loadConfig({ ...sf, IADVIZE_REST_KEY: 'k', IADVIZE_CONCURRENCY: '0' })).toEqual({
        ok: false,
        error: expect.arrayContaining([
          'IADVIZE_USERNAME: is required',
          'IADVIZE_PASSWORD: is required',
          expect.stringMatching(/^IADVIZE_CONCURRENCY: /),
        ]),
      });
    });
  });

  describe('OAuth (connecting the sources)', () => {
    const sf = { SF_CLIENT_ID: 'c', SF_USERNAME: 'u', SF_PRIVATE_KEY: PEM };
    const KEY = Buffer.alloc(32, 7).toString('base64');
    const full = {
      ...sf,
      TOKEN_ENCRYPTION_KEY: KEY,
      PUBLIC_URL: 'https://sync.acme.test/',
      ZENDESK_CLIENT_ID: 'zd-client',
      ZENDESK_CLIENT_SECRET: 'zd-secret',
    };

    it('is off when none of its variables is set (empty ones included)', () => {
      const result = loadConfig({ ...sf, TOKEN_ENCRYPTION_KEY: '', PUBLIC_URL: '' });
      expect(result.ok && result.value.oauth).toBeUndefined();
    });

    it('reads the key, the public URL and each configured provider client', () => {
      const result = loadConfig({
        ...full,
        INTERCOM_CLIENT_ID: 'ic',
        INTERCOM_CLIENT_SECRET: 'is',
        INTERCOM_OAUTH_URL: 'http://127.0.0.1:4400/',
      });
      if (!result.ok) throw new Error(result.error.join('\n'));
      expect(result.value.oauth).toEqual({
        key: Buffer.alloc(32, 7),
        publicUrl: 'https://sync.acme.test',
        zendesk: { clientId: 'zd-client', clientSecret: 'zd-secret' },
        intercom: { clientId: 'ic', clientSecret: 'is', oauthUrl: 'http://127.0.0.1:4400' },
      });
      const zendeskOnly = loadConfig(full);
      expect(zendeskOnly.ok && zendeskOnly.value.oauth?.intercom).toBeUndefined();
    });

    it('names what is missing from a partial group, one line each', () => {
      expect(loadConfig({ ...sf, TOKEN_ENCRYPTION_KEY: KEY })).toEqual({
        ok: false,
        error: [
          'PUBLIC_URL: is required to connect sources (the address the admin browser reaches the companion at)',
          'ZENDESK_CLIENT_ID or INTERCOM_CLIENT_ID: at least one provider OAuth client is required to connect sources',
        ],
      });
      expect(loadConfig({ ...sf, ZENDESK_CLIENT_ID: 'zd', INTERCOM_CLIENT_SECRET: 'x' })).toEqual({
        ok: false,
        error: [
          'TOKEN_ENCRYPTION_KEY: is required to connect sources (with PUBLIC_URL and a provider client)',
          'PUBLIC_URL: is required to connect sources (the address the admin browser reaches the companion at)',
          'ZENDESK_CLIENT_SECRET: is required with ZENDESK_CLIENT_ID',
          'INTERCOM_CLIENT_ID: is required with INTERCOM_CLIENT_SECRET',
        ],
      });
    });

    it('refuses a key of the wrong size and a public URL with a query', () => {
      const short = loadConfig({ ...full, TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' });
      expect(short).toEqual({
        ok: false,
        error: [
          expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: the encryption key decodes to 5 bytes, not 32/),
        ],
      });
      const query = loadConfig({ ...full, PUBLIC_URL: 'https://sync.acme.test/?x=1' });
      expect(query).toEqual({ ok: false, error: ['PUBLIC_URL: must not have a query or fragment'] });
    });

    it('reports its problems with the others in the same pass', () => {
      const result = loadConfig({ PORT: 'x', PUBLIC_URL: 'https://sync.acme.test' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^PORT: /),
          'SF_CLIENT_ID: is required',
          expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: is required/),
        ]),
      );
    });
  });
});
