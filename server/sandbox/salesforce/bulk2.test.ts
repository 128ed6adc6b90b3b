import { Connection } from 'jsforce';
import { SalesforceSandbox } from './server';
import { ErrorBody, rejectionOf, startTestSandbox, waitFor } from './test-helpers';

type Row = Record<string, string>;
/** jsforce types parsed result rows with the record schema; they are plain string maps. */
const rows = (results: unknown) => results as Row[];
interface JobInfo {
  id: string;
  state: string;
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
  errorMessage?: string;
  contentUrl?: string;
  [key: string]: unknown;
}

describe('Bulk API 2.0 ingest against jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    conn = new Connection({
      instanceUrl: sandbox.url,
      accessToken: sandbox.org.issueAccessToken(),
      version: '62.0',
    });
    conn.bulk2.pollInterval = 20;
    conn.bulk2.pollTimeout = 10_000;
    sandbox.org.resetCounters();
  });

  afterEach(() => sandbox.close());

  const api = (path: string, init: { method?: string; body?: string; contentType?: string } = {}) =>
    fetch(`${sandbox.url}/services/data/v62.0/jobs/ingest${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${conn.accessToken}`,
        ...(init.body !== undefined ? { 'Content-Type': init.contentType ?? 'application/json' } : {}),
      },
      body: init.body,
    });
  const jobInfo = async (id: string) => (await (await api(`/${id}`)).json()) as JobInfo;
  const externalUsers = () =>
    sandbox.org.query('SELECT Name, Source__c, Source_Key__c, Email__c, Seats__c FROM External_User__c');
  const byKey = (key: string) => externalUsers().find((r) => r.Source_Key__c === key);
  const upsert = (input: string) =>
    conn.bulk2.loadAndWaitForResults({
      object: 'External_User__c',
      operation: 'upsert',
      externalIdFieldName: 'Source_Key__c',
      input,
    });

  it('upserts by external id: creates, then updates the same records (loadAndWaitForResults)', async () => {
    const first = await upsert(
      'Source_Key__c,Source__c,Email__c,Seats__c\nzd:1,Zendesk,one@example.com,3\nic:2,Intercom,two@example.com,\n',
    );
    expect(first.failedResults).toEqual([]);
    expect(first.unprocessedRecords).toEqual([]);
    expect(first.successfulResults).toEqual([
      {
        sf__Id: expect.stringMatching(/^a0A\w{15}$/),
        sf__Created: 'true',
        Source_Key__c: 'zd:1',
        Source__c: 'Zendesk',
        Email__c: 'one@example.com',
        Seats__c: '3',
      },
      {
        sf__Id: expect.stringMatching(/^a0A\w{15}$/),
        sf__Created: 'true',
        Source_Key__c: 'ic:2',
        Source__c: 'Intercom',
        Email__c: 'two@example.com',
        Seats__c: '',
      },
    ]);
    const zdId = rows(first.successfulResults)[0].sf__Id;
    expect(byKey('zd:1')).toMatchObject({ Source__c: 'Zendesk', Email__c: 'one@example.com', Seats__c: 3 });

    // The external id matches case-insensitively (Source_Key__c is not case-sensitive); an empty value
    // leaves the field as it was.
    const second = await upsert(
      'Source_Key__c,Email__c,Seats__c\nZD:1,new@example.com,\nzd:3,,1\nic:4,four@example.com,2\n',
    );
    const results = rows(second.successfulResults);
    expect(results).toEqual([
      {
        sf__Id: zdId,
        sf__Created: 'false',
        Source_Key__c: 'ZD:1',
        Email__c: 'new@example.com',
        Seats__c: '',
      },
    ]);
    // zd:3 and ic:4 are new and carry no Source__c (required): they fail, ic:2 is not matched.
    expect(rows(second.failedResults).map((r) => [r.Source_Key__c, r.sf__Error])).toEqual([
      ['zd:3', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Source__c]:Source__c --'],
      ['ic:4', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Source__c]:Source__c --'],
    ]);
    expect(byKey('zd:1')).toMatchObject({ Email__c: 'new@example.com', Seats__c: 3, Source__c: 'Zendesk' });
    expect(externalUsers().map((r) => r.Source_Key__c)).toEqual(['zd:1', 'ic:2']);
  });

  it('fails records one by one with Salesforce’s errors and goes on with the others', async () => {
    const [existing] = sandbox.org.insert('External_User__c', [
      { Source__c: 'Zendesk', Source_Key__c: 'zd:taken' },
    ]);
    const job = conn.bulk2.createJob({ object: 'External_User__c', operation: 'insert' });
    await job.open();
    await job.uploadData(
      [
        'Source_Key__c,Source__c,Seats__c,Email__c',
        'ok:1,Zendesk,1,ok@example.com',
        'bad:picklist,Freshdesk,,',
        'bad:missing,,,',
        'zd:taken,Intercom,,',
        'bad:number,Zendesk,many,',
        'bad:email,Zendesk,,not-an-email',
        'ok:2,Intercom,#N/A,',
      ].join('\n') + '\n',
    );
    await job.close();
    await job.poll(20, 10_000);
    const info = await job.check();
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 7, numberRecordsFailed: 5 });
    const failed = rows(await job.getFailedResults());
    expect(failed.map((r) => [r.Source_Key__c, r.sf__Id, r.sf__Error])).toEqual([
      [
        'bad:picklist',
        '',
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Source: bad value for restricted picklist field: Freshdesk:Source__c --',
      ],
      ['bad:missing', '', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Source__c]:Source__c --'],
      [
        'zd:taken',
        '',
        `DUPLICATE_VALUE:duplicate value found: Source_Key__c duplicates value on record with id: ${existing.slice(0, 15)}:--`,
      ],
      [
        'bad:number',
        '',
        "INVALID_FIELD:Failed to deserialize field at col 3. Due to, 'many' is not a valid value for the type xsd:double:Seats__c --",
      ],
      ['bad:email', '', 'INVALID_EMAIL_ADDRESS:Email: invalid email address: not-an-email:Email__c --'],
    ]);
    const ok = rows(await job.getSuccessfulResults());
    expect(ok.map((r) => [r.Source_Key__c, r.sf__Created])).toEqual([
      ['ok:1', 'true'],
      ['ok:2', 'true'],
    ]);
    expect(externalUsers().map((r) => r.Source_Key__c)).toEqual(['zd:taken', 'ok:1', 'ok:2']);
  });

  it('fails every record of an external id that appears twice in one upsert file', async () => {
    const { successfulResults, failedResults } = await upsert(
      'Source_Key__c,Source__c\nzd:1,Zendesk\nzd:2,Zendesk\nZD:1,Intercom\n',
    );
    expect(rows(successfulResults).map((r) => r.Source_Key__c)).toEqual(['zd:2']);
    expect(rows(failedResults).map((r) => r.sf__Error)).toEqual([
      'DUPLICATE_EXTERNAL_ID:Duplicate external id specified: zd:1:Source_Key__c --',
      'DUPLICATE_EXTERNAL_ID:Duplicate external id specified: ZD:1:Source_Key__c --',
    ]);
    expect(byKey('zd:1')).toBeUndefined();
  });

  it('sets a field to null with #N/A and leaves it alone when the value is empty', async () => {
    sandbox.org.insert('External_User__c', [
      { Source__c: 'Zendesk', Source_Key__c: 'zd:1', Email__c: 'a@example.com', Seats__c: 4, Name: 'Ann' },
    ]);
    const { failedResults } = await upsert('Source_Key__c,Email__c,Seats__c,Name\nzd:1,#N/A,,#N/A\n');
    expect(failedResults).toEqual([]);
    expect(byKey('zd:1')).toMatchObject({ Email__c: null, Seats__c: 4, Name: null });
    // #N/A on a required field is a missing required field.
    const { failedResults: required } = await upsert('Source_Key__c,Source__c\nzd:1,#N/A\n');
    expect(rows(required)[0].sf__Error).toBe(
      'REQUIRED_FIELD_MISSING:Required fields are missing: [Source__c]:Source__c --',
    );
  });

  it('reads quoted values with commas, quotes and line breaks, in the job’s delimiter and line ending', async () => {
    const name = 'Doe, "JD"\nsecond line';
    const { successfulResults } = await upsert(
      `Source_Key__c,Source__c,Name\n"zd:1,a",Zendesk,"Doe, ""JD""\nsecond line"\n`,
    );
    expect(rows(successfulResults)[0]).toMatchObject({ Source_Key__c: 'zd:1,a', Name: name });
    expect(byKey('zd:1,a')?.Name).toBe(name);

    const job = conn.bulk2.createJob({
      object: 'External_User__c',
      operation: 'insert',
      columnDelimiter: 'PIPE',
      lineEnding: 'CRLF',
    });
    const opened = await job.open();
    expect(opened).toMatchObject({ columnDelimiter: 'PIPE', lineEnding: 'CRLF', state: 'Open' });
    await job.uploadData('Source_Key__c|Source__c|Name\r\nic:9|Intercom|"a|b"\r\n');
    await job.close();
    await job.poll(20, 10_000);
    const raw = await job.getSuccessfulResults(true);
    expect(raw).toMatch(
      /^"sf__Id"\|"sf__Created"\|"Source_Key__c"\|"Source__c"\|"Name"\r\n"a0A\w{15}"\|"true"\|"ic:9"\|"Intercom"\|"a\|b"\r\n$/,
    );

    // A file whose line ending is not the job's fails the job.
    const crlfData = conn.bulk2.createJob({ object: 'External_User__c', operation: 'insert' });
    await crlfData.open();
    await crlfData.uploadData('Source_Key__c,Source__c\r\nic:10,Intercom\r\n');
    await crlfData.close();
    const e = await rejectionOf(crlfData.poll(20, 10_000));
    expect(e.message).toBe(
      'Ingest job failed to complete due to: ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
    );
  });

  it('fails the whole job on a column that names no field, leaving every record unprocessed', async () => {
    const job = conn.bulk2.createJob({
      object: 'External_User__c',
      operation: 'upsert',
      externalIdFieldName: 'Source_Key__c',
    });
    await job.open();
    await job.uploadData('Source_Key__c,Source__c,Nope__c\nzd:1,Zendesk,x\nzd:2,Zendesk,y\n');
    await job.close();
    const e = await rejectionOf(job.poll(20, 10_000));
    expect(e.message).toBe(
      'Ingest job failed to complete due to: InvalidBatch : Field name not found : Nope__c',
    );
    expect(await jobInfo(job.id)).toMatchObject({
      state: 'Failed',
      errorMessage: 'InvalidBatch : Field name not found : Nope__c',
      numberRecordsProcessed: 0,
      numberRecordsFailed: 0,
    });
    expect(await job.getAllResults()).toEqual({
      successfulResults: [],
      failedResults: [],
      unprocessedRecords: [
        { Source_Key__c: 'zd:1', Source__c: 'Zendesk', Nope__c: 'x' },
        { Source_Key__c: 'zd:2', Source__c: 'Zendesk', Nope__c: 'y' },
      ],
    });
    expect(externalUsers()).toEqual([]);
  });

  it('moves Open -> UploadComplete -> InProgress -> JobComplete, takes one upload, and none once closed', async () => {
    sandbox.org.bulk.configure({ processingDelayMsPer10k: 300 });
    const job = conn.bulk2.createJob({
      object: 'External_User__c',
      operation: 'upsert',
      externalIdFieldName: 'source_key__c',
    });
    const opened = await job.open();
    expect(opened).toEqual({
      id: expect.stringMatching(/^750\w{15}$/),
      operation: 'upsert',
      object: 'External_User__c',
      createdById: expect.stringMatching(/^005/),
      createdDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
      systemModstamp: expect.any(String),
      state: 'Open',
      externalIdFieldName: 'Source_Key__c',
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 62,
      jobType: 'V2Ingest',
      contentUrl: `services/data/v62.0/jobs/ingest/${job.id}/batches`,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    });
    await job.uploadData('Source_Key__c,Source__c\nzd:1,Zendesk\n');

    // A second upload to the same job is refused (jsforce itself allows one per job object).
    const again = await api(`/${job.id}/batches`, {
      method: 'PUT',
      body: 'Source_Key__c,Source__c\nzd:2,Zendesk\n',
      contentType: 'text/csv',
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as ErrorBody)[0]).toMatchObject({
      errorCode: 'BULK_API_ERROR',
      message: expect.stringMatching(/^Found multiple contents for job/),
    });

    await job.close();
    expect(job.getInfo().state).toBe('UploadComplete');
    const late = await api(`/${job.id}/batches`, {
      method: 'PUT',
      body: 'Source_Key__c,Source__c\nzd:3,Zendesk\n',
      contentType: 'text/csv',
    });
    expect(late.status).toBe(400);
    expect(((await late.json()) as ErrorBody)[0].errorCode).toBe('INVALIDJOBSTATE');

    await waitFor(async () => (await jobInfo(job.id)).state === 'InProgress', 'InProgress');
    const running = await jobInfo(job.id);
    expect(running.contentUrl).toBeUndefined();
    const deleting = await api(`/${job.id}`, { method: 'DELETE' });
    expect(deleting.status).toBe(400);

    await job.poll(20, 10_000);
    expect(await jobInfo(job.id)).toMatchObject({
      state: 'JobComplete',
      numberRecordsProcessed: 1,
      numberRecordsFailed: 0,
      retries: 0,
      apexProcessingTime: 0,
    });
    expect(externalUsers().map((r) => r.Source_Key__c)).toEqual(['zd:1']);

    const list = (await (await api('')).json()) as {
      done: boolean;
      records: JobInfo[];
      nextRecordsUrl: null;
    };
    expect(list).toMatchObject({ done: true, nextRecordsUrl: null });
    expect(list.records.map((r) => [r.id, r.state])).toEqual([[job.id, 'JobComplete']]);

    await job.delete();
    expect((await api(`/${job.id}`)).status).toBe(404);
    expect((await api('')).status).toBe(200);
  });

  it('aborts a job: nothing is processed and the uploaded records come back as unprocessed', async () => {
    const job = conn.bulk2.createJob({ object: 'External_User__c', operation: 'insert' });
    await job.open();
    await job.uploadData('Source_Key__c,Source__c\nzd:1,Zendesk\nzd:2,Intercom\n');
    await job.abort();
    expect(job.getInfo().state).toBe('Aborted');
    const e = await rejectionOf(job.poll(20, 10_000));
    expect(e.message).toBe('Job has been aborted');
    expect(await job.getUnprocessedRecords()).toEqual([
      { Source_Key__c: 'zd:1', Source__c: 'Zendesk' },
      { Source_Key__c: 'zd:2', Source__c: 'Intercom' },
    ]);
    const reopen = await rejectionOf(job.close());
    expect(reopen.errorCode).toBe('INVALIDJOBSTATE');
    expect(externalUsers()).toEqual([]);
    await job.delete();
  });

  it('refuses an upload larger than the limit (measured base64 encoded) and keeps the job open', async () => {
    sandbox.org.bulk.configure({ maxUploadBytes: 400 }); // 300 bytes of CSV once base64 encoded
    const job = conn.bulk2.createJob({ object: 'External_User__c', operation: 'insert' });
    await job.open();
    const lines = Array.from({ length: 30 }, (_, i) => `zd:${i},Zendesk`).join('\n');
    const big = `Source_Key__c,Source__c\n${lines}\n`;
    expect(big.length).toBeGreaterThan(300);
    const e = await rejectionOf(job.uploadData(big));
    expect(e.errorCode).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(await jobInfo(job.id)).toMatchObject({ state: 'Open' });

    const small = await api(`/${job.id}/batches`, {
      method: 'PUT',
      body: 'Source_Key__c,Source__c\nzd:1,Zendesk\n',
      contentType: 'text/csv',
    });
    expect(small.status).toBe(201);
    const closed = await api(`/${job.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ state: 'UploadComplete' }),
    });
    expect(((await closed.json()) as JobInfo).state).toBe('UploadComplete');
    await waitFor(async () => (await jobInfo(job.id)).state === 'JobComplete', 'JobComplete');
    expect(externalUsers()).toHaveLength(1);
  });

  it('updates and deletes by Id', async () => {
    const [a, b] = sandbox.org.insert('External_User__c', [
      { Source__c: 'Zendesk', Source_Key__c: 'zd:1' },
      { Source__c: 'Zendesk', Source_Key__c: 'zd:2' },
    ]);
    const update = await conn.bulk2.loadAndWaitForResults({
      object: 'External_User__c',
      operation: 'update',
      input: `Id,Email__c\n${a},a@example.com\n${b.slice(0, 15)},b@example.com\n,c@example.com\n`,
    });
    expect(rows(update.successfulResults).map((r) => [r.sf__Id, r.sf__Created])).toEqual([
      [a, 'false'],
      [b, 'false'],
    ]);
    expect(rows(update.failedResults).map((r) => r.sf__Error)).toEqual([
      'MISSING_ARGUMENT:Id not specified in an update call:--',
    ]);
    expect(byKey('zd:2')?.Email__c).toBe('b@example.com');

    const removal = await conn.bulk2.loadAndWaitForResults({
      object: 'External_User__c',
      operation: 'delete',
      input: `Id\n${a}\n${a}\n`,
    });
    expect(rows(removal.successfulResults).map((r) => r.sf__Id)).toEqual([a]);
    expect(rows(removal.failedResults).map((r) => [r.sf__Id, r.sf__Error])).toEqual([
      [a, 'ENTITY_IS_DELETED:entity is deleted:--'],
    ]);
    expect(externalUsers().map((r) => r.Source_Key__c)).toEqual(['zd:2']);
  });

  it('splits the data into batches of 10,000 toward the daily allocation, and counts every call as bulk', async () => {
    const lines = Array.from({ length: 20_001 }, (_, i) => `k:${i},Zendesk`).join('\n');
    const job = conn.bulk2.createJob({ object: 'External_User__c', operation: 'insert' });
    await job.open();
    await job.uploadData(`Source_Key__c,Source__c\n${lines}\n`);
    await job.close();
    expect(sandbox.org.counters).toEqual({ apiRequests: 3, byKind: { bulk: 3 } });
    let checks = 0;
    job.on('inProgress', () => checks++);
    await job.poll(20, 20_000);
    checks++; // the last check, which saw JobComplete
    expect(sandbox.org.bulk.batchesUsed).toBe(3);
    expect(sandbox.org.counters).toEqual({ apiRequests: 3 + checks, byKind: { bulk: 3 + checks } });
    expect(await jobInfo(job.id)).toMatchObject({ numberRecordsProcessed: 20_001, numberRecordsFailed: 0 });
    expect(sandbox.org.all('External_User__c')).toHaveLength(20_001);
    const limits = (await (
      await fetch(`${sandbox.url}/services/data/v62.0/limits`, {
        headers: { Authorization: `Bearer ${conn.accessToken}` },
      })
    ).json()) as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyBulkApiBatches).toEqual({ Max: 15_000, Remaining: 14_997 });
  });

  it('stops a job when the daily batch allocation runs out: the rest is unprocessed', async () => {
    sandbox.org.bulk.configure({ dailyBatchAllocation: 1 });
    const lines = Array.from({ length: 10_002 }, (_, i) => `k:${i},Zendesk`).join('\n');
    const job = conn.bulk2.createJob({ object: 'External_User__c', operation: 'insert' });
    await job.open();
    await job.uploadData(`Source_Key__c,Source__c\n${lines}\n`);
    await job.close();
    const e = await rejectionOf(job.poll(20, 20_000));
    expect(e.message).toMatch(/ExceededQuota/);
    expect(await jobInfo(job.id)).toMatchObject({ state: 'Failed', numberRecordsProcessed: 10_000 });
    const unprocessed = rows(await job.getUnprocessedRecords());
    expect(unprocessed.map((r) => r.Source_Key__c)).toEqual(['k:10000', 'k:10001']);
  });

  it('refuses bad job definitions with REST error bodies', async () => {
    const create = async (body: unknown) => {
      const res = await api('', { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, error: ((await res.json()) as ErrorBody)[0] };
    };
    expect(await create({ object: 'External_User__c', operation: 'upsert' })).toMatchObject({
      status: 400,
      error: { errorCode: 'INVALIDJOB' },
    });
    expect(await create({ object: 'Nope__c', operation: 'insert' })).toEqual({
      status: 400,
      error: { errorCode: 'INVALIDENTITY', message: "sObject type 'Nope__c' is not supported." },
    });
    expect(
      await create({ object: 'External_User__c', operation: 'upsert', externalIdFieldName: 'Email__c' }),
    ).toMatchObject({
      status: 400,
      error: { errorCode: 'INVALIDJOB', message: expect.stringMatching(/Email__c/) },
    });
    expect(await create({ object: 'External_User__c', operation: 'merge' })).toMatchObject({
      status: 400,
      error: { errorCode: 'JSON_PARSER_ERROR' },
    });
    expect(
      await create({ object: 'External_User__c', operation: 'insert', columnDelimiter: 'COLON' }),
    ).toMatchObject({ status: 400, error: { errorCode: 'JSON_PARSER_ERROR' } });
    const e = await rejectionOf(
      conn.bulk2.createJob({ object: 'IAdvize_Sync_Request__e', operation: 'insert' }).open(),
    );
    expect(e.errorCode).toBe('INVALIDENTITY');
    expect((await api('/750000000000000AAA')).status).toBe(404);
  });

  it('answers 401 INVALID_SESSION_ID without a valid session, and does not count it', async () => {
    const anonymous = await fetch(`${sandbox.url}/services/data/v62.0/jobs/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ object: 'External_User__c', operation: 'insert' }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    const stranger = new Connection({ instanceUrl: sandbox.url, accessToken: 'nope', version: '62.0' });
    const e = await rejectionOf(
      stranger.bulk2.createJob({ object: 'External_User__c', operation: 'insert' }).open(),
    );
    expect(e.errorCode).toBe('INVALID_SESSION_ID');
    expect(sandbox.org.counters.apiRequests).toBe(0);
  });
});
