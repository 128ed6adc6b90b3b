import { Connection } from 'jsforce';
import { startSandboxStack, type SandboxStack } from '../../sandbox/stack';
import { SalesforceDirectory } from '../directory/salesforce-directory';
import { silentLogger, type Logger } from '../lib/logger';
import { SqliteStore } from '../store/sqlite-store';
import { DirectoryScheduler } from './scheduler';
import type { Timers } from './timers';

export const HOUR = 3_600_000;

/** Timers a test drives: it sees every delay and fires the callbacks itself. */
export class ManualTimers implements Timers {
  nowMs = Date.parse('2026-11-22T12:00:00Z');
  readonly pending: Array<{ callback: () => void; delayMs: number; cancelled: boolean }> = [];
  now() {
    return this.nowMs;
  }
  schedule(callback: () => void, delayMs: number) {
    const entry = { callback, delayMs, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }
  /** Cron schedules handed to node-cron in production; a test fires a match with fireCron. */
  readonly crons: Array<{ expression: string; timeZone: string; callback: () => void; cancelled: boolean }> =
    [];
  cron(expression: string, timeZone: string, callback: () => void) {
    const entry = { expression, timeZone, callback, cancelled: false };
    this.crons.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }
  liveCrons() {
    return this.crons.filter((c) => !c.cancelled);
  }
  /** A match of every live cron schedule at `atMs`: the clock moves there and each fires once. */
  fireCron(atMs: number) {
    this.nowMs = atMs;
    for (const c of this.liveCrons()) c.callback();
  }
  live() {
    return this.pending.filter((p) => !p.cancelled);
  }
  fireAll() {
    const due = this.live();
    for (const p of due) p.cancelled = true;
    for (const p of due) p.callback();
  }
}

/**
 * The Salesforce and Zendesk sandboxes with a Zendesk settings record, a store and timers a test
 * drives, and the scheduler built over them on demand.
 */
export class SchedulerWorld {
  stack!: SandboxStack;
  store!: SqliteStore;
  timers = new ManualTimers();
  scheduler: DirectoryScheduler | undefined;
  directory!: SalesforceDirectory;
  settingsId = '';

  async open(agents: number, settings: Record<string, unknown> = {}): Promise<void> {
    this.stack = await startSandboxStack();
    this.store = SqliteStore.open(':memory:');
    for (let i = 0; i < agents; i++)
      this.stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
    [this.settingsId] = this.stack.salesforce.org.insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: true,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent;admin',
        ...settings,
      },
    ]);
    this.directory = new SalesforceDirectory(
      new Connection({
        instanceUrl: this.stack.salesforce.url,
        accessToken: this.stack.salesforce.org.issueAccessToken(),
        version: this.stack.salesforce.apiVersion,
      }),
    );
  }

  async close(): Promise<void> {
    await this.scheduler?.stop();
    await this.store?.close();
    await this.stack?.close();
  }

  async start(
    options: { logger?: Logger; sources?: 'environment' | 'none'; timers?: Timers } = {},
  ): Promise<DirectoryScheduler> {
    this.scheduler = new DirectoryScheduler({
      directory: this.directory,
      sources:
        options.sources === 'none'
          ? { zendesk: {}, intercom: {} }
          : this.stack.companionConfig(':memory:').sources,
      store: this.store,
      logger: options.logger ?? silentLogger(),
      timers: options.timers ?? this.timers,
    });
    await this.scheduler.start();
    return this.scheduler;
  }

  runs(): Array<Record<string, unknown>> {
    return this.stack.salesforce.org.query(
      'SELECT Id, Trigger__c, Status__c, Message__c, Held_Count__c, Deactivated_Count__c, Confirms_Run__c FROM User_Sync_Run__c ORDER BY Name',
    );
  }

  settings(): Record<string, unknown> {
    return this.stack.salesforce.org.get('User_Sync_Source__c', this.settingsId)!;
  }

  rows(status?: string): Array<Record<string, unknown>> {
    const all = this.stack.salesforce.org.query('SELECT Source_Key__c, Status__c FROM External_User__c');
    return status ? all.filter((r) => r.Status__c === status) : all;
  }
}
