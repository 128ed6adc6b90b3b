import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { waitFor } from '../test/wait-for';
import { startCompanion, type Companion } from './companion';
import { silentLogger } from './lib/logger';

describe('the companion runs directory imports on commands from the User Sync app', () => {
  let stack: SandboxStack;
  let companion: Companion;

  beforeEach(async () => {
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400 } });
    for (let i = 0; i < 12; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    companion = await startCompanion(
      stack.companionConfig(join(mkdtempSync(join(tmpdir(), 'dir-')), 'c.db')),
      silentLogger(),
    );
  });
  afterEach(async () => {
    await companion.stop();
    await stack.close();
  });

  const org = () => stack.salesforce.org;
  const runs = () => org().query('SELECT Trigger__c, Status__c FROM User_Sync_Run__c ORDER BY Name');

  it('enabling a source (settings saved, SETTINGS_CHANGED) runs its first import at once; RUN_NOW runs it again', async () => {
    const [id] = org().insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: false,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent',
      },
    ]);
    org().update('User_Sync_Source__c', [{ Id: id, Enabled__c: true }]);
    org().publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: 'zendesk' });
    await waitFor(() => runs()[0]?.Status__c === 'Succeeded', 'the first import');
    expect(runs()[0].Trigger__c).toBe('Enable');
    expect(org().query("SELECT Id FROM External_User__c WHERE Status__c = 'Pending'")).toHaveLength(12);

    stack.zendesk.state.updateUser(stack.zendesk.state.users()[0].id, { name: 'Renamed Agent' });
    org().publishEvent('User_Sync_Command__e', { Command__c: 'RUN_NOW', Source__c: 'zendesk' });
    await waitFor(() => runs()[1]?.Status__c === 'Succeeded', 'the manual run');
    expect(runs()[1].Trigger__c).toBe('Manual');
    expect(org().query("SELECT Id FROM External_User__c WHERE Name = 'Renamed Agent'")).toHaveLength(1);
  });
});
