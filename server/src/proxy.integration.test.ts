/**
 * Every outbound call honours HTTP(S)_PROXY and NO_PROXY: a real forwarding/CONNECT proxy on
 * 127.0.0.1 records what it carries while the provider clients and the Salesforce session and
 * streaming subscriber talk to their simulators. proxy-from-env matches hosts literally, so NO_PROXY
 * names the simulators as 127.0.0.1:<port>.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { DEFAULT_ACCESS_TOKEN } from '../sandbox/intercom';
import { clientFor as iadvizeClientFor } from './iadvize/test-sandbox';
import { HttpClient, HttpError } from './lib/http-client';
import { silentLogger } from './lib/logger';
import { SalesforceSession } from './salesforce/session';
import { DurableSubscriber } from './salesforce/subscriber';
import { createTokenSource } from './salesforce/token-source';
import { IntercomClient } from './sources/intercom/client';
import { clientFor as zendeskClientFor, drain, seedTeam } from './sources/zendesk/test-fixtures';
import { SqliteStore } from './store/sqlite-store';
import { startRecordingProxy, type RecordingProxy } from '../test/recording-proxy';

const VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const hostOf = (url: string) => new URL(url).host;

let stack: SandboxStack;
const proxies: RecordingProxy[] = [];

beforeAll(async () => {
  stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400 } });
  seedTeam(stack.zendesk, { agents: 2, admins: 0, endUsers: 0 });
});
afterAll(() => stack.close());
afterEach(async () => {
  for (const name of VARIABLES) delete process.env[name];
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(options: { refuse?: boolean } = {}): Promise<RecordingProxy> {
  const p = await startRecordingProxy(options);
  proxies.push(p);
  return p;
}

const zendesk = () => zendeskClientFor(stack.zendesk, { sleep: async () => {} });
const intercom = () =>
  new IntercomClient({
    accessToken: DEFAULT_ACCESS_TOKEN,
    baseUrl: stack.intercom.url,
    logger: silentLogger(),
    sleep: async () => {},
  });
const listZendesk = () => drain(zendesk().listTeamUsers({ roles: ['agent'], customRoleIds: [] }));

/** Token, REST query, then a streaming subscription: everything the companion does with Salesforce. */
async function useSalesforce(): Promise<void> {
  const session = await SalesforceSession.open(
    createTokenSource(stack.companionAuth),
    stack.salesforce.apiVersion,
  );
  await session.connection.query('SELECT Id FROM User LIMIT 1');
  const store = SqliteStore.open(':memory:');
  const subscriber = new DurableSubscriber({
    channel: '/event/IAdvize_Sync_Request__e',
    session,
    store,
    handler: async () => {},
    logger: silentLogger(),
  });
  try {
    await subscriber.start();
  } finally {
    await subscriber.stop(500);
    await store.close();
  }
}

describe('behind a proxy', () => {
  it('sends the calls to iAdvize, Zendesk, Intercom and Salesforce through HTTP_PROXY', async () => {
    const p = await proxy();
    process.env.HTTP_PROXY = p.url;

    await iadvizeClientFor(stack.iadvize).checkLogin();
    expect((await listZendesk())[0].users).toHaveLength(2);
    expect((await intercom().listTeammates()).teammates.length).toBeGreaterThan(0);
    await useSalesforce();

    const sf = hostOf(stack.salesforce.url);
    for (const simulator of [stack.iadvize.url, stack.zendesk.url, stack.intercom.url, stack.salesforce.url])
      expect(p.hosts()).toContain(hostOf(simulator));
    // axios forwards plain-http requests with their full URL.
    expect(p.seen).toContain(`GET ${stack.intercom.url}/admins`);
    // jsforce tunnels (token and REST), faye forwards the CometD long-polls.
    expect(p.seen).toContain(`CONNECT ${sf}`);
    expect(p.seen.some((line) => line.startsWith(`POST ${stack.salesforce.url}/cometd/`))).toBe(true);
  });

  it('reaches the hosts in NO_PROXY directly and the others through the proxy', async () => {
    const p = await proxy();
    process.env.http_proxy = p.url;
    process.env.no_proxy = `example.org, ${hostOf(stack.zendesk.url)},${hostOf(stack.salesforce.url)}`;

    await listZendesk();
    await useSalesforce();
    await intercom().listTeammates();

    expect(p.hosts()).toEqual(new Set([hostOf(stack.intercom.url)]));
  });

  it('overrides the proxy jsforce takes from the environment when it loads, which ignores NO_PROXY', async () => {
    const p = await proxy();
    process.env.HTTP_PROXY = p.url;
    process.env.NO_PROXY = hostOf(stack.salesforce.url);
    // jsforce loaded afresh, with the proxy variables already set, as in a real start.
    await jest.isolateModulesAsync(async () => {
      const tokens = (await import('./salesforce/token-source')).createTokenSource(stack.companionAuth);
      const session = await (await import('./salesforce/session')).SalesforceSession.open(tokens, '62.0');
      await session.connection.query('SELECT Id FROM User LIMIT 1');
    });
    expect(p.seen).toEqual([]);
  });

  it('fails with an error naming the proxy, not its credentials, when the proxy refuses', async () => {
    const p = await proxy({ refuse: true });
    process.env.HTTP_PROXY = `http://ops:s3cret@${hostOf(p.url)}`;

    const error = await listZendesk().catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'ZENDESK_LISTING_INCOMPLETE', reason: 'ZENDESK_UNAVAILABLE' });
    expect((error as Error).message).toContain(`the proxy ${p.url} refused GET /api/v2/users`);
    expect((error as Error).message).toContain('407');
    expect((error as Error).message).not.toContain('s3cret');
    expect(p.seen).toHaveLength(1); // a refusal is not retried
  });

  it('says a refused Salesforce token request was the proxy refusing, not Salesforce', async () => {
    const p = await proxy({ refuse: true });
    process.env.HTTP_PROXY = `http://ops:s3cret@${hostOf(p.url)}`;
    const error = await createTokenSource(stack.companionAuth)().catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'SF_AUTH_FAILED' });
    expect((error as Error).message).toContain(`the proxy ${p.url} refused the token request`);
    expect((error as Error).message).not.toContain('s3cret');
    expect(p.seen).toEqual([`CONNECT ${hostOf(stack.salesforce.url)}`]);
  });

  it('names the proxy it could not reach', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    process.env.HTTP_PROXY = `http://127.0.0.1:${closed}`;
    const error = await intercom()
      .listTeammates()
      .catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'INTERCOM_UNAVAILABLE' });
    expect((error as Error).message).toContain(`the proxy http://127.0.0.1:${closed} could not be reached`);
  });

  it('treats a refused CONNECT tunnel to an https provider as the proxy refusing, not the provider', async () => {
    const p = await proxy({ refuse: true });
    const http = new HttpClient({ name: 'intercom', logger: silentLogger(), proxyFor: () => p.url });
    const error = await http.request({ url: 'https://api.intercom.io/admins' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'proxy', status: 407 });
    expect(p.seen).toEqual(['CONNECT api.intercom.io:443']);
  });
});
