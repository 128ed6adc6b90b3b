import { Connection } from 'jsforce';
import type { AddressInfo } from 'node:net';
import { startSandboxStack } from '../server/sandbox/stack';
import type { PlatformEvent } from '../server/src/salesforce/platform-event';
import { startDemoCompanion } from './demo/companion-harness';
import { renderTable } from './demo/table';

/**
 * `npm run demo`: the whole system on its built-in sandbox. An admin ticks "Sync to iAdvize" on a
 * few users and types an Operator ID on another, in one API call as Data Loader would; the User
 * trigger queues a sync request per user; the companion receives each over the Streaming API.
 */
const USERS = [
  { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada.lovelace@example.com', Alias: 'alove' },
  { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace.hopper@example.com', Alias: 'ghopp' },
  { FirstName: 'Alan', LastName: 'Turing', Email: 'alan.turing@example.com', Alias: 'aturi' },
  { FirstName: 'Katherine', LastName: 'Johnson', Email: 'katherine.johnson@example.com', Alias: 'kjohn' },
];

const step = (text: string) => console.log(`\n▸ ${text}`);

async function main(): Promise<void> {
  console.log('User Sync for Salesforce — sandbox demo (no account needed; everything runs on 127.0.0.1)');
  const stack = await startSandboxStack();
  const org = stack.salesforce.org;
  step(`Salesforce sandbox at ${stack.salesforce.url} (org ${stack.salesforce.orgId})`);

  const received: PlatformEvent[] = [];
  const { companion, logPath } = await startDemoCompanion(
    stack,
    async (events) => void received.push(...events),
  );
  const port = (companion.server.address() as AddressInfo).port;
  step(
    `Companion started: JWT bearer as ${stack.companionAuth.username}, streaming ready, http://127.0.0.1:${port}/readyz`,
  );

  const ids = USERS.map((u) => org.addUser(u));
  const admin = new Connection({
    instanceUrl: stack.salesforce.url,
    accessToken: org.issueAccessToken(org.adminUsername),
    version: stack.salesforce.apiVersion,
  });
  const changes = [
    { Id: ids[0], IAdvize_Sync__c: true },
    { Id: ids[1], IAdvize_Sync__c: true },
    { Id: ids[2], IAdvize_Sync__c: true },
    { Id: ids[3], IAdvize_Operator_Id__c: '90417', IAdvize_SSO_Token__c: 'typed-by-the-admin' },
  ];
  step(
    'Admin saves 4 users in one sObject Collections call: 3 ticked, 1 with an Operator ID and SSO token typed',
  );
  const results = await admin.sobject('User').update(changes);
  const failed = results.filter((r) => !r.success);
  if (failed.length > 0) throw new Error(`the admin's update failed: ${JSON.stringify(failed)}`);

  const deadline = Date.now() + 10_000;
  while (received.length < changes.length && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 25));

  const byUser = new Map(received.map((e) => [String(e.payload.User_Id__c), e]));
  const rows = ids.map((id, i) => {
    const user = org.get('User', id)!;
    const event = byUser.get(id);
    return [
      `${user.FirstName} ${user.LastName}`,
      'IAdvize_Sync__c' in changes[i] ? 'ticked Sync' : 'typed Operator ID',
      String(user.IAdvize_Sync_Status__c ?? ''),
      event ? `${event.payload.Action__c} (replay ${event.replayId})` : 'not received',
    ];
  });
  step('Result');
  console.log(
    renderTable(['User', 'Admin change', 'Status in Salesforce', 'Request received by companion'], rows),
  );
  console.log(`\nSalesforce API calls: ${org.counters.apiRequests}; companion log: ${logPath}`);

  await companion.stop();
  await stack.close();
  if (received.length !== changes.length) {
    console.error(`\nOnly ${received.length} of ${changes.length} requests reached the companion.`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error('Demo failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
