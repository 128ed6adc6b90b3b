import type { AddressInfo } from 'node:net';
import { readCommandLine } from '../server/src/lib/command-line';
import { renderTable } from './demo/table';

/**
 * `npm run demo`: the whole system on its built-in sandbox. An admin ticks "Sync to iAdvize" on
 * three users (one whose email iAdvize already has, one with a bad email) and types an Operator ID
 * and SSO token on two others (one right, one wrong), in one API call as Data Loader would. The
 * User trigger queues a request per user; the companion receives them over the Streaming API,
 * works in iAdvize and writes each outcome back on the user.
 */
readCommandLine({
  command: 'npm run demo --',
  summary:
    'Runs the whole system on its built-in sandbox (Salesforce, iAdvize, Zendesk and Intercom simulators on 127.0.0.1, and the companion) and prints what happens: iAdvize provisioning, the directory import, the push to Zendesk. No account needed.',
  options: {},
});

const step = (text: string) => console.log(`\n▸ ${text}`);

type Row = Record<string, unknown>;

function describe(user: Row): { status: string; operator: string; token: string; message: string } {
  return {
    status: String(user.IAdvize_Sync_Status__c ?? '—'),
    operator: String(user.IAdvize_Operator_Id__c ?? '—'),
    token: user.IAdvize_SSO_Token__c ? 'set' : '—',
    message: String(user.IAdvize_Sync_Message__c ?? ''),
  };
}

async function main(): Promise<void> {
  // Loaded after the command line is read: the simulators and the companion take seconds to load.
  const { Connection } = await import('jsforce');
  const { startSandboxStack } = await import('../server/sandbox/stack');
  const { startDemoCompanion } = await import('./demo/companion-harness');
  const { runDirectoryDemo } = await import('./demo/directory-part');
  const { runPushDemo } = await import('./demo/push-part');
  console.log('User Sync for Salesforce — sandbox demo (no account needed; everything runs on 127.0.0.1)');
  const stack = await startSandboxStack();
  const { org } = stack.salesforce;
  const iadvize = stack.iadvize.state;
  step(`Salesforce sandbox at ${stack.salesforce.url}, iAdvize sandbox at ${stack.iadvize.url}`);

  // iAdvize already has Grace (so her tick must not create a second operator), and two operators
  // the admin will link by hand.
  const grace = iadvize.seedOperator({
    email: 'grace.hopper@example.com',
    firstName: 'Grace',
    lastName: 'Hopper',
  });
  const katherine = iadvize.seedOperator({
    email: 'katherine.johnson@example.com',
    firstName: 'Katherine',
    lastName: 'Johnson',
  });
  const dorothy = iadvize.seedOperator({
    email: 'dorothy.vaughan@example.com',
    firstName: 'Dorothy',
    lastName: 'Vaughan',
  });
  console.log(
    `  iAdvize already has operators ${grace.id} (Grace), ${katherine.id} (Katherine), ${dorothy.id} (Dorothy)`,
  );

  const users = [
    { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada.lovelace@example.com', Alias: 'alove' },
    { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace.hopper@example.com', Alias: 'ghopp' },
    { FirstName: 'Alan', LastName: 'Turing', Email: 'alan.turing@example.c', Alias: 'aturi' },
    { FirstName: 'Katherine', LastName: 'Johnson', Email: 'katherine.johnson@example.com', Alias: 'kjohn' },
    { FirstName: 'Dorothy', LastName: 'Vaughan', Email: 'dorothy.vaughan@example.com', Alias: 'dvaug' },
  ];
  const ids = users.map((u) => org.addUser(u));
  const changes = [
    { change: 'ticked Sync', record: { Id: ids[0], IAdvize_Sync__c: true } },
    { change: 'ticked Sync (email already in iAdvize)', record: { Id: ids[1], IAdvize_Sync__c: true } },
    { change: 'ticked Sync (bad email)', record: { Id: ids[2], IAdvize_Sync__c: true } },
    {
      change: `typed Operator ID ${katherine.id} + its SSO token`,
      record: { Id: ids[3], IAdvize_Operator_Id__c: katherine.id, IAdvize_SSO_Token__c: katherine.ssoKey },
    },
    {
      change: `typed Operator ID ${dorothy.id} + a wrong token`,
      record: { Id: ids[4], IAdvize_Operator_Id__c: dorothy.id, IAdvize_SSO_Token__c: 'not-her-token' },
    },
  ];
  const before = ids.map((id) => describe(org.get('User', id)!));
  const seeded = iadvize.operators().length; // includes the API admin account

  const { companion, logPath } = await startDemoCompanion(stack);
  const port = (companion.server.address() as AddressInfo).port;
  step(
    `Companion started: JWT bearer as ${stack.companionAuth.username}, subscribed, http://127.0.0.1:${port}/readyz`,
  );

  const admin = new Connection({
    instanceUrl: stack.salesforce.url,
    accessToken: org.issueAccessToken(org.adminUsername),
    version: stack.salesforce.apiVersion,
  });
  org.resetCounters();
  iadvize.resetCounters();
  step('Admin saves the 5 users in one sObject Collections call');
  const started = Date.now();
  const results = await admin.sobject('User').update(changes.map((c) => c.record));
  const refused = results.filter((r) => !r.success);
  if (refused.length > 0) throw new Error(`the admin's update failed: ${JSON.stringify(refused)}`);

  const pending = () =>
    ids.filter((id) =>
      ['Queued', null, undefined].includes(org.get('User', id)!.IAdvize_Sync_Status__c as string),
    );
  while (pending().length > 0 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
  const elapsed = Date.now() - started;

  step(`Before and after (${elapsed} ms from the save to the last write-back)`);
  const rows = ids.map((id, i) => {
    const user = org.get('User', id)!;
    const after = describe(user);
    return [
      `${user.FirstName} ${user.LastName}`,
      changes[i].change,
      `${before[i].status} / ${before[i].operator}`,
      `${after.status} / ${after.operator} / token ${after.token}`,
      after.message,
    ];
  });
  console.log(
    renderTable(
      [
        'User',
        'Admin change',
        'Before (status / operator)',
        'After (status / operator / SSO token)',
        'Message',
      ],
      rows,
    ),
  );

  const counters = iadvize.counters;
  console.log(
    `\niAdvize operators: ${seeded} before, ${iadvize.operators().length} after. ` +
      `Calls: ${counters.token} login, ${counters.graphql} GraphQL, ${counters.rest} REST. ` +
      `Salesforce API calls: ${org.counters.apiRequests} (the admin's save included).`,
  );
  console.log(`Companion log (JSON, secrets and emails redacted): ${logPath}`);

  step('Part 2 — Intercom and Zendesk team users into the Salesforce directory');
  await runDirectoryDemo(stack, step);

  step('Part 3 — Salesforce users and their attributes pushed to Zendesk');
  await runPushDemo(stack, step);

  await companion.stop();
  await stack.close();
  if (pending().length > 0) {
    console.error(`\n${pending().length} user(s) were not written back in time.`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error('Demo failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
