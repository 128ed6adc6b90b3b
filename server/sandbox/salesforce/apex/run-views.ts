/**
 * UserSyncRunViews and UserSyncRunRules of force-app: runs as the Runs tab and the source cards show
 * them, with the sample parsed (names and emails filled from the directory) and the errors one per
 * line.
 */
import { datetimeOut, soqlList, soqlString, type ApexContext } from './runtime';
import type { SoqlRecord } from '../soql';

export const MAX_RUNS = 100;
const RECENT_WINDOW = 200;
const SAMPLE_LIMIT = 50;
const ERROR_LIMIT = 500;

const RUN_FIELDS = [
  'Id',
  'Name',
  'Source__c',
  'Status__c',
  'Trigger__c',
  'Started_At__c',
  'Ended_At__c',
  'Listed_Count__c',
  'Created_Count__c',
  'Renamed_Count__c',
  'Linked_Count__c',
  'Deactivated_Count__c',
  'Reactivated_Count__c',
  'Unchanged_Count__c',
  'Failed_Count__c',
  'Held_Count__c',
  'Message__c',
  'Errors__c',
  'Sample__c',
  'Confirms_Run__c',
].join(', ');

export interface SampleEntry {
  change: string | null;
  sourceKey: string | null;
  reason: string | null;
  name: string | null;
  email: string | null;
}
export interface Sample {
  changes: SampleEntry[];
  held: SampleEntry[];
  unreadable: boolean;
}
export interface RunView {
  id: string;
  name: string;
  source: string;
  status: string;
  triggeredBy: string | null;
  startedAt: string | null;
  endedAt: string | null;
  duration: string | null;
  listedCount: number | null;
  heldCount: number;
  message: string | null;
  counts: Array<{ label: string; value: number }>;
  errors: Array<{ sourceKey: string | null; reason: string }>;
  errorCount: number;
  sample: Sample;
  confirmsRunId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const blank = (v: unknown) => v === null || v === undefined || String(v).trim() === '';

function entries(list: unknown): SampleEntry[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError('not a list');
  return list
    .filter((e) => e !== null)
    .slice(0, SAMPLE_LIMIT)
    .map((e: Record<string, unknown>) => {
      if (typeof e !== 'object') throw new TypeError('not an object');
      return {
        change: str(e.change),
        sourceKey: str(e.sourceKey),
        reason: str(e.reason),
        name: str(e.name),
        email: str(e.email),
      };
    });
}

export function parseSample(json: unknown): Sample {
  const sample: Sample = { changes: [], held: [], unreadable: false };
  if (blank(json)) return sample;
  try {
    const parsed = JSON.parse(String(json)) as Record<string, unknown>;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError('not an object');
    sample.changes = entries(parsed.changes);
    sample.held = entries(parsed.held);
  } catch {
    sample.unreadable = true;
  }
  return sample;
}

export function parseErrorLines(errors: unknown): Array<{ sourceKey: string | null; reason: string }> {
  if (blank(errors)) return [];
  const parsed: Array<{ sourceKey: string | null; reason: string }> = [];
  for (const line of String(errors).split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || parsed.length >= ERROR_LIMIT) continue;
    const separator = trimmed.indexOf(': ');
    parsed.push({
      sourceKey: separator > 0 ? trimmed.slice(0, separator) : null,
      reason: separator > 0 ? trimmed.slice(separator + 2).trim() : trimmed,
    });
  }
  return parsed;
}

export function durationLabel(startedAt: number | null, endedAt: number | null): string | null {
  if (startedAt === null || endedAt === null || endedAt < startedAt) return null;
  const seconds = Math.trunc((endedAt - startedAt) / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.trunc(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.trunc(seconds / 3600)} h ${Math.trunc(seconds / 60) % 60} min`;
}

export function latestKey(source: string, status: string): string {
  return status === 'Preview' ? `${source}:Preview` : source;
}

const count = (v: unknown): number => (typeof v === 'number' ? Math.trunc(v) : 0);
const ms = (v: unknown): number | null => {
  const iso = datetimeOut(v);
  return iso === null ? null : Date.parse(iso);
};

function toView(ctx: ApexContext, run: SoqlRecord, sample: Sample): RunView {
  const started = ms(run.Started_At__c);
  const ended = ms(run.Ended_At__c);
  return {
    id: run.Id as string,
    name: run.Name as string,
    source: run.Source__c as string,
    status: run.Status__c as string,
    triggeredBy: str(run.Trigger__c),
    startedAt: datetimeOut(run.Started_At__c),
    endedAt: datetimeOut(run.Ended_At__c),
    duration: durationLabel(started, ended === null && run.Status__c === 'Running' ? ctx.now() : ended),
    listedCount: typeof run.Listed_Count__c === 'number' ? Math.trunc(run.Listed_Count__c) : null,
    heldCount: count(run.Held_Count__c),
    message: str(run.Message__c),
    counts: [
      ['Created', run.Created_Count__c],
      ['Renamed', run.Renamed_Count__c],
      ['Linked', run.Linked_Count__c],
      ['Deactivated', run.Deactivated_Count__c],
      ['Reactivated', run.Reactivated_Count__c],
      ['Unchanged', run.Unchanged_Count__c],
      ['Failed', run.Failed_Count__c],
    ].map(([label, value]) => ({ label: label as string, value: count(value) })),
    errors: parseErrorLines(run.Errors__c),
    errorCount: blank(run.Errors__c)
      ? 0
      : String(run.Errors__c)
          .split('\n')
          .filter((l) => !blank(l)).length,
    sample,
    confirmsRunId: str(run.Confirms_Run__c),
  };
}

function toViews(ctx: ApexContext, runs: SoqlRecord[]): RunView[] {
  const samples = runs.map((run) => parseSample(run.Sample__c));
  const keys = new Set<string>();
  for (const sample of samples)
    for (const entry of [...sample.changes, ...sample.held])
      if (!blank(entry.sourceKey) && (blank(entry.name) || blank(entry.email)))
        keys.add(entry.sourceKey as string);
  const rows = new Map<string, SoqlRecord>();
  if (keys.size > 0)
    for (const row of ctx.query(
      `SELECT Id, Name, Email__c, Source_Key__c FROM External_User__c WHERE Source_Key__c IN ${soqlList(keys)}`,
    ))
      rows.set(row.Source_Key__c as string, row);
  return runs.map((run, i) => {
    for (const entry of [...samples[i].changes, ...samples[i].held]) {
      const row = entry.sourceKey === null ? undefined : rows.get(entry.sourceKey);
      if (!row) continue;
      entry.name = blank(entry.name) ? str(row.Name) : entry.name;
      entry.email = blank(entry.email) ? str(row.Email__c) : entry.email;
    }
    return toView(ctx, run, samples[i]);
  });
}

export function recentRuns(ctx: ApexContext, source: string | null, maxRuns: number | null): RunView[] {
  const size = maxRuns === null ? 20 : Math.min(Math.max(maxRuns, 1), MAX_RUNS);
  const where = blank(source) ? '' : ` WHERE Source__c = ${soqlString(source as string)}`;
  return toViews(
    ctx,
    ctx.query(`SELECT ${RUN_FIELDS} FROM User_Sync_Run__c${where} ORDER BY CreatedDate DESC LIMIT ${size}`),
  );
}

export function runById(ctx: ApexContext, runId: string): RunView | null {
  const views = toViews(
    ctx,
    ctx.query(`SELECT ${RUN_FIELDS} FROM User_Sync_Run__c WHERE Id = ${soqlString(runId)} LIMIT 1`),
  );
  return views[0] ?? null;
}

export function latestBySource(ctx: ApexContext): Map<string, RunView> {
  const recent = ctx.query(
    `SELECT ${RUN_FIELDS} FROM User_Sync_Run__c ORDER BY CreatedDate DESC LIMIT ${RECENT_WINDOW}`,
  );
  const seen = new Set<string>();
  const kept = recent.filter((run) => {
    const key = latestKey(run.Source__c as string, run.Status__c as string);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return new Map(toViews(ctx, kept).map((view) => [latestKey(view.source, view.status), view]));
}

export function confirmationMatches(typed: number | null, held: number | null): boolean {
  return typed !== null && held !== null && held > 0 && typed === Math.trunc(held);
}
