import { Connection } from 'jsforce';
import { SalesforceSandbox } from './server';
import { ErrorBody, bodyOf, rejectionOf, startTestSandbox } from './test-helpers';

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

describe('sObject Collections and composite against jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    conn = new Connection({
      instanceUrl: sandbox.url,
      accessToken: sandbox.org.issueAccessToken(),
      version: '62.0',
    });
    sandbox.org.resetCounters();
  });

  afterEach(() => sandbox.close());

  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${sandbox.url}/services/data/v62.0${path}`, {
      method,
      headers: { Authorization: `Bearer ${conn.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  const users = (n: number, prefix = 'c') =>
    Array.from({ length: n }, (_, i) =>
      sandbox.org.addUser({ LastName: `${prefix}${i}`, Email: `${prefix}${i}@example.com` }),
    );
  const requests = () => sandbox.org.events('IAdvize_Sync_Request__e').map((e) => e.payload);

  it('creates many records in one call, results in request order', async () => {
    const results = await conn.sobject('External_User__c').create([
      { Source__c: 'Zendesk', Source_Key__c: 'zd:1' },
      { Source__c: 'Nope', Source_Key__c: 'zd:2' },
      { Source__c: 'Intercom', Source_Key__c: 'ic:3' },
    ]);
    expect(results).toEqual([
      { id: expect.any(String), success: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: 'Source: bad value for restricted picklist field: Nope',
            fields: ['Source__c'],
          },
        ],
      },
      { id: expect.any(String), success: true, errors: [] },
    ]);
    expect(sandbox.org.all('External_User__c')).toHaveLength(2);
    expect(sandbox.org.counters).toEqual({ apiRequests: 1, byKind: { collections: 1 } });

    const atomic = await conn.sobject('External_User__c').create(
      [
        { Source__c: 'Zendesk', Source_Key__c: 'zd:4' },
        { Source__c: 'Zendesk', Source_Key__c: 'zd:1' },
      ],
      { allOrNone: true },
    );
    expect(atomic).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [expect.objectContaining({ statusCode: 'DUPLICATE_VALUE' })] },
    ]);
    expect(sandbox.org.all('External_User__c')).toHaveLength(2);
  });

  it('updates with DUPLICATE_VALUE on IAdvize_Operator_Id__c, and allOrNone rolls every record back', async () => {
    const [a, b, c] = users(3);
    sandbox.org.update('User', [{ Id: a, IAdvize_Operator_Id__c: 'op-1' }]);

    const partial = await conn.sobject('User').update([
      { Id: b, IAdvize_Operator_Id__c: 'OP-1' },
      { Id: c, Title: 'Agent' },
    ]);
    expect(partial).toEqual([
      {
        id: b,
        success: false,
        errors: [
          {
            statusCode: 'DUPLICATE_VALUE',
            message: `duplicate value found: IAdvize_Operator_Id__c duplicates value on record with id: ${a.slice(0, 15)}`,
            fields: [],
          },
        ],
      },
      { id: c, success: true, errors: [] },
    ]);
    expect(sandbox.org.get('User', c)?.Title).toBe('Agent');

    const atomic = await conn.sobject('User').update(
      [
        { Id: c, Title: 'Lead' },
        { Id: b, IAdvize_Operator_Id__c: 'op-1' },
      ],
      { allOrNone: true },
    );
    expect(atomic).toEqual([
      { id: c, success: false, errors: [ROLLED_BACK] },
      { id: b, success: false, errors: [expect.objectContaining({ statusCode: 'DUPLICATE_VALUE' })] },
    ]);
    expect(sandbox.org.get('User', c)?.Title).toBe('Agent');

    const profileId = sandbox.org.query("SELECT Id FROM Profile WHERE Name = 'Standard User'")[0].Id;
    const newUser = (n: string, op: string) => ({
      Username: `${n}@example.com`,
      LastName: n,
      Email: `${n}@example.com`,
      Alias: n,
      ProfileId: profileId,
      TimeZoneSidKey: 'Europe/Paris',
      LocaleSidKey: 'fr_FR',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'fr',
      IAdvize_Operator_Id__c: op,
    });
    const created = await conn.sobject('User').create([newUser('d1', 'op-2'), newUser('d2', 'op-1')]);
    expect(created[0]).toEqual({ id: expect.any(String), success: true, errors: [] });
    expect(created[1]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: IAdvize_Operator_Id__c duplicates value on record with id: ${a.slice(0, 15)}`,
          fields: [],
        },
      ],
    });
  });

  it('upserts by external id with `created` flags, and refuses more than 200 records', async () => {
    const first = await conn.sobject('External_User__c').upsert(
      [
        { Source_Key__c: 'zd:1', Source__c: 'Zendesk' },
        { Source_Key__c: 'zd:2', Source__c: 'Zendesk' },
      ],
      'Source_Key__c',
    );
    expect(first.map((r) => r.created)).toEqual([true, true]);
    const second = await conn.sobject('External_User__c').upsert(
      [
        { Source_Key__c: 'ZD:1', Email__c: 'one@example.com' },
        { Source_Key__c: 'zd:3', Source__c: 'Intercom' },
      ],
      'Source_Key__c',
    );
    expect(second).toEqual([
      { id: first[0].id, success: true, errors: [], created: false },
      { id: expect.any(String), success: true, errors: [], created: true },
    ]);
    expect(sandbox.org.get('External_User__c', first[0].id as string)?.Email__c).toBe('one@example.com');

    const dup = await conn.sobject('External_User__c').upsert(
      [
        { Source_Key__c: 'k9', Source__c: 'Zendesk' },
        { Source_Key__c: 'K9', Source__c: 'Zendesk' },
      ],
      'Source_Key__c',
    );
    expect(dup.map((r) => (r.errors[0] as unknown as { statusCode: string }).statusCode)).toEqual([
      'DUPLICATE_EXTERNAL_ID',
      'DUPLICATE_EXTERNAL_ID',
    ]);

    const tooMany = Array.from({ length: 201 }, (_, i) => ({ Source_Key__c: `x${i}`, Source__c: 'Zendesk' }));
    const e = await rejectionOf(conn.sobject('External_User__c').upsert(tooMany, 'Source_Key__c'));
    expect({ code: e.errorCode, message: e.message }).toEqual({
      code: 'EXCEEDED_ID_LIMIT',
      message: 'record limit reached. cannot submit more than 200 records into this call',
    });
    const e2 = await rejectionOf(conn.sobject('External_User__c').create(tooMany));
    expect(e2.errorCode).toBe('EXCEEDED_ID_LIMIT');
    // jsforce splits bigger arrays itself when asked to.
    const split = await conn.sobject('External_User__c').create(tooMany, { allowRecursive: true });
    expect(split.filter((r) => r.success)).toHaveLength(201);
  });

  it('fails the whole request on an unknown field, before saving anything', async () => {
    const e = await rejectionOf(
      conn.sobject('External_User__c').create([
        { Source__c: 'Zendesk', Source_Key__c: 'ok' },
        { Source__c: 'Zendesk', Source_Key__c: 'ok2', Bogus__c: 1 },
      ]),
    );
    expect({ code: e.errorCode, message: e.message }).toEqual({
      code: 'INVALID_FIELD',
      message: "No such column 'Bogus__c' on sobject of type External_User__c",
    });
    expect(sandbox.org.all('External_User__c')).toHaveLength(0);
  });

  it('retrieves and deletes many records', async () => {
    const created = await conn.sobject('External_User__c').create([
      { Source__c: 'Zendesk', Source_Key__c: 'r1', Email__c: 'r1@example.com' },
      { Source__c: 'Zendesk', Source_Key__c: 'r2' },
    ]);
    const ids = created.map((r) => r.id as string);
    const viaJsforce = await conn
      .sobject('External_User__c')
      .retrieve(ids, { fields: ['Email__c', 'Source_Key__c'] });
    expect(viaJsforce.map((r) => r?.Email__c)).toEqual(['r1@example.com', null]);
    const viaGet = await bodyOf<Array<Record<string, unknown> | null>>(
      fetch(
        `${sandbox.url}/services/data/v62.0/composite/sobjects/External_User__c?ids=${ids[0]},a0A8d0000000001AAA&fields=Id,Source_Key__c`,
        {
          headers: { Authorization: `Bearer ${conn.accessToken}` },
        },
      ),
    );
    expect(viaGet).toEqual([
      { attributes: expect.objectContaining({ type: 'External_User__c' }), Id: ids[0], Source_Key__c: 'r1' },
      null,
    ]);

    const deleted = await conn.sobject('External_User__c').destroy([ids[0], ids[0].slice(0, 15)]);
    expect(deleted).toEqual([
      { id: ids[0], success: true, errors: [] },
      {
        id: ids[0],
        success: false,
        errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
      },
    ]);
  });

  describe('User trigger through collections', () => {
    it('ticking 200 users in one call queues them all and publishes 200 CREATE events', async () => {
      const ids = users(200, 't');
      sandbox.org.resetCounters();
      const results = await conn.sobject('User').update(ids.map((Id) => ({ Id, IAdvize_Sync__c: true })));
      expect(results.every((r) => r.success)).toBe(true);
      expect(sandbox.org.counters.apiRequests).toBe(1);
      expect(requests()).toHaveLength(200);
      expect(new Set(requests().map((p) => p.User_Id__c))).toEqual(new Set(ids));
      expect(requests().every((p) => p.Action__c === 'CREATE')).toBe(true);
      expect(sandbox.org.all('User').filter((u) => u.IAdvize_Sync_Status__c === 'Queued')).toHaveLength(200);
    });

    it('publishes only for records that saved (partial success) and none when allOrNone rolls back', async () => {
      const [a, b, c] = users(3, 'p');
      sandbox.org.update('User', [{ Id: c, IAdvize_Operator_Id__c: 'taken' }]);
      const before = requests().length;
      await conn.sobject('User').update([
        { Id: a, IAdvize_Sync__c: true },
        { Id: b, IAdvize_Operator_Id__c: 'taken' },
      ]);
      expect(requests().slice(before)).toEqual([
        expect.objectContaining({ User_Id__c: a, Action__c: 'CREATE' }),
      ]);
      expect(sandbox.org.get('User', b)?.IAdvize_Sync_Status__c).toBeNull();

      const [d] = users(1, 'q');
      const mid = requests().length;
      const atomic = await conn.sobject('User').update(
        [
          { Id: d, IAdvize_Sync__c: true },
          { Id: b, IAdvize_Operator_Id__c: 'taken' },
        ],
        { allOrNone: true },
      );
      expect(atomic.map((r) => r.success)).toEqual([false, false]);
      expect(requests()).toHaveLength(mid);
      expect(sandbox.org.get('User', d)).toMatchObject({
        IAdvize_Sync__c: false,
        IAdvize_Sync_Status__c: null,
      });
    });

    it('publishes LINK for a typed operator id, and nothing for the companion write-back', async () => {
      const [a] = users(1, 'l');
      await conn
        .sobject('User')
        .update({ Id: a, IAdvize_Operator_Id__c: '12345', IAdvize_SSO_Token__c: 'sso' });
      expect(requests().map((p) => p.Action__c)).toEqual(['LINK']);
      await conn.sobject('User').update({
        Id: a,
        IAdvize_Sync_Status__c: 'Linked',
        IAdvize_Last_Synced__c: new Date().toISOString(),
      });
      expect(requests()).toHaveLength(1);
    });
  });

  describe('composite', () => {
    it('runs subrequests with references and counts as one API request', async () => {
      const res = await post('/composite', {
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/External_User__c',
            referenceId: 'ext',
            body: { Source__c: 'Zendesk', Source_Key__c: 'c1' },
          },
          {
            method: 'GET',
            url: '/services/data/v62.0/sobjects/External_User__c/@{ext.id}?fields=Source_Key__c',
            referenceId: 'read',
          },
          {
            method: 'GET',
            url: `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id FROM External_User__c WHERE Source_Key__c = 'c1'")}`,
            referenceId: 'q',
          },
          {
            method: 'PATCH',
            url: '/services/data/v62.0/sobjects/External_User__c/@{q.records[0].Id}',
            referenceId: 'upd',
            body: { Email__c: 'c1@example.com' },
          },
        ],
      });
      const body = await bodyOf<{
        compositeResponse: Array<{ httpStatusCode: number; referenceId: string; body: unknown }>;
      }>(res);
      expect(body.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
        ['ext', 201],
        ['read', 200],
        ['q', 200],
        ['upd', 204],
      ]);
      expect(sandbox.org.all('External_User__c')[0].Email__c).toBe('c1@example.com');
      expect(sandbox.org.counters).toEqual({ apiRequests: 1, byKind: { composite: 1 } });
    });

    it('rolls everything back with allOrNone', async () => {
      const res = await post('/composite', {
        allOrNone: true,
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/External_User__c',
            referenceId: 'ok',
            body: { Source__c: 'Zendesk', Source_Key__c: 'c1' },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/External_User__c',
            referenceId: 'bad',
            body: { Source__c: 'Nope', Source_Key__c: 'c2' },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/External_User__c',
            referenceId: 'after',
            body: { Source__c: 'Zendesk', Source_Key__c: 'c3' },
          },
        ],
      });
      const body = await bodyOf<{ compositeResponse: Array<{ httpStatusCode: number; body: ErrorBody }> }>(
        res,
      );
      expect(body.compositeResponse.map((r) => [r.httpStatusCode, r.body[0]?.errorCode])).toEqual([
        [400, 'PROCESSING_HALTED'],
        [400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
        [400, 'PROCESSING_HALTED'],
      ]);
      expect(sandbox.org.all('External_User__c')).toHaveLength(0);
    });
  });
});
