import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { connectInBrowser } from '../test/connect-browser';
import { captureLogs } from '../test/log-capture';
import { freePort } from '../test/free-port';
import { waitFor } from '../test/wait-for';
import { startCompanion, type Companion } from './companion';
import { silentLogger } from './lib/logger';

describe('connecting a source from the User Sync app', () => {
  let stack: SandboxStack;
  let companion: Companion | undefined;

  afterEach(async () => {
    await companion?.stop();
    companion = undefined;
    await stack.close();
  });

  const org = () => stack.salesforce.org;
  const settings = (id: string) => org().get('User_Sync_Source__c', id)!;
  const runs = (source: string) =>
    org().query(
      `SELECT Status__c, Message__c FROM User_Sync_Run__c WHERE Source__c = '${source}' ORDER BY Name`,
    );

  it('CONNECT → signed link on the settings record → consent → connection recorded → runs use the stored tokens', async () => {
    const port = await freePort();
    stack = await startSandboxStack({
      salesforce: { cometdTimeoutMs: 400 },
      companionUrl: `http://127.0.0.1:${port}`,
    });
    const role = stack.zendesk.state.addCustomRole('Tier 2');
    for (let i = 0; i < 5; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    const config = stack.companionConfig(join(mkdtempSync(join(tmpdir(), 'connect-')), 'c.db'), {
      port,
      oauth: true,
    });
    // No token from the environment: whatever the runs list with comes from the vault.
    config.sources = {
      zendesk: { baseUrl: config.sources.zendesk.baseUrl },
      intercom: { baseUrl: config.sources.intercom.baseUrl },
    };
    const logs = captureLogs('debug');
    companion = await startCompanion(config, logs.logger);

    const [zendeskId, intercomId] = org().insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: false,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent',
      },
      { Name: 'Intercom', Source__c: 'intercom', Enabled__c: false },
    ]);

    // Zendesk
    org().publishEvent('User_Sync_Command__e', { Command__c: 'CONNECT', Source__c: 'zendesk' });
    await waitFor(() => Boolean(settings(zendeskId).Connect_Link__c), 'the connect link');
    const link = String(settings(zendeskId).Connect_Link__c);
    expect(link.startsWith(`http://127.0.0.1:${port}/oauth/zendesk/start?subdomain=acme&expires=`)).toBe(
      true,
    );
    expect(settings(zendeskId).Connection_Status__c).toMatch(/^Open the connect link within 10 minutes/);
    expect(Date.parse(String(settings(zendeskId).Connect_Link_Expires__c)) - Date.now()).toBeGreaterThan(
      9 * 60_000,
    );
    // The app learns the link is there without a reload: a CONNECTION update for this record, published
    // once the link is written (so a moment after the test can read the link).
    const announced = () =>
      org()
        .events('User_Sync_Update__e')
        .filter((e) => e.payload.Kind__c === 'CONNECTION' && e.payload.Record_Id__c === zendeskId).length;
    await waitFor(() => announced() >= 1, 'the connect link announced');
    const beforeConsent = announced();

    const zendesk = await connectInBrowser(link);
    expect(zendesk.status).toBe(200);
    expect(zendesk.page).toContain('Zendesk connected');
    expect(announced()).toBe(beforeConsent + 1);
    expect(settings(zendeskId)).toMatchObject({
      Connection_Status__c: expect.stringMatching(
        /^Connected to acme\.zendesk\.com on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
      ),
      Connect_Link__c: null,
      Connect_Link_Expires__c: null,
    });
    expect(JSON.parse(String(settings(zendeskId).Available_Custom_Roles__c))).toEqual([
      { id: role.id, name: 'Tier 2' },
    ]);

    expect(settings(zendeskId).Granted_Scope__c).toBe('read');

    // "Reconnect with write access" on the Push tab: the next link asks Zendesk for write access.
    org().update('User_Sync_Source__c', [{ Id: zendeskId, Zendesk_Write_Access__c: true }]);
    org().publishEvent('User_Sync_Command__e', { Command__c: 'CONNECT', Source__c: 'zendesk' });
    await waitFor(() => Boolean(settings(zendeskId).Connect_Link__c), 'the write-access link');
    await connectInBrowser(String(settings(zendeskId).Connect_Link__c));
    expect(settings(zendeskId).Granted_Scope__c).toBe('read write');

    org().update('User_Sync_Source__c', [{ Id: zendeskId, Enabled__c: true }]);
    org().publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: 'zendesk' });
    await waitFor(() => runs('zendesk')[0]?.Status__c === 'Succeeded', 'the first Zendesk import');
    expect(org().query("SELECT Id FROM External_User__c WHERE Source__c = 'Zendesk'")).toHaveLength(5);

    // Intercom
    org().publishEvent('User_Sync_Command__e', { Command__c: 'CONNECT', Source__c: 'intercom' });
    await waitFor(() => Boolean(settings(intercomId).Connect_Link__c), 'the Intercom connect link');
    const intercom = await connectInBrowser(String(settings(intercomId).Connect_Link__c));
    expect(intercom.status).toBe(200);
    expect(settings(intercomId).Connection_Status__c).toMatch(/^Connected to Intercom on /);
    org().update('User_Sync_Source__c', [{ Id: intercomId, Enabled__c: true }]);
    org().publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: 'intercom' });
    await waitFor(() => runs('intercom')[0]?.Status__c === 'Succeeded', 'the first Intercom import');

    // Nothing that opens a flow or holds a grant reached the logs.
    for (const secret of [zendesk.sig, zendesk.code, intercom.sig, intercom.code])
      expect(logs.text()).not.toContain(secret);
    expect(logs.text()).toContain('connect link issued');
  });

  it('answers CONNECT on a companion without OAuth with the reason, and serves no /oauth route', async () => {
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400 } });
    const config = stack.companionConfig(join(mkdtempSync(join(tmpdir(), 'connect-')), 'c.db'));
    companion = await startCompanion(config, silentLogger());
    const [id] = org().insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: false,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent',
      },
    ]);
    org().publishEvent('User_Sync_Command__e', { Command__c: 'CONNECT', Source__c: 'zendesk' });
    await waitFor(() => Boolean(settings(id).Connection_Status__c), 'the connection status');
    expect(settings(id).Connection_Status__c).toContain('[OAUTH_NOT_CONFIGURED]');
    expect(settings(id).Connect_Link__c).toBeNull();

    const port = (companion.server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/oauth/zendesk/start?subdomain=acme`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
