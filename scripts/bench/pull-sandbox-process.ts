import { startSandboxStack, type SandboxStack } from '../../server/sandbox/stack';
import type { ZendeskCounters } from '../../server/sandbox/zendesk';

/**
 * The sandboxes of `bench:pull`, run in a child process (forked by pull.ts) so the benchmark
 * process measures the companion alone. Seeds N Zendesk agents and admins (plus end users the role
 * filter must leave out), sends one `ready` message, then answers the requests below over IPC.
 * Exits when the parent goes away.
 */
export interface SandboxStart {
  users: number;
  endUsers: number;
  zendeskLatencyMs: number;
  sfLatencyMs: number;
}

export interface SandboxReady {
  type: 'ready';
  zendeskUrl: string;
  zendeskToken: string;
  salesforceUrl: string;
  salesforceToken: string;
  apiVersion: string;
  seedMs: number;
}

export type SandboxRequest =
  | { id: number; op: 'change'; fraction: number }
  | { id: number; op: 'counters' }
  | { id: number; op: 'reset' }
  | { id: number; op: 'rows' };

export interface SandboxCounters {
  zendesk: ZendeskCounters;
  salesforce: { apiRequests: number; byKind: Record<string, number> };
}

export interface RowTally {
  zendeskRows: number;
  renamedRows: number;
}

export type SandboxValue = { renamed: number } | SandboxCounters | RowTally | null;

export type SandboxReply =
  { id: number; ok: true; value: SandboxValue } | { id: number; ok: false; error: string };

export const RENAMED_SUFFIX = ' (renamed)';

/** Reads the start options the parent passes as one JSON argument. */
function startOptions(): SandboxStart {
  const raw = JSON.parse(process.argv[2] ?? '{}') as Partial<SandboxStart>;
  return {
    users: raw.users ?? 1000,
    endUsers: raw.endUsers ?? 0,
    zendeskLatencyMs: raw.zendeskLatencyMs ?? 0,
    sfLatencyMs: raw.sfLatencyMs ?? 0,
  };
}

function seed(stack: SandboxStack, users: number, endUsers: number): number[] {
  const zendesk = stack.zendesk.state;
  const team: number[] = [];
  // End users interleaved with the team, as in a real account: the role filter has to skip them.
  const every = endUsers > 0 ? Math.max(1, Math.floor(users / endUsers)) : Infinity;
  let ends = 0;
  for (let i = 0; i < users; i++) {
    if (ends < endUsers && i % every === 0) {
      zendesk.addUser({ name: `Customer ${ends}`, email: `customer${ends}@example.com`, role: 'end-user' });
      ends += 1;
    }
    const user = zendesk.addUser({
      name: `Agent ${i} Bench`,
      email: `agent${i}@acme.test`,
      role: i % 10 === 0 ? 'admin' : 'agent',
    });
    team.push(user.id);
  }
  return team;
}

async function main(): Promise<void> {
  const options = startOptions();
  const stack = await startSandboxStack({
    salesforce: { latencyMs: options.sfLatencyMs, dailyApiRequests: 10_000_000 },
    // The per-minute limit is lifted: the benchmark measures paging, not waiting for a quota.
    zendesk: { latencyMs: options.zendeskLatencyMs, requestsPerMinute: 1_000_000_000 },
  });
  const closeAndExit = (code: number) => {
    stack.close().finally(() => process.exit(code));
  };
  process.on('disconnect', () => closeAndExit(0));
  process.on('SIGTERM', () => closeAndExit(0));

  const seedStart = Date.now();
  const team = seed(stack, options.users, options.endUsers);
  const seedMs = Date.now() - seedStart;
  const { org } = stack.salesforce;
  const zendesk = stack.zendesk.state;

  const handle = (request: SandboxRequest): SandboxValue => {
    switch (request.op) {
      case 'change': {
        // k users spread over the whole listing, so changes fall on many pages.
        const k = Math.round(request.fraction * team.length);
        const step = k > 0 ? team.length / k : 0;
        for (let j = 0; j < k; j++) {
          const id = team[Math.floor(j * step)];
          zendesk.updateUser(id, { name: `Agent ${Math.floor(j * step)} Bench${RENAMED_SUFFIX}` });
        }
        return { renamed: k };
      }
      case 'counters':
        return {
          zendesk: structuredClone(zendesk.counters),
          salesforce: { apiRequests: org.counters.apiRequests, byKind: { ...org.counters.byKind } },
        };
      case 'reset':
        zendesk.resetCounters();
        org.resetCounters();
        return null;
      case 'rows': {
        const rows = org.all('External_User__c').filter((r) => r.Source__c === 'Zendesk');
        return {
          zendeskRows: rows.length,
          renamedRows: rows.filter((r) => String(r.Name).endsWith(RENAMED_SUFFIX)).length,
        };
      }
    }
  };

  process.on('message', (message: SandboxRequest) => {
    let reply: SandboxReply;
    try {
      reply = { id: message.id, ok: true, value: handle(message) };
    } catch (error) {
      reply = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(reply);
  });

  const ready: SandboxReady = {
    type: 'ready',
    zendeskUrl: stack.zendesk.url,
    zendeskToken: zendesk.issueAccessToken(),
    salesforceUrl: stack.salesforce.url,
    salesforceToken: org.issueAccessToken(),
    apiVersion: stack.salesforce.apiVersion,
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
