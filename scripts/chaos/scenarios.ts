import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companionEnv } from '../../server/sandbox/env-file';
import { startSandboxStack, type SandboxStack } from '../../server/sandbox/stack';
import { CompanionRunner, type Mode } from './companion-runner';
import type { ImportFigures, TickFigures } from './report';

export interface ChaosOptions {
  /** Users ticked at once. */
  users: number;
  /** Zendesk agents imported. */
  agents: number;
  /** SIGKILLs per scenario. */
  kills: number;
  /** How long the Zendesk sandbox takes per page: long enough for a kill to land mid-import. */
  zendeskLatencyMs?: number;
  random: () => number;
  log: (line: string) => void;
}

type Row = Record<string, unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(
  condition: () => boolean,
  what: string,
  timeoutMs: number,
  runner?: CompanionRunner,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      const last = runner?.logs.slice(-15).map((l) => JSON.stringify(l)) ?? [];
      throw new Error(`timed out waiting for ${what}; the companion's last log lines:\n${last.join('\n')}`);
    }
    await sleep(100);
  }
}

/** `kills` points between 10 % and 90 % of `total`, in increasing order. */
function killPoints(o: ChaosOptions, total: number): number[] {
  return Array.from({ length: o.kills }, () => o.random())
    .sort()
    .map((f) => Math.floor(total * (0.1 + 0.8 * f)));
}

function runnerFor(mode: Mode, stack: SandboxStack): CompanionRunner {
  const sources = stack.companionConfig(':memory:').sources;
  return new CompanionRunner(
    mode,
    companionEnv(stack.companionAuth, stack.iadvizeConfig, {
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'chaos-')), 'companion.db'),
      ZENDESK_ACCESS_TOKEN: sources.zendesk.accessToken!,
      ZENDESK_BASE_URL: sources.zendesk.baseUrl!,
    }),
  );
}

/**
 * N users ticked at once (200 per save, as a data load does), the companion killed at random moments
 * while it provisions them and started again each time.
 */
export async function tickBurst(
  mode: Mode,
  o: ChaosOptions,
): Promise<TickFigures & { kills: number; ms: number }> {
  const stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 1000 }, iadvize: { latencyMs: 5 } });
  const runner = runnerFor(mode, stack);
  try {
    const org = stack.salesforce.org;
    const ids = Array.from({ length: o.users }, (_, i) =>
      org.addUser({
        FirstName: `Chaos${i}`,
        LastName: 'Tick',
        Email: `chaos${i}@example.com`,
        Alias: `c${i}`.slice(0, 8),
      }),
    );
    await runner.start();
    const started = Date.now();
    for (let i = 0; i < ids.length; i += 200)
      org.update(
        'User',
        ids.slice(i, i + 200).map((Id) => ({ Id, IAdvize_Sync__c: true })),
      );
    const status = (id: string) => org.get('User', id)!.IAdvize_Sync_Status__c;
    const settled = () => ids.every((id) => !['Queued', null, undefined].includes(status(id) as string));
    const created = () => ids.filter((id) => status(id) === 'Created').length;
    // Kill points spread over the burst, by users written back, then a random moment within a batch.
    for (const [k, point] of killPoints(o, o.users).entries()) {
      await until(() => created() >= point || settled(), `${point} users written back`, 120_000, runner);
      if (settled()) break;
      await sleep(Math.floor(o.random() * 300));
      o.log(`  ${mode}: SIGKILL ${k + 1} with ${created()} of ${ids.length} users written back`);
      await runner.kill();
      await runner.start();
    }
    await until(settled, 'every ticked user written back', 120_000, runner);
    const ms = Date.now() - started;
    const users = ids.map((id) => org.get('User', id) as Row);
    const ticked = new Set(ids);
    // The tenant's own admin is an operator too: only those created for the ticked users count.
    const operators = stack.iadvize.state.operators().filter((op) => ticked.has(String(op.externalId)));
    const byEmail = new Map<string, number>();
    for (const op of operators)
      byEmail.set(op.email.toLowerCase(), (byEmail.get(op.email.toLowerCase()) ?? 0) + 1);
    const ownOperator = new Map(operators.map((op) => [op.externalId, String(op.id)]));
    await runner.stop();
    return {
      ticked: ids.length,
      created: users.filter((u) => u.IAdvize_Sync_Status__c === 'Created').length,
      notWrittenBack: users.filter((u) => !u.IAdvize_Last_Synced__c).length,
      operatorsCreated: operators.length,
      duplicateEmails: [...byEmail.values()].filter((n) => n > 1).length,
      wrongOperator: users.filter((u) => u.IAdvize_Operator_Id__c !== ownOperator.get(String(u.Id))).length,
      kills: runner.kills,
      ms,
    };
  } finally {
    await runner.kill();
    await stack.close();
  }
}

/**
 * A first import of N Zendesk agents, the companion killed at random points of it (by rows written)
 * and started again each time: it marks the interrupted run Failed and imports again.
 */
export async function importRun(
  mode: Mode,
  o: ChaosOptions,
): Promise<ImportFigures & { kills: number; ms: number }> {
  const stack = await startSandboxStack({
    salesforce: { cometdTimeoutMs: 1000 },
    zendesk: { latencyMs: o.zendeskLatencyMs ?? 5 },
  });
  const runner = runnerFor(mode, stack);
  try {
    const org = stack.salesforce.org;
    for (let i = 0; i < o.agents; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    await runner.start();
    const started = Date.now();
    org.insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: true,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent;admin',
      },
    ]);
    org.publishEvent('User_Sync_Command__e', { Command__c: 'SETTINGS_CHANGED', Source__c: 'zendesk' });
    const rows = () => org.all('External_User__c').length;
    const runs = () => org.query('SELECT Status__c, Message__c FROM User_Sync_Run__c');
    const succeeded = () => runs().some((r) => r.Status__c === 'Succeeded');
    for (const [k, point] of killPoints(o, o.agents).entries()) {
      await until(() => rows() >= point || succeeded(), `${point} rows`, 300_000, runner);
      if (succeeded()) break;
      o.log(`  ${mode}: SIGKILL ${k + 1} with ${rows()} of ${o.agents} rows written`);
      await runner.kill();
      await runner.start();
    }
    await until(succeeded, 'a completed import', 600_000, runner);
    const ms = Date.now() - started;
    const all = org.all('External_User__c');
    const final = runs();
    await runner.stop();
    return {
      sourceUsers: o.agents,
      rows: all.length,
      deactivatedRows: all.filter((r) => r.Status__c === 'Deactivated').length,
      runsRunning: final.filter((r) => r.Status__c === 'Running').length,
      runsFailedInterrupted: final.filter((r) => r.Status__c === 'Failed').length,
      runsSucceeded: final.filter((r) => r.Status__c === 'Succeeded').length,
      kills: runner.kills,
      ms,
    };
  } finally {
    await runner.kill();
    await stack.close();
  }
}
