/**
 * A push against the sandboxes, for the push's integration tests: the Salesforce org with a few
 * User fields of every type a mapping can send, the Zendesk account, the store, and one call that
 * runs an activation as the scheduler would.
 */
import { Connection } from 'jsforce';
import { addField, field, type Schema } from '../../sandbox/salesforce/schema';
import { startSandboxStack, type SandboxStack, type SandboxStackOptions } from '../../sandbox/stack';
import { StoreRunLock } from '../jobs/run-lock';
import { silentLogger, type Logger } from '../lib/logger';
import { SqliteStore } from '../store/sqlite-store';
import { runPush, type PushOutcome, type PushRunDeps } from './run-push';
import { SalesforcePushes, type PushTrigger } from './salesforce-push';
import { zendeskAccess } from './zendesk-access';

/** A request the push sent to Zendesk, as it went on the wire. */
export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface PushStack {
  stack: SandboxStack;
  /** Every request sent to Zendesk since the start (or the last clear). */
  sent: SentRequest[];
  store: SqliteStore;
  pushes: SalesforcePushes;
  /** Zendesk as the push reaches it (the sandbox account, requests recorded in `sent`). */
  zendesk: PushRunDeps['zendesk'];
  /** A push record with these mappings; returns its Id. */
  addPush(fields: Record<string, unknown>, mappings?: Array<Record<string, unknown>>): string;
  addMapping(pushId: string, mapping: Record<string, unknown>): string;
  addUser(fields: Record<string, unknown>): string;
  run(pushId: string, trigger?: PushTrigger, overrides?: Partial<PushRunDeps>): Promise<PushOutcome>;
  /** The push's runs, oldest first. */
  runs(pushId: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

let seq = 0;

export async function startPushStack(
  options: SandboxStackOptions & { zendeskScope?: string; logger?: Logger } = {},
): Promise<PushStack> {
  const stack = await startSandboxStack({
    ...options,
    salesforce: { cometdTimeoutMs: 400, ...options.salesforce },
    zendesk: { jobs: { queuedMs: 2, workMs: 3, perUserMs: 0.05 }, ...options.zendesk },
  });
  const { org } = stack.salesforce;
  // Fields of the types a mapping can send that the org's User lacks (number, date, picklist).
  const user = (org as unknown as { schema: Schema }).schema.object('User')!;
  addField(user, field({ name: 'Seats__c', label: 'Seats', type: 'double', precision: 9, scale: 0 }));
  addField(user, field({ name: 'Score__c', label: 'Score', type: 'double', precision: 9, scale: 2 }));
  addField(user, field({ name: 'Birthday__c', label: 'Birthday', type: 'date' }));
  addField(
    user,
    field({
      name: 'Tier__c',
      label: 'Tier',
      type: 'picklist',
      picklist: { values: ['Gold', 'Silver Plus'], restricted: false },
    }),
  );
  org.insert('User_Sync_Source__c', [
    { Name: 'Zendesk', Source__c: 'zendesk', Zendesk_Subdomain__c: 'acme' },
  ]);
  const connection = new Connection({
    instanceUrl: stack.salesforce.url,
    accessToken: org.issueAccessToken(org.adminUsername),
    version: stack.salesforce.apiVersion,
  });
  const pushes = new SalesforcePushes(connection);
  const store = SqliteStore.open(':memory:');
  const lock = new StoreRunLock(store);
  const token = stack.zendesk.state.issueAccessToken(options.zendeskScope ?? 'read write');
  const logger = options.logger ?? silentLogger();
  const sent: SentRequest[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    sent.push({
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return fetch(input, init);
  };
  const zendesk = zendeskAccess({
    salesforce: pushes,
    authorization: async () => ({ ok: true, value: undefined }),
    environment: { accessToken: token, baseUrl: stack.zendesk.url },
    logger,
    http: { timing: { minDelayMs: 5, maxDelayMs: 40, maxHeaderWaitMs: 120_000 }, fetch: recording },
  });
  const addMapping = (pushId: string, mapping: Record<string, unknown>): string =>
    org.insert('User_Sync_Push_Mapping__c', [
      { Push__c: pushId, Kind__c: 'Standard', Mode__c: 'Set', ...mapping },
    ])[0];
  return {
    stack,
    sent,
    store,
    pushes,
    zendesk,
    addPush(fields, mappings = []) {
      const [id] = org.insert('User_Sync_Push__c', [
        {
          Name: `Push ${++seq}`,
          Enabled__c: true,
          Segment__c: 'IsActive = true',
          Match_Key__c: 'Email',
          ...fields,
        },
      ]);
      for (const m of mappings) addMapping(id, m);
      return id;
    },
    addMapping(pushId, mapping) {
      return org.insert('User_Sync_Push_Mapping__c', [
        { Push__c: pushId, Kind__c: 'Standard', Mode__c: 'Set', ...mapping },
      ])[0];
    },
    addUser(fields) {
      return org.addUser(fields as Parameters<typeof org.addUser>[0]);
    },
    run: (pushId, trigger = 'Manual', overrides = {}) =>
      runPush(
        {
          salesforce: pushes,
          store,
          lock,
          zendesk,
          logger,
          sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))),
          poll: { initialMs: 3, maxMs: 20, factor: 1.5 },
          ...overrides,
        },
        { pushId, trigger },
      ),
    runs: (pushId) =>
      org.query(
        `SELECT Id, Status__c, Trigger__c, Message__c, Errors__c, Sample__c, In_Segment_Count__c, Inserted_Count__c, Updated_Count__c, Unchanged_Count__c, Not_In_Zendesk_Count__c, Failed_Count__c FROM User_Sync_Push_Run__c WHERE Push__c = '${pushId}' ORDER BY Name`,
      ),
    async close() {
      await store.close();
      await stack.close();
    },
  };
}
