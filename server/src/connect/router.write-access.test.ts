import request from 'supertest';
import { capturedLogger, closeAll, followRedirect, newKey, pathOf, zendeskSetup } from './test-helpers';
import { issueConnectLink } from './connect-link';
import type { ConnectionFields } from './settings-record';
import { deriveLinkKey, verifyLink } from './signed-link';

afterEach(closeAll);

describe('connecting Zendesk with write access (for a push)', () => {
  it('is what the CONNECT link asks for once the settings allow pushing', async () => {
    const writes: ConnectionFields[] = [];
    const linkKey = deriveLinkKey(newKey());
    const now = Date.parse('2026-11-22T10:00:00Z');
    const issue = (settings: Record<string, unknown>) =>
      issueConnectLink('zendesk', {
        readSettings: async () => settings,
        record: { write: async (_source, _id, fields) => void writes.push(fields) },
        oauth: { linkKey, publicUrl: 'https://sync.acme.test', providers: ['zendesk'] },
        logger: capturedLogger().logger,
        now: () => now,
      });
    await issue({ Id: 'a01', Zendesk_Subdomain__c: 'acme', Zendesk_Write_Access__c: true });
    await issue({ Id: 'a01', Zendesk_Subdomain__c: 'acme', Zendesk_Write_Access__c: false });
    const [write, read] = writes.map((w) => new URL(w.link!.url));
    expect(write.searchParams.get('access')).toBe('write');
    expect(read.searchParams.has('access')).toBe(false);
    expect(verifyLink(Object.fromEntries(write.searchParams), 'zendesk', linkKey, now)).toMatchObject({
      ok: true,
      value: { access: 'write' },
    });
    // Asking for write on a link issued for read breaks its signature.
    read.searchParams.set('access', 'write');
    expect(verifyLink(Object.fromEntries(read.searchParams), 'zendesk', linkKey, now)).toEqual({
      ok: false,
      error: { code: 'OAUTH_LINK_INVALID' },
    });
  });

  it('asks Zendesk for `read write`, exchanges the code for it, and stores and reports the scope granted', async () => {
    const t = await zendeskSetup();
    const start = await request(t.companion.url)
      .get(pathOf(new URL(t.companion.link('zendesk', 'acme', 'write'))))
      .expect(302);
    const authorize = new URL(start.headers.location);
    expect(authorize.searchParams.get('scope')).toBe('read write');
    const back = await followRedirect(authorize.toString());
    const cookie = String(start.headers['set-cookie']).split(';')[0];
    await request(t.companion.url).get(pathOf(back)).set('Cookie', cookie).expect(200);
    expect(t.companion.connected).toEqual([{ provider: 'zendesk', subdomain: 'acme', scope: 'read write' }]);
    const grant = await t.vault.load('zendesk');
    if (!grant.ok || !grant.value) throw new Error('no tokens stored');
    expect(grant.value.scope).toBe('read write');
    // The token can write: Zendesk lets it create a custom user field.
    const res = await fetch(`${t.sandbox.url}/api/v2/user_fields`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${grant.value.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_field: { type: 'text', key: 'k', title: 'K' } }),
    });
    expect(res.status).toBe(201);
  });
});
