/**
 * UserSyncPushController on the sandbox org: the Push tab, saving a push with its mappings, enable,
 * disable, run now, preview and reconnect with write access, with the same checks, messages and
 * commands as the Apex class (the rules in push-rules.ts, the views in push-views.ts).
 */
import { publishCommand, publishPushCommand, requireManageIntegrations } from './access';
import {
  enableProblems,
  mappingProblems,
  MATCH_EXTERNAL_ID,
  pushProblems,
  withKeys,
  type MappingSettings,
  type PushSettings,
} from './push-rules';
import { pushTab, pushViews, zendeskRecord, type PushView } from './push-views';
import {
  auraError,
  idArg,
  numberArg,
  soqlString,
  stringArg,
  type ApexClassEmulation,
  type ApexContext,
} from './runtime';
import type { SaveResult } from '../dml';
import { ZENDESK, type Option } from './source-rules';
import { normalise, normaliseTimeZone } from './schedule-rules';

/** Apex's DisplayType names where the REST describe spells a type otherwise. */
const DISPLAY_TYPES: Record<string, string> = { int: 'integer' };

/** UserSyncPushRecords.readableUserFields: every User field the admin can read, by API name. */
function readableUserFields(ctx: ApexContext): Map<string, { label: string; type: string }> {
  const def = ctx.org.def('User');
  const fields = new Map<string, { label: string; type: string }>();
  for (const name of def.fieldOrder) {
    const field = def.fields.get(name.toLowerCase());
    if (field && ctx.org.permissions.fieldAccess(ctx.userId, 'User', field.name).readable)
      fields.set(field.name, { label: field.label, type: DISPLAY_TYPES[field.type] ?? field.type });
  }
  return fields;
}

function describe(results: SaveResult[]): string[] {
  return results
    .filter((r) => !r.success)
    .map((r) => r.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
}

function requirePush(ctx: ApexContext, pushId: unknown): Record<string, unknown> {
  const id = idArg(pushId, 'pushId');
  const [record] =
    id === null
      ? []
      : ctx.query(
          'SELECT Id, Name, Enabled__c, Segment__c, Segment_Checked__c FROM User_Sync_Push__c ' +
            `WHERE Id = ${soqlString(id)}`,
        );
  if (!record) throw auraError(`No push with Id ${String(pushId ?? 'null')}: refresh the tab.`);
  return record;
}

function save(ctx: ApexContext, record: Record<string, unknown>): string {
  const { Id: id, ...fields } = record;
  const [result] = id
    ? ctx.update('User_Sync_Push__c', [{ Id: id, ...fields }])
    : ctx.insert('User_Sync_Push__c', [fields]);
  if (!result.success) throw auraError(`The push was not saved: ${describe([result]).join(' ')}`);
  return result.id as string;
}

function saveMappings(ctx: ApexContext, pushId: string, mappings: MappingSettings[]): void {
  const existing = new Set(
    ctx
      .query(`SELECT Id FROM User_Sync_Push_Mapping__c WHERE Push__c = ${soqlString(pushId)}`)
      .map((r) => r.Id as string),
  );
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  for (const m of mappings) {
    const record = {
      Salesforce_Field__c: m.salesforceField,
      Kind__c: m.kind,
      Target__c: m.target,
      Mode__c: m.mode,
    };
    const id = m.id === null ? null : idArg(m.id, 'mappings');
    if (id !== null && existing.delete(id)) updates.push({ Id: id, ...record });
    else inserts.push({ Push__c: pushId, ...record });
  }
  const failures = [
    ...describe(ctx.delete('User_Sync_Push_Mapping__c', [...existing])),
    ...describe(ctx.update('User_Sync_Push_Mapping__c', updates)),
    ...describe(ctx.insert('User_Sync_Push_Mapping__c', inserts)),
  ];
  if (failures.length > 0) throw auraError(`The mappings were not all saved: ${failures.join(' ')}`);
}

function pushView(ctx: ApexContext, pushId: string): PushView | null {
  return pushViews(ctx, pushId)[0] ?? null;
}

function setEnabled(ctx: ApexContext, pushId: string, enabled: boolean): PushView | null {
  save(ctx, { Id: pushId, Enabled__c: enabled });
  publishPushCommand(ctx, 'PUSH_CHANGED', pushId);
  return pushView(ctx, pushId);
}

function settingsArg(value: unknown): PushSettings | null {
  if (value === null || value === undefined) return null;
  const v = value as Record<string, unknown>;
  return {
    id: idArg(v.id, 'settings.id'),
    name: stringArg(v.name),
    segment: stringArg(v.segment),
    matchKey: stringArg(v.matchKey),
    externalIdField: stringArg(v.externalIdField),
    nameField: stringArg(v.nameField),
    insertMode: v.insertMode === true,
    sendVerificationEmail: v.sendVerificationEmail === true,
    scheduleHours: numberArg(v.scheduleHours, 'scheduleHours'),
    scheduleCron: stringArg(v.scheduleCron),
    scheduleTimeZone: stringArg(v.scheduleTimeZone),
  };
}

function mappingsArg(value: unknown): MappingSettings[] {
  if (!Array.isArray(value)) return [];
  return (value as Array<Record<string, unknown>>).map((m) => ({
    id: stringArg(m?.id),
    salesforceField: stringArg(m?.salesforceField),
    kind: stringArg(m?.kind),
    target: stringArg(m?.target),
    mode: stringArg(m?.mode),
  }));
}

/** UserSyncPushRecords.apply: the form's settings onto the record's fields. */
function applySettings(settings: PushSettings, record: Record<string, unknown>): void {
  record.Name = (settings.name as string).trim();
  record.Segment__c = (settings.segment as string).trim();
  record.Match_Key__c = settings.matchKey;
  record.External_Id_Field__c = settings.matchKey === MATCH_EXTERNAL_ID ? settings.externalIdField : null;
  record.Name_Field__c =
    settings.nameField === null || settings.nameField.trim() === '' ? null : settings.nameField;
  record.Insert_Mode__c = settings.insertMode === true;
  record.Send_Verification_Email__c = settings.sendVerificationEmail === true;
  record.Schedule_Hours__c = settings.scheduleHours ?? 24;
  record.Schedule_Cron__c = normalise(settings.scheduleCron);
  record.Schedule_Time_Zone__c = normaliseTimeZone(settings.scheduleTimeZone);
}

export const UserSyncPushController: ApexClassEmulation = {
  name: 'UserSyncPushController',
  methods: {
    getPushTab: { params: [], run: (ctx) => pushTab(ctx) },
    getUserFields: {
      params: [],
      run: (ctx): Option[] =>
        [...readableUserFields(ctx)].map(([name, f]) => ({
          label: `${f.label} (${name}, ${f.type})`,
          value: name,
        })),
    },
    savePush: {
      params: ['settings', 'mappings'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        const settings = settingsArg(args.settings);
        if (!settings) throw auraError('No push was sent.');
        const given = withKeys(mappingsArg(args.mappings));
        const userFields = new Set(readableUserFields(ctx).keys());
        const problems = [
          ...pushProblems(settings, userFields),
          ...mappingProblems(given, userFields, settings.matchKey),
        ];
        if (problems.length > 0) throw auraError(problems.join(' '));
        // A fresh record, as the Apex class builds it: the companion's fields stay out of the update.
        const record: Record<string, unknown> =
          settings.id === null ? {} : { Id: requirePush(ctx, settings.id).Id };
        applySettings(settings, record);
        const id = save(ctx, record);
        saveMappings(ctx, id, given);
        publishPushCommand(ctx, 'PUSH_CHANGED', id);
        return pushView(ctx, id);
      },
    },
    enable: {
      params: ['pushId'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        const record = requirePush(ctx, args.pushId);
        const scope = zendeskRecord(ctx, 'Granted_Scope__c')?.Granted_Scope__c ?? null;
        const problems = enableProblems(record, scope);
        if (problems.length > 0) throw auraError(problems.join(' '));
        return setEnabled(ctx, record.Id as string, true);
      },
    },
    disable: {
      params: ['pushId'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        return setEnabled(ctx, requirePush(ctx, args.pushId).Id as string, false);
      },
    },
    runNow: {
      params: ['pushId'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        const record = requirePush(ctx, args.pushId);
        if (record.Enabled__c !== true) throw auraError(`Enable ${String(record.Name)} before running it.`);
        publishPushCommand(ctx, 'PUSH_RUN_NOW', record.Id as string);
        return null;
      },
    },
    preview: {
      params: ['pushId'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        publishPushCommand(ctx, 'PUSH_PREVIEW', requirePush(ctx, args.pushId).Id as string);
        return null;
      },
    },
    reconnectWithWriteAccess: {
      params: [],
      run(ctx) {
        requireManageIntegrations(ctx);
        const record = zendeskRecord(ctx, 'Id, Zendesk_Subdomain__c');
        const subdomain = record?.Zendesk_Subdomain__c;
        if (!record || typeof subdomain !== 'string' || subdomain.trim() === '')
          throw auraError('Enter the Zendesk subdomain on the Sources tab first.');
        const [result] = ctx.update('User_Sync_Source__c', [
          { Id: record.Id, Zendesk_Write_Access__c: true },
        ]);
        if (!result.success)
          throw auraError(`The Zendesk settings were not saved: ${describe([result]).join(' ')}`);
        publishCommand(ctx, 'CONNECT', ZENDESK, null);
        return null;
      },
    },
  },
};
