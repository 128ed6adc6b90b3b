import type { SandboxStack } from '../../server/sandbox/stack';
import { renderTable } from './table';

type Row = Record<string, unknown>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Part 2: Intercom teammates and Zendesk agents into the Salesforce directory. The admin enables both
 * sources (the app saves the settings and publishes SETTINGS_CHANGED); later one agent is renamed in
 * Zendesk, one teammate removed from Intercom, and the admin clicks "Sync now" (RUN_NOW).
 */
export async function runDirectoryDemo(stack: SandboxStack, step: (text: string) => void): Promise<void> {
  const { org } = stack.salesforce;
  const zendesk = stack.zendesk.state;
  const intercom = stack.intercom.state;

  const agents = [
    zendesk.addUser({ name: 'Ada Lovelace', email: 'ada.lovelace@example.com', role: 'agent' }),
    zendesk.addUser({ name: 'Barbara Liskov', email: 'barbara.liskov@example.com', role: 'agent' }),
    zendesk.addUser({ name: 'Edsger Dijkstra', email: 'edsger.dijkstra@example.com', role: 'admin' }),
    zendesk.addUser({ name: 'Frances Allen', email: 'frances.allen@example.com', role: 'agent' }),
  ];
  zendesk.addUser({ name: 'A Customer', email: 'customer@example.net', role: 'end-user' });
  const mates = [
    intercom.addAdmin({ name: 'Hedy Lamarr', email: 'hedy.lamarr@example.com' }),
    intercom.addAdmin({ name: 'Radia Perlman', email: 'radia.perlman@example.com' }),
    intercom.addAdmin({ name: 'Ken Thompson', email: 'ken.thompson@example.com' }),
  ];
  console.log(
    `  Zendesk has ${agents.length} agents/admins and 1 end user; Intercom has ${intercom.admins().length} teammates. ` +
      'Ada already has a Salesforce user (same email), so her row is linked at once.',
  );

  step('Admin enables Zendesk (roles: agent, admin) and Intercom in the User Sync app');
  org.insert('User_Sync_Source__c', [
    {
      Name: 'Zendesk',
      Source__c: 'zendesk',
      Enabled__c: true,
      Zendesk_Subdomain__c: 'acme',
      Zendesk_Roles__c: 'agent;admin',
    },
    { Name: 'Intercom', Source__c: 'intercom', Enabled__c: true, Intercom_Region__c: 'US' },
  ]);
  const started = Date.now();
  for (const source of ['zendesk', 'intercom'])
    org.publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: source });
  const runs = () =>
    org.query(
      'SELECT Id, Name, Source__c, Trigger__c, Status__c, Message__c FROM User_Sync_Run__c ORDER BY Name',
    );
  const finished = (n: number) => runs().filter((r) => r.Status__c !== 'Running').length >= n;
  await until(() => finished(2), 'the first imports');
  const firstMs = Date.now() - started;

  const directory = () =>
    org
      .query(
        'SELECT Source__c, Name, Email__c, Role__c, Status__c, User__c, Deactivation_Reason__c FROM External_User__c ORDER BY Source__c, Name',
      )
      .map((r: Row) => [
        String(r.Source__c),
        String(r.Name),
        String(r.Role__c ?? ''),
        String(r.Status__c),
        r.User__c ? `linked ${r.User__c}` : '—',
        String(r.Deactivation_Reason__c ?? ''),
      ]);
  step(
    `Directory after the first imports (${firstMs} ms after enabling; the seeds promise "within an hour")`,
  );
  console.log(renderTable(['Source', 'Name', 'Role', 'Status', 'Salesforce user', 'Reason'], directory()));

  step('In Zendesk, Barbara is renamed; in Intercom, Ken is removed. Admin clicks "Sync now" on both');
  zendesk.updateUser(agents[1].id, { name: 'Barbara H. Liskov' });
  intercom.removeAdmin(mates[2].id);
  for (const source of ['zendesk', 'intercom'])
    org.publishEvent('User_Sync_Command__e', { Command__c: 'RUN_NOW', Source__c: source });
  await until(() => finished(4), 'the second runs');
  const held = runs().find((r) => r.Status__c === 'Held');
  if (held) {
    // One of four Intercom teammates is 25 %: above the 20 % threshold, so the run waits for an admin.
    step(`${held.Name} is Held: ${held.Message__c}. The admin reviews it and confirms`);
    org.publishEvent('User_Sync_Command__e', {
      Command__c: 'CONFIRM_DEACTIVATIONS',
      Source__c: held.Source__c,
      Run_Id__c: held.Id,
    });
    await until(() => finished(5), 'the confirmed run');
  }
  console.log(renderTable(['Source', 'Name', 'Role', 'Status', 'Salesforce user', 'Reason'], directory()));

  step('Run history (User_Sync_Run__c)');
  console.log(
    renderTable(
      ['Run', 'Source', 'Trigger', 'Status', 'Summary'],
      runs().map((r: Row) => [r.Name, r.Source__c, r.Trigger__c, r.Status__c, r.Message__c].map(String)),
    ),
  );
}
