/**
 * UserSyncPushViews and UserSyncPushRunViews of force-app: the Push tab as the admin reads it, in user
 * mode — the pushes with their mappings, latest activation and latest preview, and the Zendesk
 * connection as far as pushing needs it.
 */
import {
  hasWriteAccess,
  MATCH_EMAIL,
  segmentHash,
  type MappingSettings,
  type PushSettings,
} from './push-rules';
import { datetimeOut, soqlList, soqlString, stringArg, type ApexContext } from './runtime';
import { isConnected, liveConnectLink, ZENDESK, type Option } from './source-rules';
import type { SoqlRecord } from '../soql';

const MAX_PUSHES = 50;
const MAX_RUNS = 500;

const PUSH_FIELDS = [
  'Id',
  'Name',
  'Enabled__c',
  'Segment__c',
  'Match_Key__c',
  'External_Id_Field__c',
  'Name_Field__c',
  'Insert_Mode__c',
  'Send_Verification_Email__c',
  'Schedule_Hours__c',
  'Schedule_Cron__c',
  'Schedule_Time_Zone__c',
  'Last_Run__c',
  'Next_Run__c',
  'Next_Runs__c',
  'Status_Message__c',
  'Notice__c',
  'Segment_Count__c',
  'Segment_Checked__c',
].join(', ');

const RUN_FIELDS = [
  'Id',
  'Name',
  'Push__c',
  'Trigger__c',
  'Status__c',
  'Started_At__c',
  'Ended_At__c',
  'In_Segment_Count__c',
  'Inserted_Count__c',
  'Updated_Count__c',
  'Unchanged_Count__c',
  'Not_In_Zendesk_Count__c',
  'Failed_Count__c',
  'Message__c',
  'Errors__c',
  'Sample__c',
].join(', ');

export interface SampleView {
  userId: string | null;
  name: string | null;
  key: string | null;
  zendeskId: string | null;
  attributes: Option[];
}

export interface PushRunView {
  id: string;
  name: string;
  triggeredBy: string | null;
  status: string | null;
  startedAt: string | null;
  endedAt: string | null;
  counts: Option[];
  message: string | null;
  errors: string[];
  sample: SampleView[];
}

export interface PushView {
  id: string;
  enabled: boolean;
  settings: PushSettings;
  mappings: MappingSettings[];
  segmentCount: number | null;
  segmentCounted: boolean;
  statusMessage: string | null;
  notice: string | null;
  lastRun: string | null;
  nextRun: string | null;
  nextRuns: string | null;
  latestRun: PushRunView | null;
  latestPreview: PushRunView | null;
}

const count = (label: string, value: unknown): Option => ({
  label,
  value: String(value === null || value === undefined ? 0 : Math.trunc(Number(value))),
});

/** UserSyncPushRunViews.parseSample: unreadable JSON gives no rows. */
export function parseSample(json: unknown): SampleView[] {
  if (typeof json !== 'string' || json.trim() === '') return [];
  let items: unknown;
  try {
    items = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(items)) return [];
  return (items as Array<Record<string, unknown>>).map((raw) => {
    const attributes = (raw.attributes ?? null) as Record<string, unknown> | null;
    return {
      userId: stringArg(raw.userId),
      name: stringArg(raw.name),
      key: stringArg(raw.key),
      zendeskId: stringArg(raw.zendeskId),
      attributes: Object.entries(attributes ?? {}).map(([key, value]) => ({
        label: key,
        value: value === null || value === undefined ? '' : JSON.stringify(value),
      })),
    };
  });
}

/** UserSyncPushRunViews.toRunView. */
export function toRunView(run: SoqlRecord): PushRunView {
  return {
    id: run.Id as string,
    name: run.Name as string,
    triggeredBy: stringArg(run.Trigger__c),
    status: stringArg(run.Status__c),
    startedAt: datetimeOut(run.Started_At__c),
    endedAt: datetimeOut(run.Ended_At__c),
    counts: [
      count('In the segment', run.In_Segment_Count__c),
      count('Inserted', run.Inserted_Count__c),
      count('Updated', run.Updated_Count__c),
      count('Unchanged', run.Unchanged_Count__c),
      count('Not in Zendesk', run.Not_In_Zendesk_Count__c),
      count('Failed', run.Failed_Count__c),
    ],
    message: stringArg(run.Message__c),
    errors: typeof run.Errors__c === 'string' && run.Errors__c.trim() !== '' ? run.Errors__c.split('\n') : [],
    sample: parseSample(run.Sample__c),
  };
}

function latestRuns(ctx: ApexContext, pushIds: string[]): Map<string, PushRunView> {
  const latest = new Map<string, PushRunView>();
  const runs = ctx.query(
    `SELECT ${RUN_FIELDS} FROM User_Sync_Push_Run__c WHERE Push__c IN ${soqlList(pushIds)} ` +
      `ORDER BY Name DESC LIMIT ${MAX_RUNS}`,
  );
  for (const run of runs) {
    const key = `${String(run.Push__c)}${run.Status__c === 'Preview' ? ':preview' : ':run'}`;
    if (!latest.has(key)) latest.set(key, toRunView(run));
  }
  return latest;
}

function mappingsByPush(ctx: ApexContext, pushIds: string[]): Map<string, MappingSettings[]> {
  const byPush = new Map<string, MappingSettings[]>();
  const rows = ctx.query(
    'SELECT Id, Push__c, Salesforce_Field__c, Kind__c, Target__c, Mode__c FROM User_Sync_Push_Mapping__c ' +
      `WHERE Push__c IN ${soqlList(pushIds)} ORDER BY Name`,
  );
  for (const m of rows) {
    const list = byPush.get(m.Push__c as string) ?? [];
    list.push({
      id: m.Id as string,
      salesforceField: stringArg(m.Salesforce_Field__c),
      kind: stringArg(m.Kind__c),
      target: stringArg(m.Target__c),
      mode: stringArg(m.Mode__c),
    });
    byPush.set(m.Push__c as string, list);
  }
  return byPush;
}

/** UserSyncPushViews.toView: a push record without its mappings and runs. */
export function toView(record: SoqlRecord): PushView {
  const hours = record.Schedule_Hours__c;
  return {
    id: record.Id as string,
    enabled: record.Enabled__c === true,
    settings: {
      id: record.Id as string,
      name: stringArg(record.Name),
      segment: stringArg(record.Segment__c),
      matchKey: stringArg(record.Match_Key__c) ?? MATCH_EMAIL,
      externalIdField: stringArg(record.External_Id_Field__c),
      nameField: stringArg(record.Name_Field__c),
      insertMode: record.Insert_Mode__c === true,
      sendVerificationEmail: record.Send_Verification_Email__c === true,
      scheduleHours: hours === null || hours === undefined ? 24 : Math.trunc(Number(hours)),
      scheduleCron: stringArg(record.Schedule_Cron__c),
      scheduleTimeZone: stringArg(record.Schedule_Time_Zone__c),
    },
    mappings: [],
    segmentCount:
      record.Segment_Count__c === null || record.Segment_Count__c === undefined
        ? null
        : Number(record.Segment_Count__c),
    segmentCounted:
      typeof record.Segment_Checked__c === 'string' &&
      record.Segment_Checked__c === segmentHash(record.Segment__c),
    statusMessage: stringArg(record.Status_Message__c),
    notice: stringArg(record.Notice__c),
    lastRun: datetimeOut(record.Last_Run__c),
    nextRun: datetimeOut(record.Next_Run__c),
    nextRuns: stringArg(record.Next_Runs__c),
    latestRun: null,
    latestPreview: null,
  };
}

/** Every push the admin can see (or only one), by name, with mappings and latest runs. */
export function pushViews(ctx: ApexContext, onlyId: string | null): PushView[] {
  const records = ctx
    .query(`SELECT ${PUSH_FIELDS} FROM User_Sync_Push__c ORDER BY Name LIMIT ${MAX_PUSHES}`)
    .filter((r) => onlyId === null || r.Id === onlyId);
  const ids = records.map((r) => r.Id as string);
  const mappings = mappingsByPush(ctx, ids);
  const latest = latestRuns(ctx, ids);
  return records.map((record) => ({
    ...toView(record),
    mappings: mappings.get(record.Id as string) ?? [],
    latestRun: latest.get(`${String(record.Id)}:run`) ?? null,
    latestPreview: latest.get(`${String(record.Id)}:preview`) ?? null,
  }));
}

/** UserSyncPushViews.userFieldOptions: "Title (key, type)" options; none when unreadable. */
export function userFieldOptions(json: unknown): Option[] {
  if (typeof json !== 'string' || json.trim() === '') return [];
  try {
    return (JSON.parse(json) as Array<Record<string, unknown>>).map((field) => ({
      label: `${String(stringArg(field.title))} (${String(stringArg(field.key))}, ${String(stringArg(field.type))})`,
      value: stringArg(field.key) as string,
    }));
  } catch {
    return [];
  }
}

/** The Zendesk settings record with the fields asked (each needs read access), or none. */
export function zendeskRecord(ctx: ApexContext, fields: string): SoqlRecord | undefined {
  const [record] = ctx.query(
    `SELECT ${fields} FROM User_Sync_Source__c WHERE Source__c = ${soqlString(ZENDESK)} LIMIT 1`,
  );
  return record;
}

/** The whole tab. */
export function pushTab(ctx: ApexContext) {
  const record =
    zendeskRecord(
      ctx,
      'Id, Connection_Status__c, Connect_Link__c, Connect_Link_Expires__c, Granted_Scope__c, ' +
        'Zendesk_Write_Access__c, Zendesk_User_Fields__c',
    ) ?? {};
  const scope = stringArg(record.Granted_Scope__c);
  return {
    pushes: pushViews(ctx, null),
    zendesk: {
      connected: isConnected(record.Connection_Status__c),
      grantedScope: scope,
      canWrite: scope === null || scope.trim() === '' || hasWriteAccess(scope),
      writeAccessRequested: record.Zendesk_Write_Access__c === true,
      link: liveConnectLink(record.Connect_Link__c, record.Connect_Link_Expires__c, ctx.now()),
      userFields: userFieldOptions(record.Zendesk_User_Fields__c),
    },
  };
}
