/**
 * A login URL that is not a Salesforce token endpoint (a web server, a proxy page, a typo landing on
 * some site) is named as such, with the variable, instead of failing with its HTML page as the
 * message. A tiny local server plays the wrong endpoint.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SalesforceAuthConfig } from '../config';
import { createTokenSource } from './token-source';

const NGINX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
</body>
</html>
`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function answering(status: number, type: string, body: string): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  });
  await new Promise<void>((ready) => server!.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const jwt = (loginUrl: string): SalesforceAuthConfig => ({
  flow: 'jwt',
  loginUrl,
  clientId: 'cid',
  username: 'int@acme.com',
  privateKeyPem: PEM,
});

describe('a login URL that is not a Salesforce login endpoint', () => {
  it('names SF_LOGIN_URL when it answers an HTML page', async () => {
    const loginUrl = await answering(404, 'text/html', NGINX);
    const error = await createTokenSource(jwt(loginUrl))().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SF_LOGIN_URL_INVALID',
      message: `SF_LOGIN_URL is not a Salesforce login endpoint: ${loginUrl} (it answered an HTML page "Welcome to nginx!")`,
    });
  });

  it('names SF_LOGIN_URL when it answers 200 without a token', async () => {
    const loginUrl = await answering(200, 'text/html', NGINX);
    const error = await createTokenSource(jwt(loginUrl))().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SF_LOGIN_URL_INVALID',
      message: `SF_LOGIN_URL is not a Salesforce login endpoint: ${loginUrl} (it answered without an access token)`,
    });
  });

  it('does the same for the refresh-token flow', async () => {
    const loginUrl = await answering(404, 'text/html', NGINX);
    const error = await createTokenSource({
      flow: 'refresh_token',
      loginUrl,
      clientId: 'cid',
      refreshToken: 'r',
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF_LOGIN_URL_INVALID' });
    expect((error as Error).message).not.toContain('<');
  });

  it('reports an HTML error page from the Salesforce side (5xx) as a failed login, on one line', async () => {
    const loginUrl = await answering(503, 'text/html', NGINX.replace('Welcome to nginx!', 'Maintenance'));
    const error = await createTokenSource(jwt(loginUrl))().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SF_AUTH_FAILED',
      message: `Salesforce refused the companion credentials: HTTP 503: ${loginUrl} answered an HTML page "Maintenance"`,
    });
  });

  it('still reports a Salesforce refusal as one, with its reason', async () => {
    const loginUrl = await answering(
      400,
      'application/json',
      JSON.stringify({ error: 'invalid_grant', error_description: "user hasn't approved this consumer" }),
    );
    const error = await createTokenSource(jwt(loginUrl))().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SF_AUTH_FAILED',
      message: expect.stringContaining('invalid_grant'),
    });
  });
});
