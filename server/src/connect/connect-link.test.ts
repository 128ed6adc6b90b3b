import { capturedLogger, newKey } from './test-helpers';
import { issueConnectLink, type ConnectLinkOptions } from './connect-link';
import type { ConnectionFields } from './settings-record';
import { deriveLinkKey, verifyLink } from './signed-link';
import type { Provider } from './types';

const NOW = Date.parse('2026-11-22T10:00:00Z');

function setup(
  settings: Record<string, unknown> | undefined,
  providers: Provider[] | null = ['zendesk', 'intercom'],
) {
  const writes: Array<{ id: string; fields: ConnectionFields }> = [];
  const { logger, text } = capturedLogger();
  const linkKey = deriveLinkKey(newKey());
  const o: ConnectLinkOptions = {
    readSettings: async () => settings,
    record: { write: async (_source, id, fields) => void writes.push({ id, fields }) },
    ...(providers && { oauth: { linkKey, publicUrl: 'https://sync.acme.test', providers } }),
    logger,
    now: () => NOW,
  };
  return { o, writes, logs: text, linkKey };
}

describe('issueConnectLink (the CONNECT command)', () => {
  it('writes a signed Zendesk link for the subdomain of the settings, valid 10 minutes', async () => {
    const t = setup({ Id: 'a01', Zendesk_Subdomain__c: ' Acme ' });
    await issueConnectLink('zendesk', t.o);
    expect(t.writes).toHaveLength(1);
    const { id, fields } = t.writes[0];
    expect(id).toBe('a01');
    expect(fields.connectionStatus).toBe(
      'Open the connect link within 10 minutes (until 2026-11-22 10:10 UTC).',
    );
    if (!fields.link) throw new Error('no link');
    expect(fields.link.expiresAt.toISOString()).toBe('2026-11-22T10:10:00.000Z');
    const url = new URL(fields.link.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://sync.acme.test/oauth/zendesk/start');
    expect(verifyLink(Object.fromEntries(url.searchParams), 'zendesk', t.linkKey, NOW)).toMatchObject({
      ok: true,
      value: { subdomain: 'acme' },
    });
    // The link is a capability for 10 minutes: it is not logged.
    expect(t.logs()).toContain('connect link issued');
    expect(t.logs()).not.toContain(url.searchParams.get('sig')!);
  });

  it('writes an Intercom link without a subdomain', async () => {
    const t = setup({ Id: 'a02', Zendesk_Subdomain__c: null });
    await issueConnectLink('intercom', t.o);
    const url = new URL(t.writes[0].fields.link!.url);
    expect(url.pathname).toBe('/oauth/intercom/start');
    expect(url.searchParams.has('subdomain')).toBe(false);
  });

  it('says why there is no link: an invalid subdomain, or OAuth not configured here', async () => {
    const bad = setup({ Id: 'a01', Zendesk_Subdomain__c: 'acme.zendesk.com' });
    await issueConnectLink('zendesk', bad.o);
    expect(bad.writes[0].fields).toEqual({
      connectionStatus: expect.stringMatching(/^Zendesk subdomain: enter only the subdomain/),
      link: null,
    });

    const off = setup({ Id: 'a01', Zendesk_Subdomain__c: 'acme' }, null);
    await issueConnectLink('zendesk', off.o);
    expect(off.writes[0].fields).toEqual({
      connectionStatus: expect.stringContaining('[OAUTH_NOT_CONFIGURED]'),
      link: null,
    });

    const zendeskOnly = setup({ Id: 'a02' }, ['zendesk']);
    await issueConnectLink('intercom', zendeskOnly.o);
    expect(zendeskOnly.writes[0].fields.connectionStatus).toContain('INTERCOM_CLIENT_ID');
  });

  it('writes nothing when the source has no settings record', async () => {
    const t = setup(undefined);
    await issueConnectLink('zendesk', t.o);
    expect(t.writes).toEqual([]);
  });
});
