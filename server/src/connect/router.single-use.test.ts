import request from 'supertest';
import { closeAll, followRedirect, pathOf, startFlow, zendeskConsent, zendeskSetup } from './test-helpers';

afterEach(closeAll);

describe('a connect link starts one authorization', () => {
  it('refuses a link opened a second time, even before the first flow finished', async () => {
    const t = await zendeskSetup();
    const link = new URL(t.companion.link('zendesk', 'acme'));
    await request(t.companion.url).get(pathOf(link)).expect(302);
    const again = await request(t.companion.url).get(pathOf(link)).expect(400);
    expect(again.body.error.code).toBe('OAUTH_LINK_USED');
    expect(again.headers.location).toBeUndefined();
    expect(t.rawRows('oauth_states')).toHaveLength(1);
  });

  it('refuses a link issued before the source connected, though never opened', async () => {
    const t = await zendeskSetup();
    const earlier = new URL(t.companion.link('zendesk', 'acme'));
    t.clock.t += 60_000;
    const { back, cookie } = await zendeskConsent(t);
    await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(200);
    const stale = await request(t.companion.url).get(pathOf(earlier)).expect(400);
    expect(stale.body.error.code).toBe('OAUTH_LINK_USED');
    // A link issued afterwards works: connecting again is always possible.
    t.clock.t += 1_000;
    const { authorize } = await startFlow(t.companion, 'zendesk', 'acme');
    expect(authorize.searchParams.get('state')).toBeTruthy();
  });

  it('two links issued in the same second are two links', async () => {
    const t = await zendeskSetup();
    const first = t.companion.link('zendesk', 'acme');
    const second = t.companion.link('zendesk', 'acme');
    expect(first).not.toBe(second);
    await request(t.companion.url)
      .get(pathOf(new URL(first)))
      .expect(302);
    await request(t.companion.url)
      .get(pathOf(new URL(second)))
      .expect(302);
  });
});

describe('the PKCE verifier at rest', () => {
  it('is sealed like the tokens: the stored row does not hold the verifier, and the flow completes', async () => {
    const t = await zendeskSetup();
    const { authorize, cookie } = await startFlow(t.companion, 'zendesk', 'acme');
    const [row] = t.rawRows('oauth_states') as Array<{ code_verifier: string }>;
    expect(row.code_verifier).toMatch(/^v1\./);
    // The sandbox checks the verifier against the challenge: a sealed value sent as is would fail.
    const back = await followRedirect(authorize.toString());
    await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(200);
    expect(t.companion.connected).toEqual([{ provider: 'zendesk', subdomain: 'acme', scope: 'read' }]);
  });
});
