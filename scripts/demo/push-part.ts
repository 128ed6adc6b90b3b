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
 * Part 3: Salesforce users and their attributes pushed to Zendesk. The admin defines a push (the
 * support team, by email, insert mode on, the title as Zendesk notes and the department as a new
 * custom attribute), previews it, enables it; later one title changes and the admin clicks Run now:
 * only that user and that attribute go. The account has no bulk imports: new users are created one
 * at a time, and the push says so once.
 */
export async function runPushDemo(stack: SandboxStack, step: (text: string) => void): Promise<void> {
  const { org } = stack.salesforce;
  const zendesk = stack.zendesk.state;
  const people = [
    { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace.hopper@example.com', Title: 'Rear Admiral' },
    { FirstName: 'Margaret', LastName: 'Hamilton', Email: 'margaret.hamilton@example.com', Title: 'Lead' },
    { FirstName: 'Joan', LastName: 'Clarke', Email: 'joan.clarke@example.com', Title: 'Cryptanalyst' },
  ];
  const emails = new Set(people.map((u) => u.Email));
  const team = people.map((u) => org.addUser({ ...u, Department: 'Support' }));
  zendesk.addUser({ name: 'G. Hopper', email: 'grace.hopper@example.com', role: 'end-user' });
  console.log(
    `  Salesforce has ${team.length} users in the Support department; Zendesk already knows Grace (as "G. Hopper").`,
  );

  step('Admin saves a push on the Push to Zendesk tab and clicks Preview');
  const [pushId] = org.insert('User_Sync_Push__c', [
    {
      Name: 'Support team',
      Enabled__c: false,
      Segment__c: "Department = 'Support' AND IsActive = true",
      Match_Key__c: 'Email',
      Insert_Mode__c: true,
    },
  ]);
  org.insert('User_Sync_Push_Mapping__c', [
    {
      Push__c: pushId,
      Salesforce_Field__c: 'Title',
      Kind__c: 'Standard',
      Target__c: 'notes',
      Mode__c: 'Set',
    },
    {
      Push__c: pushId,
      Salesforce_Field__c: 'Department',
      Kind__c: 'Custom attribute',
      Target__c: 'department',
      Mode__c: 'Set',
    },
  ]);
  const runs = () =>
    org.query(
      `SELECT Name, Trigger__c, Status__c, Message__c, Errors__c FROM User_Sync_Push_Run__c WHERE Push__c = '${pushId}' ORDER BY Name`,
    );
  const finished = (n: number) => runs().filter((r) => r.Status__c !== 'Running').length >= n;
  const command = (Command__c: string) =>
    org.publishEvent('User_Sync_Command__e', { Command__c, Source__c: 'zendesk', Push_Id__c: pushId });
  command('PUSH_PREVIEW');
  await until(() => finished(1), 'the preview');
  const push = () =>
    org.query(`SELECT Segment_Count__c, Notice__c FROM User_Sync_Push__c WHERE Id = '${pushId}'`)[0];
  console.log(`  ${runs()[0].Message__c} (Segment_Count__c = ${push().Segment_Count__c})`);

  step('Admin enables the push: the first activation starts at once');
  org.update('User_Sync_Push__c', [{ Id: pushId, Enabled__c: true }]);
  command('PUSH_CHANGED');
  await until(() => finished(2), 'the first activation');
  const inZendesk = () =>
    zendesk
      .users()
      .filter((u) => emails.has(String(u.email)))
      .map((u) => [
        u.name,
        String(u.email),
        String(u.notes ?? ''),
        JSON.stringify(u.user_fields),
        u.verified ? 'yes' : 'no',
      ]);
  console.log(renderTable(['Zendesk user', 'Email', 'Notes', 'Custom fields', 'Verified'], inZendesk()));
  console.log(`  Notice on the push: ${push().Notice__c}`);
  console.log(
    `  Custom user field created: ${zendesk
      .userFields()
      .map((f) => `${f.key} (${f.type})`)
      .join(', ')}`,
  );

  step('Margaret becomes Director in Salesforce; the admin clicks Run now: only she, and only her notes, go');
  org.update('User', [{ Id: team[1], Title: 'Director' }]);
  zendesk.resetCounters();
  command('PUSH_RUN_NOW');
  await until(() => finished(3), 'the second activation');
  const calls = Object.entries(zendesk.counters.byPath)
    .map(([path, n]) => `${n} × ${path}`)
    .join(', ');
  console.log(`  Zendesk calls: ${calls}`);
  console.log(renderTable(['Zendesk user', 'Email', 'Notes', 'Custom fields', 'Verified'], inZendesk()));

  step('Push runs (User_Sync_Push_Run__c)');
  console.log(
    renderTable(
      ['Run', 'Trigger', 'Status', 'Summary'],
      runs().map((r: Row) =>
        [r.Name, r.Trigger__c, r.Status__c, String(r.Message__c).split(' Zendesk bulk')[0]].map(String),
      ),
    ),
  );
}
