import { Connection } from 'jsforce';
import { SalesforceSandbox } from './server';
import { ErrorBody, QueryPage, bodyOf, rejectionOf, startTestSandbox } from './test-helpers';

describe('REST API against jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    conn = new Connection({
      instanceUrl: sandbox.url,
      accessToken: sandbox.org.issueAccessToken(),
      version: '62.0',
    });
  });

  afterEach(() => sandbox.close());

  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${conn.accessToken}`,
        'Content-Type': 'application/json',
        ...(init.headers ?? {}),
      },
    });

  describe('versions, resources, authentication', () => {
    it('lists versions without authentication and accepts any supported vXX.X', async () => {
      const versions = await bodyOf<Array<{ version: string; label: string; url: string }>>(
        fetch(`${sandbox.url}/services/data/`),
      );
      expect(versions.at(-1)).toEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
      expect(versions.find((v) => v.version === '60.0')?.label).toBe("Spring '24");
      expect((await raw('/services/data/v58.0/limits')).status).toBe(200);
      expect((await raw('/services/data/v63.0/limits')).status).toBe(404);
    });

    it('answers 401 INVALID_SESSION_ID without a valid token, for Bearer and OAuth schemes alike', async () => {
      const cases: Array<Record<string, string>> = [{}, { Authorization: 'Bearer nope' }];
      for (const headers of cases) {
        const res = await fetch(`${sandbox.url}/services/data/v62.0/sobjects`, { headers });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual([
          { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
        ]);
      }
      const ok = await fetch(`${sandbox.url}/services/data/v62.0/`, {
        headers: { Authorization: `OAuth ${conn.accessToken}` },
      });
      expect(await ok.json()).toMatchObject({
        sobjects: '/services/data/v62.0/sobjects',
        query: '/services/data/v62.0/query',
      });
    });
  });

  describe('sObject rows', () => {
    it('creates, reads, updates and deletes a record', async () => {
      const created = await conn
        .sobject('External_User__c')
        .create({ Source__c: 'Zendesk', Source_Key__c: 'zd:1', Email__c: 'a@example.com' });
      expect(created).toEqual({ id: expect.stringMatching(/^a0A\w{15}$/), success: true, errors: [] });
      const id = created.id as string;
      const rec = await conn.sobject('External_User__c').retrieve(id);
      expect(rec).toMatchObject({
        attributes: { type: 'External_User__c', url: `/services/data/v62.0/sobjects/External_User__c/${id}` },
        Id: id,
        Name: id, // through the API an empty Name defaults to the id
        Source_Key__c: 'zd:1',
        OwnerId: sandbox.org.get('User', (rec as { OwnerId: string }).OwnerId)?.Id,
        IsDeleted: false,
      });
      const partial = await raw(`/services/data/v62.0/sobjects/External_User__c/${id}?fields=email__c`);
      expect(await partial.json()).toEqual({
        attributes: expect.any(Object),
        Email__c: 'a@example.com',
        Id: id,
      });

      expect(await conn.sobject('External_User__c').update({ Id: id, Email__c: 'b@example.com' })).toEqual({
        id,
        success: true,
        errors: [],
      });
      expect(sandbox.org.get('External_User__c', id)?.Email__c).toBe('b@example.com');

      await conn.sobject('External_User__c').destroy(id);
      expect(sandbox.org.get('External_User__c', id)).toBeUndefined();
      const gone = await raw(`/services/data/v62.0/sobjects/External_User__c/${id}`);
      expect(gone.status).toBe(404);
      const deleted = await conn.query(`SELECT Id, IsDeleted FROM External_User__c WHERE Id = '${id}'`, {
        scanAll: true,
      });
      expect(deleted.records[0].IsDeleted).toBe(true);
      expect((await conn.query(`SELECT COUNT() FROM External_User__c`)).totalSize).toBe(0);
    });

    it('answers unknown objects, records and ids as Salesforce does', async () => {
      const unknownType = await raw('/services/data/v62.0/sobjects/Nope__c/a0A000000000000');
      expect(unknownType.status).toBe(404);
      expect(await unknownType.json()).toEqual([
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
      ]);
      const wrongType = await raw('/services/data/v62.0/sobjects/External_User__c/0058d0000000001');
      expect(await wrongType.json()).toEqual([
        {
          errorCode: 'NOT_FOUND',
          message: 'Provided external ID field does not exist or is not accessible: 0058d0000000001',
        },
      ]);
      const missing = await raw('/services/data/v62.0/sobjects/User/0058d0000000001');
      expect(missing.status).toBe(404);
      const cannotDelete = await raw(
        `/services/data/v62.0/sobjects/User/${String(sandbox.org.all('User')[0].Id)}`,
        { method: 'DELETE' },
      );
      expect(cannotDelete.status).toBe(405);
    });

    it('reports field errors with Salesforce codes and messages', async () => {
      const unknownField = await rejectionOf(
        conn.sobject('External_User__c').create({ Source__c: 'Zendesk', Source_Key__c: 'k', Nope__c: 1 }),
      );
      expect(unknownField).toMatchObject({
        errorCode: 'INVALID_FIELD',
        message: "No such column 'Nope__c' on sobject of type External_User__c",
      });

      const tooLong = await rejectionOf(conn.sobject('User').create(userBody({ Alias: 'waytoolongalias' })));
      expect(tooLong).toMatchObject({
        errorCode: 'STRING_TOO_LONG',
        message: 'Alias: data value too large: waytoolongalias (max length=8)',
      });
      expect((tooLong.data as { fields: string[] }).fields).toEqual(['Alias']);

      const picklist = await rejectionOf(
        conn.sobject('External_User__c').create({ Source__c: 'Slack', Source_Key__c: 'k' }),
      );
      expect(picklist).toMatchObject({
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Source: bad value for restricted picklist field: Slack',
      });

      const required = await rejectionOf(
        conn.sobject('User').create({ LastName: 'X', Email: 'x@example.com' }),
      );
      expect(required.errorCode).toBe('REQUIRED_FIELD_MISSING');
      expect(required.message).toBe(
        'Required fields are missing: [Username, Alias, ProfileId, TimeZoneSidKey, LocaleSidKey, EmailEncodingKey, LanguageLocaleKey]',
      );

      const readOnly = await rejectionOf(conn.sobject('User').create(userBody({ Name: 'Full Name' })));
      expect(readOnly).toMatchObject({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message:
          'Unable to create/update fields: Name. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
      });

      const firstBody = userBody({ IAdvize_Operator_Id__c: 'OP-1' });
      const first = await conn.sobject('User').create(firstBody);
      const duplicate = await rejectionOf(
        conn
          .sobject('User')
          .create(userBody({ Username: 'other@example.com', IAdvize_Operator_Id__c: 'op-1' })),
      );
      expect(duplicate).toMatchObject({
        errorCode: 'DUPLICATE_VALUE',
        message: `duplicate value found: IAdvize_Operator_Id__c duplicates value on record with id: ${(first.id as string).slice(0, 15)}`,
      });
      const dupUsername = await rejectionOf(
        conn.sobject('User').create(userBody({ Username: firstBody.Username })),
      );
      expect(dupUsername.errorCode).toBe('DUPLICATE_USERNAME');

      const badJson = await raw('/services/data/v62.0/sobjects/User', {
        method: 'POST',
        body: '{"LastName": ',
      });
      expect(badJson.status).toBe(400);
      expect((await bodyOf<ErrorBody>(badJson))[0].errorCode).toBe('JSON_PARSER_ERROR');
      const badType = await rejectionOf(conn.sobject('User').create(userBody({ IsActive: 'maybe' })));
      expect(badType.errorCode).toBe('JSON_PARSER_ERROR');
    });

    it('upserts by external id: 201 created, 200 updated, 300 on several matches', async () => {
      const first = await raw('/services/data/v62.0/sobjects/External_User__c/Source_Key__c/zd:9', {
        method: 'PATCH',
        body: JSON.stringify({ Source__c: 'Zendesk', Email__c: 'z@example.com' }),
      });
      expect(first.status).toBe(201);
      const created = await bodyOf<{ id: string }>(first);
      expect(created).toEqual({ id: expect.any(String), success: true, errors: [], created: true });
      const second = await raw('/services/data/v62.0/sobjects/External_User__c/Source_Key__c/ZD:9', {
        method: 'PATCH',
        body: JSON.stringify({ Email__c: 'y@example.com' }),
      });
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual({ id: created.id, success: true, errors: [], created: false });
      const old = await raw('/services/data/v45.0/sobjects/External_User__c/Source_Key__c/zd:9', {
        method: 'PATCH',
        body: '{}',
      });
      expect(old.status).toBe(204);

      sandbox.org.insert('External_User__c', [
        { Source__c: 'Intercom', Source_Key__c: 'ic:1', Legacy_Id__c: 'L1' },
        { Source__c: 'Intercom', Source_Key__c: 'ic:2', Legacy_Id__c: 'L1' },
      ]);
      const several = await raw('/services/data/v62.0/sobjects/External_User__c/Legacy_Id__c/L1', {
        method: 'PATCH',
        body: '{}',
      });
      expect(several.status).toBe(300);
      expect(await several.json()).toHaveLength(2);
      const byExtId = await raw('/services/data/v62.0/sobjects/External_User__c/Source_Key__c/ic:2');
      expect((await bodyOf<Record<string, unknown>>(byExtId)).Legacy_Id__c).toBe('L1');
      const notExternal = await raw('/services/data/v62.0/sobjects/External_User__c/Email__c/x', {
        method: 'PATCH',
        body: '{}',
      });
      expect(await notExternal.json()).toEqual([
        {
          errorCode: 'NOT_FOUND',
          message: 'Provided external ID field does not exist or is not accessible: Email__c',
        },
      ]);

      // jsforce's single-record upsert goes through the same URL.
      const res = await conn
        .sobject('External_User__c')
        .upsert({ Source_Key__c: 'zd:10', Source__c: 'Zendesk' }, 'Source_Key__c');
      expect(res).toMatchObject({ success: true, created: true });
    });

    it('describes objects and fields', async () => {
      const describe = await conn.sobject('User').describe();
      expect(describe).toMatchObject({ name: 'User', keyPrefix: '005', createable: true, deletable: false });
      const op = describe.fields.find((f) => f.name === 'IAdvize_Operator_Id__c');
      expect(op).toMatchObject({
        type: 'string',
        length: 40,
        unique: true,
        externalId: true,
        idLookup: true,
        custom: true,
        nillable: true,
      });
      const status = describe.fields.find((f) => f.name === 'IAdvize_Sync_Status__c');
      expect(status?.restrictedPicklist).toBe(true);
      expect(status?.picklistValues?.map((p) => p.value)).toEqual([
        'Queued',
        'Created',
        'Linked',
        'Skipped',
        'Failed',
      ]);
      const global = await conn.describeGlobal();
      expect(global.sobjects.map((s) => s.name)).toEqual(
        expect.arrayContaining(['User', 'Profile', 'External_User__c', 'IAdvize_Sync_Request__e']),
      );
    });
  });

  describe('SOQL query', () => {
    it('pages 4,500 users in batches of 2,000 and jsforce autoFetch reads them all', async () => {
      const profileId = sandbox.org.query("SELECT Id FROM Profile WHERE Name = 'Standard User'")[0].Id;
      const records = Array.from({ length: 4500 }, (_, i) =>
        userBody({
          Username: `bulk${i}@example.com`,
          LastName: `Bulk${String(i).padStart(4, '0')}`,
          ProfileId: profileId,
        }),
      );
      sandbox.org.insert('User', records);
      const soql =
        "SELECT Id, LastName, Profile.Name FROM User WHERE LastName LIKE 'Bulk%' ORDER BY LastName";

      const first = await raw(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`);
      const page1 = await bodyOf<QueryPage>(first);
      expect(page1).toMatchObject({
        totalSize: 4500,
        done: false,
        nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v62\.0\/query\/01g\w{15}-2000$/),
      });
      expect(page1.records).toHaveLength(2000);
      expect(page1.records[0]).toEqual({
        attributes: {
          type: 'User',
          url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/User\/005/),
        },
        Id: expect.any(String),
        LastName: 'Bulk0000',
        Profile: {
          attributes: { type: 'Profile', url: `/services/data/v62.0/sobjects/Profile/${profileId}` },
          Name: 'Standard User',
        },
      });
      const page2 = await bodyOf<QueryPage>(raw(page1.nextRecordsUrl as string));
      expect(page2).toMatchObject({ totalSize: 4500, done: false });
      expect(page2.records[0].LastName).toBe('Bulk2000');
      const page3 = await bodyOf<QueryPage>(raw(page2.nextRecordsUrl as string));
      expect(page3).toMatchObject({ totalSize: 4500, done: true });
      expect(page3.records).toHaveLength(500);
      expect(page3.nextRecordsUrl).toBeUndefined();

      sandbox.org.resetCounters();
      const all = await conn.query(soql, { autoFetch: true, maxFetch: 10000 });
      expect(all.records).toHaveLength(4500);
      expect(all.records[4499].LastName).toBe('Bulk4499');
      expect(sandbox.org.counters.byKind.query).toBe(3);

      const small = await raw(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
        headers: { 'Sforce-Query-Options': 'batchSize=500' },
      });
      const smallPage = await bodyOf<QueryPage>(small);
      expect(smallPage.records).toHaveLength(500);
      expect(smallPage.nextRecordsUrl).toMatch(/-500$/);

      const badLocator = await raw('/services/data/v62.0/query/01g000000000000AAA-2000');
      expect(await badLocator.json()).toEqual([
        { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' },
      ]);
    }, 15_000);

    it('answers malformed queries and unknown fields with Salesforce errors', async () => {
      const malformed = await rejectionOf(conn.query('SELECT Id FROM User WHERE'));
      expect(malformed.errorCode).toBe('MALFORMED_QUERY');
      const unknown = await rejectionOf(conn.query('SELECT Nope FROM User'));
      expect(unknown.errorCode).toBe('INVALID_FIELD');
      expect(unknown.message).toContain("No such column 'Nope' on entity 'User'");
      const type = await rejectionOf(conn.query('SELECT Id FROM Nope__c'));
      expect(type.errorCode).toBe('INVALID_TYPE');
      const count = await conn.query("SELECT COUNT() FROM Profile WHERE Name LIKE '%User%'");
      expect(count).toEqual({ totalSize: 2, done: true, records: [] });
      const jsforceFind = await conn
        .sobject('User')
        .find({ IsActive: true, Username: { $like: 'admin%' } }, ['Id', 'Username']);
      expect(jsforceFind.map((u) => u.Username)).toEqual(['admin@usersync.sandbox']);
    });
  });

  describe('limits and counters', () => {
    it('sends Sforce-Limit-Info on every data call and counts API requests by kind', async () => {
      sandbox.org.resetCounters();
      await conn.query('SELECT Id FROM User');
      await conn.sobject('User').describe();
      expect(conn.limitInfo.apiUsage).toEqual({ used: 2, limit: 100000 });
      const res = await raw('/services/data/v62.0/limits');
      expect(res.headers.get('sforce-limit-info')).toBe('api-usage=3/100000');
      expect((await bodyOf<Record<string, unknown>>(res)).DailyApiRequests).toEqual({
        Max: 100000,
        Remaining: 99997,
      });
      expect(sandbox.org.counters).toEqual({ apiRequests: 3, byKind: { query: 1, describe: 1, limits: 1 } });
    });

    it('refuses data calls past the daily allocation', async () => {
      await sandbox.close();
      sandbox = await startTestSandbox({ dailyApiRequests: 2 });
      conn = new Connection({
        instanceUrl: sandbox.url,
        accessToken: sandbox.org.issueAccessToken(),
        version: '62.0',
      });
      await conn.query('SELECT Id FROM User');
      await conn.query('SELECT Id FROM User');
      const e = await rejectionOf(conn.query('SELECT Id FROM User'));
      expect({ code: e.errorCode, message: e.message }).toEqual({
        code: 'REQUEST_LIMIT_EXCEEDED',
        message: 'TotalRequests Limit exceeded.',
      });
    });

    it('adds the configured latency to REST responses', async () => {
      await sandbox.close();
      sandbox = await startTestSandbox({ latencyMs: 60 });
      conn = new Connection({
        instanceUrl: sandbox.url,
        accessToken: sandbox.org.issueAccessToken(),
        version: '62.0',
      });
      const started = Date.now();
      await conn.query('SELECT Id FROM User');
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    });
  });

  let seq = 0;
  function userBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
    seq++;
    return {
      Username: `user${seq}@example.com`,
      LastName: `User${seq}`,
      Email: `user${seq}@example.com`,
      Alias: `u${seq}`.slice(0, 8),
      TimeZoneSidKey: 'Europe/Paris',
      LocaleSidKey: 'fr_FR',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'fr',
      ProfileId: sandbox.org.query("SELECT Id FROM Profile WHERE Name = 'Standard User'")[0].Id,
      ...extra,
    };
  }
});
