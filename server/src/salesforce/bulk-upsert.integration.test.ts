import { Connection } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../sandbox/salesforce';
import { waitFor } from '../../test/wait-for';
import { CompanionError } from '../lib/errors';
import { bulkUpsert, csvLine, type BulkUpsertOptions } from './bulk-upsert';

const COLUMNS = [
  'Source__c',
  'Status__c',
  'Email__c',
  'Primary_Identifier__c',
  'Activated_By_Admin__c',
  'Last_Seen__c',
];

describe('bulkUpsert against the Salesforce sandbox (Bulk API 2.0, force-app schema)', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;

  beforeEach(async () => {
    sandbox = await startSalesforceSandbox(); // force-app/main/default metadata
    conn = new Connection({
      instanceUrl: sandbox.url,
      accessToken: sandbox.org.issueAccessToken(),
      version: sandbox.apiVersion,
    });
    sandbox.org.resetCounters();
  });

  afterEach(() => sandbox.close());

  const upsert = (records: BulkUpsertOptions['records'], extra: Partial<BulkUpsertOptions> = {}) =>
    bulkUpsert(conn, {
      object: 'External_User__c',
      externalIdField: 'Source_Key__c',
      records,
      columns: COLUMNS,
      pollIntervalMs: 50,
      pollTimeoutMs: 20_000,
      ...extra,
    });
  const row = (key: string) =>
    sandbox.org.query(
      `SELECT Source__c, Status__c, Email__c, Primary_Identifier__c, Activated_By_Admin__c, Last_Seen__c FROM External_User__c WHERE Source_Key__c = '${key}'`,
    )[0];

  it('writes CSV by the Bulk API rules', () => {
    const line = csvLine(
      { a: 'x, "y"\nz', b: null, c: '', d: true, e: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), f: 12.5 },
      ['a', 'b', 'c', 'd', 'e', 'f', 'missing'],
    );
    expect(line).toBe('"x, ""y""\nz",#N/A,#N/A,true,2025-01-02T03:04:05.000Z,12.5,\n');
  });

  it('upserts 25,000 records in one job, with a handful of API calls instead of 125 collections calls', async () => {
    const special = 'Doe, "JD"\nsecond line';
    async function* source() {
      for (let i = 0; i < 25_000; i++) {
        yield {
          Source_Key__c: `zd:${i}`,
          Source__c: 'Zendesk',
          Status__c: 'Pending',
          Email__c: `user${i}@example.com`,
          Primary_Identifier__c: i === 777 ? special : `user${i}`,
          Activated_By_Admin__c: i % 2 === 0,
          Last_Seen__c: new Date(Date.UTC(2025, 0, 1) + i * 1000),
        };
      }
    }
    const result = await upsert(source());
    expect(result).toEqual({ processed: 25_000, failures: [], jobId: expect.stringMatching(/^750/) });
    expect(sandbox.org.all('External_User__c')).toHaveLength(25_000);
    expect(row('zd:777')).toEqual({
      Source__c: 'Zendesk',
      Status__c: 'Pending',
      Email__c: 'user777@example.com',
      Primary_Identifier__c: special,
      Activated_By_Admin__c: false,
      Last_Seen__c: '2025-01-01T00:12:57.000+0000',
    });
    // create + upload + close + status polls; no failed results to fetch; no collections call.
    const { apiRequests, byKind } = sandbox.org.counters;
    expect(Object.keys(byKind)).toEqual(['bulk']);
    expect(apiRequests).toBeGreaterThanOrEqual(4);
    expect(apiRequests).toBeLessThan(40); // ⌈25,000 / 200⌉ = 125 collections calls
    expect(sandbox.org.bulk.batchesUsed).toBe(3);

    // Second run, same keys: updates. null clears a field, a missing key leaves it alone.
    const again = await upsert([
      { Source_Key__c: 'zd:777', Email__c: null, Status__c: 'Active' },
      { Source_Key__c: 'zd:25000', Source__c: 'Intercom', Status__c: 'Pending' },
    ]);
    expect(again).toMatchObject({ processed: 2, failures: [] });
    expect(row('zd:777')).toMatchObject({
      Email__c: null,
      Status__c: 'Active',
      Primary_Identifier__c: special,
    });
    expect(row('zd:25000')).toMatchObject({ Source__c: 'Intercom' });
    expect(sandbox.org.all('External_User__c')).toHaveLength(25_001);
  });

  it('returns each failed record with its external id and Salesforce’s reason', async () => {
    const result = await upsert(
      [
        { Source_Key__c: 'ok:1', Source__c: 'Zendesk' },
        { Source_Key__c: 'bad:picklist', Source__c: 'Freshdesk' },
        { Source_Key__c: 'bad:email', Email__c: 'not-an-email' },
        { Source_Key__c: 'dup:1', Source__c: 'Zendesk' },
        { Source_Key__c: 'dup:1', Source__c: 'Intercom' },
        { Source_Key__c: 'bad:flag', Activated_By_Admin__c: 'maybe' },
        { Source_Key__c: 'ok:2', Status__c: 'Active' },
      ],
      { columns: ['Source_Key__c', ...COLUMNS] },
    );
    expect(result.processed).toBe(7);
    expect(result.failures).toEqual([
      {
        externalId: 'bad:picklist',
        reason:
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Source: bad value for restricted picklist field: Freshdesk:Source__c --',
      },
      {
        externalId: 'bad:email',
        reason: 'INVALID_EMAIL_ADDRESS:Email: invalid email address: not-an-email:Email__c --',
      },
      {
        externalId: 'dup:1',
        reason: 'DUPLICATE_EXTERNAL_ID:Duplicate external id specified: dup:1:Source_Key__c --',
      },
      {
        externalId: 'dup:1',
        reason: 'DUPLICATE_EXTERNAL_ID:Duplicate external id specified: dup:1:Source_Key__c --',
      },
      {
        externalId: 'bad:flag',
        reason:
          "INVALID_FIELD:Failed to deserialize field at col 6. Due to, 'maybe' is not a valid value for the type xsd:boolean:Activated_By_Admin__c --",
      },
    ]);
    expect(
      sandbox.org
        .all('External_User__c')
        .map((r) => r.Source_Key__c)
        .sort(),
    ).toEqual(['ok:1', 'ok:2']);
    // The failed results were fetched once: create, upload, close, polls, failedResults.
    expect(Object.keys(sandbox.org.counters.byKind)).toEqual(['bulk']);
  });

  it('throws SALESFORCE_BULK_FAILED with the job’s errorMessage when the job fails', async () => {
    const error = await upsert([{ Source_Key__c: 'zd:1', Nope__c: 'x' }], { columns: ['Nope__c'] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CompanionError);
    expect((error as CompanionError).code).toBe('SALESFORCE_BULK_FAILED');
    expect((error as CompanionError).message).toMatch(
      /^A Salesforce Bulk API 2\.0 job did not complete: job 750\w{15} ended Failed: InvalidBatch : Field name not found : Nope__c \(0 of 1 records processed\)$/,
    );
    expect(sandbox.org.all('External_User__c')).toEqual([]);
  });

  it('throws SALESFORCE_BULK_FAILED when someone aborts the job while it runs', async () => {
    sandbox.org.bulk.configure({ processingDelayMsPer10k: 2_000 });
    const running = upsert(
      Array.from({ length: 10 }, (_, i) => ({ Source_Key__c: `zd:${i}`, Source__c: 'Zendesk' })),
    ).catch((e: unknown) => e);
    let jobId = '';
    await waitFor(async () => {
      const list = await conn.request<{ records: Array<{ id: string; state: string }> }>(
        `/services/data/v${sandbox.apiVersion}/jobs/ingest`,
      );
      jobId = list.records.find((j) => j.state === 'InProgress')?.id ?? '';
      return jobId !== '';
    }, 'the job to be in progress');
    await conn.bulk2.job('ingest', { id: jobId }).abort();
    const error = (await running) as CompanionError;
    expect(error.code).toBe('SALESFORCE_BULK_FAILED');
    expect(error.message).toContain(`job ${jobId} ended Aborted`);
    expect(sandbox.org.all('External_User__c')).toEqual([]);
  });

  it('aborts the job and throws when the CSV outgrows maxUploadBytes; rethrows a failing source', async () => {
    const records = Array.from({ length: 100 }, (_, i) => ({
      Source_Key__c: `zd:${i}`,
      Source__c: 'Zendesk',
    }));
    const tooBig = (await upsert(records, { maxUploadBytes: 500 }).catch(
      (e: unknown) => e,
    )) as CompanionError;
    expect(tooBig.code).toBe('SALESFORCE_BULK_FAILED');
    expect(tooBig.message).toMatch(/would exceed 500 bytes after \d+ records/);

    async function* broken() {
      yield { Source_Key__c: 'zd:1', Source__c: 'Zendesk' };
      throw new Error('source listing failed');
    }
    await expect(upsert(broken())).rejects.toThrow('source listing failed');

    const jobs = await conn.request<{ records: Array<{ state: string }> }>(
      `/services/data/v${sandbox.apiVersion}/jobs/ingest`,
    );
    expect(jobs.records.map((j) => j.state)).toEqual(['Aborted', 'Aborted']);
    expect(sandbox.org.all('External_User__c')).toEqual([]);
  });

  it('creates no job when there is nothing to upsert', async () => {
    expect(await upsert([])).toEqual({ processed: 0, failures: [], jobId: '' });
    expect(sandbox.org.counters.apiRequests).toBe(0);
  });
});
