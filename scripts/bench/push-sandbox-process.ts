import { startSandboxStack } from '../../server/sandbox/stack';
import type { ZendeskCounters } from '../../server/sandbox/zendesk';
import { serveRequests } from './child-process';

/**
 * The sandboxes of `bench:push`, run in a child process (forked by push.ts) so the benchmark process
 * measures the companion side alone. Seeds N Salesforce users in the segment, the Zendesk settings
 * and one push (insert mode, matched by external id, two attributes one of which a custom attribute),
 * sends one `ready` message, then answers the requests below over IPC.
 */
export interface PushSandboxStart {
  users: number;
  zendeskLatencyMs: number;
  sfLatencyMs: number;
  jobQueuedMs: number;
  jobWorkMs: number;
  jobPerUserMs: number;
}

export interface PushSandboxReady {
  type: 'ready';
  zendeskUrl: string;
  zendeskToken: string;
  salesforceUrl: string;
  salesforceToken: string;
  apiVersion: string;
  pushId: string;
  seedMs: number;
}

export interface PushCounters {
  zendesk: ZendeskCounters;
  salesforce: { apiRequests: number; byKind: Record<string, number> };
}

/** What Zendesk holds of the segment: users, distinct external ids, and users with the expected notes. */
export interface ZendeskTally {
  users: number;
  distinct: number;
  withExpectedNotes: number;
}

const title = (i: number, changed: boolean) => `Agent ${i}${changed ? ' (promoted)' : ''}`;

function options(): PushSandboxStart {
  const raw = JSON.parse(process.argv[2] ?? '{}') as Partial<PushSandboxStart>;
  return {
    users: raw.users ?? 1000,
    zendeskLatencyMs: raw.zendeskLatencyMs ?? 0,
    sfLatencyMs: raw.sfLatencyMs ?? 0,
    jobQueuedMs: raw.jobQueuedMs ?? 50,
    jobWorkMs: raw.jobWorkMs ?? 100,
    jobPerUserMs: raw.jobPerUserMs ?? 1,
  };
}

async function main(): Promise<void> {
  const o = options();
  const stack = await startSandboxStack({
    salesforce: { latencyMs: o.sfLatencyMs, dailyApiRequests: 10_000_000, salesforceLicenses: o.users + 100 },
    // The per-minute limit is lifted: the benchmark measures calls and jobs, not waiting for a quota.
    zendesk: {
      latencyMs: o.zendeskLatencyMs,
      requestsPerMinute: 1_000_000_000,
      bulkImports: true,
      jobs: { queuedMs: o.jobQueuedMs, workMs: o.jobWorkMs, perUserMs: o.jobPerUserMs },
    },
  });
  const { org } = stack.salesforce;
  const zendesk = stack.zendesk.state;
  const seedStarted = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < o.users; i++)
    ids.push(
      org.addUser({
        FirstName: `U${i}`,
        LastName: 'Bench',
        Email: `u${i}@bench.example.com`,
        FederationIdentifier: `EMP-${i}`,
        Title: title(i, false),
        Department: i % 2 ? 'Support' : 'Success',
      }),
    );
  org.insert('User_Sync_Source__c', [
    { Name: 'Zendesk', Source__c: 'zendesk', Zendesk_Subdomain__c: 'acme' },
  ]);
  const [pushId] = org.insert('User_Sync_Push__c', [
    {
      Name: 'Bench',
      Enabled__c: true,
      Insert_Mode__c: true,
      Segment__c: "LastName = 'Bench'",
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
    {
      Push__c: pushId,
      Salesforce_Field__c: 'Department',
      Kind__c: 'Custom attribute',
      Target__c: 'department',
      Mode__c: 'Set',
    },
  ]);
  const seedMs = Date.now() - seedStarted;
  const changed = new Set<number>();

  serveRequests((request) => {
    switch (request.op) {
      case 'change': {
        // k users spread over the whole segment, so changes fall on many pages.
        const k = Math.round(Number(request.fraction) * ids.length);
        const step = k > 0 ? ids.length / k : 0;
        const updates = [];
        for (let j = 0; j < k; j++) {
          const i = Math.floor(j * step);
          changed.add(i);
          updates.push({ Id: ids[i], Title: title(i, true) });
        }
        if (updates.length) org.update('User', updates);
        return { changed: k };
      }
      case 'counters':
        return {
          zendesk: structuredClone(zendesk.counters),
          salesforce: { apiRequests: org.counters.apiRequests, byKind: { ...org.counters.byKind } },
        } satisfies PushCounters;
      case 'reset':
        zendesk.resetCounters();
        org.resetCounters();
        return null;
      case 'tally': {
        const users = zendesk.users().filter((u) => u.external_id?.startsWith('EMP-'));
        const expected = (u: { external_id: string | null; notes: string | null }) => {
          const i = Number(u.external_id!.slice(4));
          return u.notes === title(i, changed.has(i));
        };
        return {
          users: users.length,
          distinct: new Set(users.map((u) => u.external_id)).size,
          withExpectedNotes: users.filter(expected).length,
        } satisfies ZendeskTally;
      }
      default:
        throw new Error(`unknown op ${request.op}`);
    }
  });

  const ready: PushSandboxReady = {
    type: 'ready',
    zendeskUrl: stack.zendesk.url,
    zendeskToken: zendesk.issueAccessToken('read write'),
    salesforceUrl: stack.salesforce.url,
    salesforceToken: org.issueAccessToken(),
    apiVersion: stack.salesforce.apiVersion,
    pushId,
    seedMs,
  };
  process.send?.(ready);
}

if (require.main === module) {
  main().catch((error) => {
    console.error('Sandbox process failed:', error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
