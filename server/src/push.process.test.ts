import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companionEnv } from '../sandbox/env-file';
import { startSandboxStack, type SandboxStack } from '../sandbox/stack';
import { spawnCompanion, type CompanionProcess } from '../test/companion-process';
import { waitFor } from '../test/wait-for';

const USERS = 600;

describe('a push killed with SIGKILL mid-activation', () => {
  let stack: SandboxStack;
  let running: CompanionProcess | undefined;

  beforeEach(async () => {
    stack = await startSandboxStack({
      salesforce: { cometdTimeoutMs: 400 },
      zendesk: { bulkImports: true, jobs: { queuedMs: 50, workMs: 400, perUserMs: 1 } },
    });
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await stack.close();
  });

  it('is finished by the companion started again: every user in Zendesk once, with its values', async () => {
    const org = stack.salesforce.org;
    org.insert('User_Sync_Source__c', [
      { Name: 'Zendesk', Source__c: 'zendesk', Zendesk_Subdomain__c: 'acme' },
    ]);
    for (let i = 0; i < USERS; i++)
      org.addUser({
        FirstName: `U${i}`,
        LastName: 'Kill',
        Email: `u${i}@example.com`,
        FederationIdentifier: `EMP-${i}`,
        Title: `Title ${i}`,
      });
    const [pushId] = org.insert('User_Sync_Push__c', [
      {
        Name: 'Everyone',
        Enabled__c: true,
        Insert_Mode__c: true,
        Segment__c: "LastName = 'Kill'",
        Match_Key__c: 'External ID',
        External_Id_Field__c: 'FederationIdentifier',
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
    ]);
    const env = companionEnv(stack.companionAuth, undefined, {
      PORT: '0',
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'push-kill-')), 'c.db'),
      ZENDESK_ACCESS_TOKEN: stack.zendesk.state.issueAccessToken(),
      ZENDESK_BASE_URL: stack.zendesk.url,
      LOG_LEVEL: 'info',
    });
    const zendesk = stack.zendesk.state;
    const jobsSubmitted = () => zendesk.jobStats().submitted;

    // The enabled push never ran: the companion activates it at start. Killed once Zendesk has jobs.
    running = spawnCompanion(env);
    await waitFor(() => jobsSubmitted() >= 2, 'jobs in Zendesk', 30_000);
    running.child.kill('SIGKILL');
    await running.exited;
    expect(zendesk.users().length).toBeLessThan(USERS);

    running = spawnCompanion(env);
    const runs = () => org.query(`SELECT Status__c, Message__c FROM User_Sync_Push_Run__c ORDER BY Name`);
    await waitFor(
      () => runs().some((r) => r.Status__c === 'Succeeded'),
      'the activation after the restart',
      60_000,
    );

    expect(runs().map((r) => r.Status__c)).toEqual(['Failed', 'Succeeded']);
    expect(runs()[0].Message__c).toMatch(/^Interrupted: the companion stopped during this activation/);
    const users = zendesk.users();
    expect(users).toHaveLength(USERS);
    expect(new Set(users.map((u) => u.external_id)).size).toBe(USERS);
    for (const u of users) {
      const i = Number(u.external_id!.slice('EMP-'.length));
      expect([u.name, u.email, u.notes]).toEqual([`U${i} Kill`, `u${i}@example.com`, `Title ${i}`]);
    }
  });
});
