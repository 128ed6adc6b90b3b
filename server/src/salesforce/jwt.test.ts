import { generateKeyPairSync, verify } from 'node:crypto';
import { buildJwtAssertion, jwtAudience } from './jwt';

describe('buildJwtAssertion', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('signs iss/sub/aud/exp with RS256, expiring within three minutes', () => {
    const now = Date.UTC(2026, 10, 22, 12, 0, 0);
    const jwt = buildJwtAssertion(
      {
        clientId: '3MVG9',
        username: 'integration@acme.com',
        audience: 'https://login.salesforce.com',
        now: () => now,
        lifetimeSeconds: 600,
      },
      pem,
    );
    const [header, payload, signature] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({
      iss: '3MVG9',
      sub: 'integration@acme.com',
      aud: 'https://login.salesforce.com',
      exp: now / 1000 + 180,
    });
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });
});

describe('jwtAudience', () => {
  it.each([
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['https://test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['http://127.0.0.1:4100', 'http://127.0.0.1:4100'],
  ])('%s → %s', (loginUrl, audience) => {
    expect(jwtAudience(loginUrl)).toBe(audience);
  });
});
