/**
 * UserSyncSourcesController on the sandbox org: the source cards, saving settings, connect, enable,
 * disable, sync now and preview, with the same checks, messages and commands as the Apex class.
 */
import { publishCommand, requireManageIntegrations } from './access';
import { latestBySource, latestKey, type RunView } from './run-views';
import {
  BAD_SUBDOMAIN_MESSAGE,
  SOURCES,
  ZENDESK,
  applySettings,
  isConnected,
  isKnownSource,
  label,
  liveConnectLink,
  matchFieldOptions,
  matchableUserFields,
  normaliseSubdomain,
  roleOptions,
  settingsOf,
  settingsProblems,
  type SourceRecord,
  type SourceSettings,
} from './source-rules';
import {
  auraError,
  datetimeOut,
  numberArg,
  soqlList,
  stringArg,
  type ApexClassEmulation,
  type ApexContext,
} from './runtime';

const SOURCE_FIELDS = [
  'Id',
  'Source__c',
  'Enabled__c',
  'Connection_Status__c',
  'Connect_Link__c',
  'Connect_Link_Expires__c',
  'Zendesk_Subdomain__c',
  'Zendesk_Roles__c',
  'Available_Custom_Roles__c',
  'Primary_Identifier__c',
  'Match_User_Field__c',
  'Intercom_Region__c',
  'Schedule_Hours__c',
  'Schedule_Cron__c',
  'Schedule_Time_Zone__c',
  'Deactivation_Threshold__c',
  'Update_Linked_User_Names__c',
  'Deactivate_Linked_Users__c',
  'Last_Run__c',
  'Next_Run__c',
  'Next_Runs__c',
  'Sync_Message__c',
];

interface SourceView {
  id: string | null;
  source: string;
  label: string;
  enabled: boolean;
  connection: {
    status: string | null;
    connected: boolean;
    subdomain: string | null;
    link: string | null;
    linkExpires: string | null;
  };
  settings: SourceSettings;
  roleOptions: Array<{ label: string; value: string }>;
  lastRun: string | null;
  nextRun: string | null;
  nextRuns: string | null;
  syncMessage: string | null;
  latestRun: RunView | null;
  latestPreview: RunView | null;
}

function recordsBySource(ctx: ApexContext): Map<string, SourceRecord> {
  const rows = ctx.query(
    `SELECT ${SOURCE_FIELDS.join(', ')} FROM User_Sync_Source__c WHERE Source__c IN ${soqlList(SOURCES)}`,
  );
  return new Map(rows.map((row) => [row.Source__c as string, row]));
}

function toView(ctx: ApexContext, record: SourceRecord): SourceView {
  const link = liveConnectLink(record.Connect_Link__c, record.Connect_Link_Expires__c, ctx.now());
  return {
    id: (record.Id as string | undefined) ?? null,
    source: record.Source__c as string,
    label: label(record.Source__c as string),
    enabled: record.Enabled__c === true,
    connection: {
      status: (record.Connection_Status__c as string | null) ?? null,
      connected: isConnected(record.Connection_Status__c),
      subdomain: (record.Zendesk_Subdomain__c as string | null) ?? null,
      link,
      linkExpires: link === null ? null : datetimeOut(record.Connect_Link_Expires__c),
    },
    settings: settingsOf(record),
    roleOptions: roleOptions(record.Available_Custom_Roles__c),
    lastRun: datetimeOut(record.Last_Run__c),
    nextRun: datetimeOut(record.Next_Run__c),
    nextRuns: (record.Next_Runs__c as string | null) ?? null,
    syncMessage: (record.Sync_Message__c as string | null) ?? null,
    latestRun: null,
    latestPreview: null,
  };
}

function getSources(ctx: ApexContext): SourceView[] {
  const records = recordsBySource(ctx);
  const latest = latestBySource(ctx);
  return SOURCES.map((source) => {
    const view = toView(
      ctx,
      records.get(source) ?? { Source__c: source, Schedule_Hours__c: 6, Deactivation_Threshold__c: 20 },
    );
    view.latestRun = latest.get(latestKey(source, 'Running')) ?? null;
    view.latestPreview = latest.get(latestKey(source, 'Preview')) ?? null;
    return view;
  });
}

function sourceView(ctx: ApexContext, source: string): SourceView | null {
  return getSources(ctx).find((view) => view.source === source) ?? null;
}

function requireSource(source: unknown): string {
  if (!isKnownSource(source))
    throw auraError(`Unknown source "${String(source)}": expected zendesk or intercom.`);
  return source;
}

function recordFor(ctx: ApexContext, source: string): SourceRecord {
  return recordsBySource(ctx).get(source) ?? { Name: label(source), Source__c: source };
}

/**
 * Database.insert or update in user mode of the record as Apex holds it: every field it queried or
 * set is sent, so the user needs edit access to each of them.
 */
function save(ctx: ApexContext, record: SourceRecord): void {
  const { Id: id, ...fields } = record;
  const [result] = id
    ? ctx.update('User_Sync_Source__c', [{ Id: id, ...fields }])
    : ctx.insert('User_Sync_Source__c', [fields]);
  if (!result.success) {
    const [first] = result.errors;
    throw auraError(`The settings were not saved: ${first.statusCode}: ${first.message}`);
  }
}

function requireReady(ctx: ApexContext, sourceArg: unknown, action: string): SourceRecord {
  requireManageIntegrations(ctx);
  const source = requireSource(sourceArg);
  const record = recordsBySource(ctx).get(source);
  if (!record || !isConnected(record.Connection_Status__c))
    throw auraError(`Connect ${label(source)} before you ${action} it.`);
  const problems = settingsProblems(
    source,
    settingsOf(record),
    new Set(matchableUserFields(ctx.org, ctx.userId).keys()),
  );
  if (problems.length > 0) throw auraError(`Fix the ${label(source)} settings first: ${problems.join(' ')}`);
  return record;
}

function settingsArg(value: unknown): SourceSettings | null {
  if (value === null || value === undefined) return null;
  const v = value as Record<string, unknown>;
  const bool = (b: unknown) => (b === null || b === undefined ? null : b === true);
  return {
    roles: Array.isArray(v.roles) ? v.roles.map(String) : null,
    primaryIdentifier: stringArg(v.primaryIdentifier),
    matchUserField: stringArg(v.matchUserField),
    intercomRegion: stringArg(v.intercomRegion),
    scheduleHours: numberArg(v.scheduleHours, 'scheduleHours'),
    scheduleCron: stringArg(v.scheduleCron),
    scheduleTimeZone: stringArg(v.scheduleTimeZone),
    deactivationThreshold: numberArg(v.deactivationThreshold, 'deactivationThreshold'),
    updateLinkedUserNames: bool(v.updateLinkedUserNames),
    deactivateLinkedUsers: bool(v.deactivateLinkedUsers),
  };
}

export const UserSyncSourcesController: ApexClassEmulation = {
  name: 'UserSyncSourcesController',
  methods: {
    getSources: { params: [], run: (ctx) => getSources(ctx) },
    getMatchFieldOptions: { params: [], run: (ctx) => matchFieldOptions(ctx) },
    saveSettings: {
      params: ['source', 'settings'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        const source = requireSource(args.source);
        const settings = settingsArg(args.settings);
        if (!settings) throw auraError('No settings were sent.');
        const problems = settingsProblems(
          source,
          settings,
          new Set(matchableUserFields(ctx.org, ctx.userId).keys()),
        );
        if (problems.length > 0) throw auraError(problems.join(' '));
        const record = recordFor(ctx, source);
        applySettings(settings, record);
        save(ctx, record);
        publishCommand(ctx, 'SETTINGS_CHANGED', source, null);
        return sourceView(ctx, source);
      },
    },
    connect: {
      params: ['source', 'subdomain'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        const source = requireSource(args.source);
        const record = recordFor(ctx, source);
        if (source === ZENDESK) {
          const normalised = normaliseSubdomain(args.subdomain);
          if (normalised === null) throw auraError(BAD_SUBDOMAIN_MESSAGE);
          record.Zendesk_Subdomain__c = normalised;
        }
        save(ctx, record);
        publishCommand(ctx, 'CONNECT', source, null);
        return sourceView(ctx, source);
      },
    },
    enable: {
      params: ['source'],
      run(ctx, args) {
        const record = requireReady(ctx, args.source, 'enable');
        record.Enabled__c = true;
        save(ctx, record);
        publishCommand(ctx, 'SETTINGS_CHANGED', record.Source__c as string, null);
        return sourceView(ctx, record.Source__c as string);
      },
    },
    disable: {
      params: ['source'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        const source = requireSource(args.source);
        const record = recordFor(ctx, source);
        record.Enabled__c = false;
        save(ctx, record);
        publishCommand(ctx, 'SETTINGS_CHANGED', source, null);
        return sourceView(ctx, source);
      },
    },
    syncNow: {
      params: ['source'],
      run(ctx, args) {
        const record = requireReady(ctx, args.source, 'sync');
        const source = record.Source__c as string;
        if (record.Enabled__c !== true) throw auraError(`Enable ${label(source)} before syncing it.`);
        publishCommand(ctx, 'RUN_NOW', source, null);
        return null;
      },
    },
    preview: {
      params: ['source'],
      run(ctx, args) {
        const record = requireReady(ctx, args.source, 'preview');
        publishCommand(ctx, 'PREVIEW', record.Source__c as string, null);
        return null;
      },
    },
  },
};
