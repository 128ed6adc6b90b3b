import { IAdvizeError, failure } from '../iadvize/errors';
import { EMAIL_ALREADY_USED, type CreateOperatorInput, type Operator } from '../iadvize/types';
import { silentLogger } from '../lib/logger';
import { err, ok } from '../lib/result';
import type { ProvisioningRecorder } from '../metrics/recorders';
import type { PlatformEvent } from '../salesforce/platform-event';
import { SqliteStore } from '../store/sqlite-store';
import type { OperatorDirectory } from './operator-directory';
import { BatchIncompleteError, createProvisioner } from './provisioner';
import type { UserGateway, WriteFailure } from './salesforce-users';
import type { SyncUser } from './sync-user';
import type { WriteBack } from './write-back';

const NOW = new Date('2026-11-22T12:00:00.000Z');
let seq = 0;
const id = () => `005000000000${String(++seq).padStart(3, '0')}AAA`;

function user(fields: Partial<SyncUser> = {}): SyncUser {
  const Id = fields.Id ?? id();
  return {
    Id,
    FirstName: 'Ada',
    LastName: 'Lovelace',
    Email: `${Id.toLowerCase()}@example.com`,
    Alias: 'alove',
    IsActive: true,
    IAdvize_Sync__c: true,
    IAdvize_Operator_Id__c: null,
    IAdvize_SSO_Token__c: null,
    IAdvize_Sync_Status__c: 'Queued',
    IAdvize_Sync_Message__c: null,
    ...fields,
  };
}

const event = (userId: string, action: 'CREATE' | 'LINK', n = seq++): PlatformEvent => ({
  channel: '/event/IAdvize_Sync_Request__e',
  replayId: n,
  eventUuid: `uuid-${n}-${userId}`,
  payload: { User_Id__c: userId, Action__c: action },
});

/** Salesforce, in memory: counts calls, refuses a duplicate operator id like the unique field does. */
class FakeUsers implements UserGateway {
  readonly rows = new Map<string, SyncUser>();
  readonly calls = { read: 0, holders: 0, write: 0 };
  readonly written: WriteBack[] = [];
  constructor(users: SyncUser[]) {
    for (const u of users) this.rows.set(u.Id, u);
  }
  async readUsers(ids: string[]) {
    this.calls.read++;
    return ids.flatMap((i) => (this.rows.has(i) ? [this.rows.get(i)!] : []));
  }
  async holdersOf(operatorIds: string[]) {
    this.calls.holders++;
    const out = new Map<string, string[]>();
    for (const u of this.rows.values()) {
      const op = u.IAdvize_Operator_Id__c;
      if (op && operatorIds.includes(op)) out.set(op, [...(out.get(op) ?? []), u.Id]);
    }
    return out;
  }
  async writeBack(records: WriteBack[]) {
    this.calls.write++;
    const failures: WriteFailure[] = [];
    for (const r of records) {
      const holder = [...this.rows.values()].find(
        (u) =>
          r.IAdvize_Operator_Id__c && u.IAdvize_Operator_Id__c === r.IAdvize_Operator_Id__c && u.Id !== r.Id,
      );
      if (holder) {
        failures.push({
          id: r.Id,
          statusCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: IAdvize_Operator_Id__c duplicates value on record with id: ${holder.Id}`,
          fields: [],
        });
        continue;
      }
      this.written.push(r);
      const row = this.rows.get(r.Id)!;
      this.rows.set(r.Id, {
        ...row,
        IAdvize_Sync_Status__c: r.IAdvize_Sync_Status__c,
        IAdvize_Operator_Id__c: r.IAdvize_Operator_Id__c ?? row.IAdvize_Operator_Id__c,
      });
    }
    return failures;
  }
  last(userId: string) {
    return [...this.written].reverse().find((w) => w.Id === userId);
  }
}

/** iAdvize, in memory: one account per email, externalId kept, sso keys. */
class FakeIAdvize implements OperatorDirectory {
  capabilities = { findByEmail: true, getById: 'rest' as const, ssoKey: true };
  readonly operators: Operator[] = [];
  readonly calls = { create: 0, find: 0, get: 0 };
  failNext: IAdvizeError | undefined;
  seed(email: string, extra: Partial<Operator> = {}): Operator {
    const op = {
      id: String(1000 + this.operators.length),
      email,
      lastName: 'X',
      ssoKey: `sso-${this.operators.length}`,
      ...extra,
    };
    this.operators.push(op);
    return op;
  }
  async createOperator(input: CreateOperatorInput) {
    this.calls.create++;
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    if (input.email.includes('rejected'))
      return err({ type: 'InvalidEmailProfessionalCreateUserError', message: 'The email is invalid.' });
    if (this.operators.some((o) => o.email.toLowerCase() === input.email.toLowerCase())) {
      return err({ type: EMAIL_ALREADY_USED, message: 'Email already used.' });
    }
    return ok({ id: this.seed(input.email, { externalId: input.externalId ?? undefined }).id });
  }
  async findOperatorsByEmail(email: string) {
    this.calls.find++;
    return this.operators.filter((o) => o.email.toLowerCase() === email.toLowerCase());
  }
  async getOperator(operatorId: string) {
    this.calls.get++;
    return this.operators.find((o) => o.id === operatorId);
  }
}

async function setup(
  users: SyncUser[],
  options: { linkExisting?: boolean; metrics?: ProvisioningRecorder } = {},
) {
  const sf = new FakeUsers(users);
  const iadvize = new FakeIAdvize();
  const journal = SqliteStore.open(':memory:');
  const handle = createProvisioner({
    users: sf,
    iadvize,
    journal,
    logger: silentLogger(),
    linkExisting: options.linkExisting ?? false,
    concurrency: 4,
    now: () => NOW,
    ...(options.metrics && { metrics: options.metrics }),
  });
  return { sf, iadvize, journal, handle };
}

describe('createProvisioner', () => {
  it('creates operators for ticked users with one read and one write for the batch, ≤ 2 iAdvize calls each', async () => {
    const users = Array.from({ length: 150 }, () => user());
    const { sf, iadvize, handle } = await setup(users);
    await handle(users.map((u) => event(u.Id, 'CREATE')));
    expect(sf.calls).toEqual({ read: 1, holders: 0, write: 1 });
    expect(iadvize.calls.create + iadvize.calls.get).toBe(300);
    for (const u of users) {
      const op = iadvize.operators.find((o) => o.externalId === u.Id)!;
      expect(sf.last(u.Id)).toEqual({
        Id: u.Id,
        IAdvize_Sync_Status__c: 'Created',
        IAdvize_Sync_Message__c: `Created iAdvize operator ${op.id}.`,
        IAdvize_Last_Synced__c: NOW.toISOString(),
        IAdvize_Operator_Id__c: op.id,
        IAdvize_SSO_Token__c: op.ssoKey,
      });
    }
  });

  it('skips a user whose email iAdvize already has, naming the operator, and creates nothing', async () => {
    const u = user({ Email: 'Taken@Example.com' });
    const { sf, iadvize, handle } = await setup([u]);
    const existing = iadvize.seed('taken@example.com');
    await handle([event(u.Id, 'CREATE')]);
    expect(iadvize.operators).toHaveLength(1);
    expect(sf.last(u.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Skipped',
      IAdvize_Sync_Message__c: expect.stringContaining(`operator ${existing.id}`),
    });
    expect(sf.last(u.Id)).not.toHaveProperty('IAdvize_Operator_Id__c');
  });

  it('links the existing operator instead when IADVIZE_LINK_EXISTING is on', async () => {
    const u = user({ Email: 'taken@example.com' });
    const { sf, iadvize, handle } = await setup([u], { linkExisting: true });
    const existing = iadvize.seed('taken@example.com');
    await handle([event(u.Id, 'CREATE')]);
    expect(sf.last(u.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Linked',
      IAdvize_Operator_Id__c: existing.id,
      IAdvize_SSO_Token__c: existing.ssoKey,
    });
  });

  it('fails users with bad data with the reason, without touching the rest of the batch', async () => {
    const good = user();
    const noEmail = user({ Email: null });
    const noLast = user({ LastName: null });
    const rejected = user({ Email: 'rejected@example.com' });
    const { sf, handle } = await setup([good, noEmail, noLast, rejected]);
    await handle([good, noEmail, noLast, rejected].map((u) => event(u.Id, 'CREATE')));
    expect(sf.last(good.Id)!.IAdvize_Sync_Status__c).toBe('Created');
    expect(sf.last(noEmail.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: expect.stringContaining('no email'),
    });
    expect(sf.last(noLast.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: expect.stringContaining('no last name'),
    });
    expect(sf.last(rejected.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: 'iAdvize refused the operator: The email is invalid.',
    });
  });

  it('finishes a request redelivered after a crash with the same operator, creating no second one', async () => {
    const u = user();
    const { sf, iadvize, journal, handle } = await setup([u]);
    const created = await iadvize.createOperator({
      email: u.Email!,
      lastName: 'Lovelace',
      pseudo: 'a',
      externalId: u.Id,
    });
    await journal.recordCreation(u.Id, created.ok ? created.value.id : '');
    const before = iadvize.calls.create;
    await handle([event(u.Id, 'CREATE')]);
    expect(iadvize.calls.create).toBe(before);
    expect(iadvize.operators).toHaveLength(1);
    expect(sf.last(u.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Created',
      IAdvize_Operator_Id__c: iadvize.operators[0].id,
    });
  });

  it('recognises its own operator by externalId when the journal lost the creation', async () => {
    const u = user();
    const { sf, iadvize, handle } = await setup([u]);
    iadvize.seed(u.Email!, { externalId: u.Id });
    await handle([event(u.Id, 'CREATE')]);
    expect(iadvize.operators).toHaveLength(1);
    expect(sf.last(u.Id)!.IAdvize_Sync_Status__c).toBe('Created');
  });

  it('checks manual links: right token → Linked; wrong token, unknown id, taken id → Failed with the reason', async () => {
    const { sf, iadvize, handle } = await setup([]);
    const a = iadvize.seed('a@example.com');
    const b = iadvize.seed('b@example.com');
    const c = iadvize.seed('c@example.com');
    const right = user({
      IAdvize_Sync__c: false,
      IAdvize_Operator_Id__c: a.id,
      IAdvize_SSO_Token__c: a.ssoKey!,
    });
    const wrong = user({
      IAdvize_Sync__c: false,
      IAdvize_Operator_Id__c: b.id,
      IAdvize_SSO_Token__c: 'nope',
    });
    const unknown = user({
      IAdvize_Sync__c: false,
      IAdvize_Operator_Id__c: '424242',
      IAdvize_SSO_Token__c: 'x',
    });
    const holder = user({ IAdvize_Operator_Id__c: c.id, IAdvize_Sync_Status__c: 'Linked' });
    const taken = user({
      IAdvize_Sync__c: false,
      IAdvize_Operator_Id__c: c.id,
      IAdvize_SSO_Token__c: c.ssoKey!,
    });
    for (const u of [right, wrong, unknown, holder, taken]) sf.rows.set(u.Id, u);
    await handle([right, wrong, unknown, taken].map((u) => event(u.Id, 'LINK')));
    expect(sf.calls.holders).toBe(1);
    expect(sf.last(right.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Linked',
      IAdvize_Sync_Message__c: `Linked to iAdvize operator ${a.id}.`,
    });
    expect(sf.last(wrong.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: expect.stringContaining('does not match'),
    });
    expect(sf.last(unknown.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: 'iAdvize has no operator with ID 424242.',
    });
    expect(sf.last(taken.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: expect.stringContaining(`already linked to Salesforce user ${holder.Id}`),
    });
  });

  it('turns a write refused for a duplicate operator id into Failed on that user', async () => {
    const holder = user({ IAdvize_Operator_Id__c: '1000' });
    const u = user({ Email: 'taken@example.com' });
    const { sf, iadvize, handle } = await setup([holder, u], { linkExisting: true });
    iadvize.seed('taken@example.com'); // id 1000, held by `holder` in Salesforce
    await handle([event(u.Id, 'CREATE')]);
    expect(sf.calls.write).toBe(2);
    expect(sf.last(u.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Failed',
      IAdvize_Sync_Message__c: expect.stringContaining('already linked to another Salesforce user'),
    });
  });

  it('holds a request iAdvize could not answer: the others are written, the batch throws for a retry', async () => {
    const ok1 = user();
    const down = user();
    const { sf, iadvize, handle } = await setup([down, ok1]);
    iadvize.failNext = new IAdvizeError(
      'professionalCreate',
      failure('IADVIZE_UNAVAILABLE', 'HTTP 503 after 5 attempts', true),
    );
    const error = await handle([event(down.Id, 'CREATE'), event(ok1.Id, 'CREATE')]).catch((e) => e);
    expect(error).toBeInstanceOf(BatchIncompleteError);
    expect(sf.last(ok1.Id)!.IAdvize_Sync_Status__c).toBe('Created');
    // Not written back as a result: it stays Queued and says why it waits.
    expect(sf.last(down.Id)).toEqual({
      Id: down.Id,
      IAdvize_Sync_Status__c: 'Queued',
      IAdvize_Sync_Message__c:
        'Waiting: iAdvize could not be reached or is busy. The request is kept and retried.',
    });
    await handle([event(down.Id, 'CREATE'), event(ok1.Id, 'CREATE')]); // the retry
    expect(sf.last(down.Id)!.IAdvize_Sync_Status__c).toBe('Created');
    expect(iadvize.operators).toHaveLength(2);
  });

  it('handles the last request per user, skips unticked and missing users, ignores malformed events', async () => {
    const unticked = user({ IAdvize_Sync__c: false });
    const { sf, handle } = await setup([unticked]);
    await handle([
      event(unticked.Id, 'CREATE'),
      event('005000000000999AAA', 'CREATE'),
      { channel: 'x', replayId: 1, eventUuid: 'bad', payload: { User_Id__c: "x' OR 1=1" } },
    ]);
    expect(sf.written).toHaveLength(1);
    expect(sf.last(unticked.Id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Skipped',
      IAdvize_Sync_Message__c: expect.stringContaining('unticked'),
    });
  });

  it('tells the metrics each final status, and each write-back’s delay since the request was published', async () => {
    const created = user();
    const holder = user({ IAdvize_Operator_Id__c: '1000' });
    const taken = user({ Email: 'taken@example.com' });
    const down = user();
    const outcomes: string[] = [];
    const latencies: number[] = [];
    const { iadvize, handle } = await setup([created, holder, taken, down], {
      linkExisting: true,
      metrics: { outcome: (s) => outcomes.push(s), writtenBack: (s) => latencies.push(s) },
    });
    iadvize.seed('taken@example.com'); // id 1000, held by `holder`: the link is refused on write
    const published = (e: PlatformEvent, secondsAgo: number) => ({
      ...e,
      payload: { ...e.payload, CreatedDate: new Date(NOW.getTime() - secondsAgo * 1000).toISOString() },
    });
    iadvize.failNext = new IAdvizeError(
      'professionalCreate',
      failure('IADVIZE_UNAVAILABLE', 'HTTP 503 after 5 attempts', true),
    );
    const batch = [
      published(event(down.Id, 'CREATE'), 1),
      published(event(created.Id, 'CREATE'), 2.5),
      published(event(taken.Id, 'CREATE'), 4),
    ];
    await expect(handle(batch)).rejects.toBeInstanceOf(BatchIncompleteError);
    // Linked was decided, then refused by Salesforce and written as Failed: Failed is what counts.
    expect(outcomes.sort()).toEqual(['Created', 'Failed']);
    expect(latencies.sort()).toEqual([2.5, 4]);

    await handle([published(event(down.Id, 'CREATE'), 60)]); // the retry, a minute on
    expect(outcomes.sort()).toEqual(['Created', 'Created', 'Failed']);
    expect(latencies.sort((a, b) => a - b)).toEqual([2.5, 4, 60]);
  });
});
