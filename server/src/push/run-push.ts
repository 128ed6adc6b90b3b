/**
 * One activation of a push, the one way the scheduler and the commands run it: read and check the
 * push (its settings, its segment against the User describe, its mappings against Zendesk's user
 * fields), hold the push's lock (never two activations of one push at once, across processes and
 * restarts), record a run, create the custom fields it needs, then read the segment page by page
 * and send what changed (activation.ts). Whatever stops a push before it starts is written on the
 * push record, where the admin looks.
 */
import { createHash } from 'node:crypto';
import { messageOf } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Result } from '../lib/result';
import type { PushSnapshotStore } from '../store/store';
import type { RequestCounters } from '../metrics/recorders';
import type { ZendeskPushClient } from '../sources/zendesk/push-client';
import { Activation, type ActivationOptions } from './activation';
import { buildCatalogue } from './attributes';
import { createMissingFields, userFieldsJson } from './custom-fields';
import { DEFAULT_POLL, type PollTiming } from './job-runner';
import { selectedFields } from './payload';
import type { PushTrigger, SalesforcePushes } from './salesforce-push';
import { checkSegment } from './segment';
import { parsePushSettings } from './settings';
import type { PushCounts, PushSettings, UserProblem } from './types';
import { canPush, isMissingScope, WRITE_ACCESS_MISSING } from './write-access';

export const PUSH_INTERRUPTED =
  'Interrupted: the companion stopped during this activation. Users Zendesk had not confirmed are sent again by the next one.';
export const IMPORT_GATE_NOTICE =
  'Zendesk bulk user imports are not enabled on this account: new users are created one at a time. The account owner can ask Zendesk Support to enable them. [PUSH_BULK_IMPORT_UNAVAILABLE]';

/** Never two activations of one push at once (jobs/run-lock.ts StoreRunLock). */
export interface PushLock {
  acquire(name: string): Promise<boolean>;
  attachRun(name: string, runId: string): Promise<void>;
  release(name: string): Promise<void>;
  takeInterrupted?(): string[];
  holderRun?(name: string): Promise<string | undefined>;
}

/** The Zendesk account a push writes to, or why there is none the push can use. */
export interface ZendeskAccess {
  client: ActivationOptions['client'] & Pick<ZendeskPushClient, 'listUserFields' | 'createUserField'>;
  /** The scope the stored authorization was granted; undefined for a token from the environment. */
  scope?: string;
  /** The Zendesk settings record, where the account's user fields are written for the picker. */
  accountRecordId?: string;
  /** The client's request counters, for the metrics. */
  counters?: RequestCounters;
}

export interface PushRunDeps {
  salesforce: Pick<
    SalesforcePushes,
    | 'readPush'
    | 'describeUser'
    | 'segmentPages'
    | 'writePush'
    | 'startRun'
    | 'finishRun'
    | 'writeZendeskUserFields'
    | 'cachedUserFields'
  >;
  store: PushSnapshotStore;
  lock: PushLock;
  zendesk: () => Promise<Result<ZendeskAccess, string>>;
  logger: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  maxJobs?: number;
  poll?: PollTiming;
}

export interface PushRequest {
  pushId: string;
  trigger: PushTrigger;
}

export interface PushSummary {
  status: 'Succeeded' | 'Failed' | 'Skipped' | 'Preview';
  runId?: string;
  counts: PushCounts;
  problems: UserProblem[];
  message: string;
  /** Preview: changed users that would be sent. */
  toSend?: number;
  stats?: {
    lookups: number;
    jobs: number;
    polls: number;
    peakInFlight: number;
    singles: number;
    bulkCreateJobs: number;
  };
}

export type PushOutcome =
  | { kind: 'idle'; settings?: PushSettings }
  | { kind: 'refused'; reason: string; settings?: PushSettings }
  | { kind: 'ran'; summary: PushSummary; settings: PushSettings };

const NO_LOCK: PushLock = {
  acquire: async () => true,
  attachRun: async () => undefined,
  release: async () => undefined,
};

/** Zendesk allows about 30 jobs at once per account; a push keeps well under it. */
export const MAX_JOBS = 10;
export const lockName = (pushId: string): string => `push-${pushId}`;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function summarise(c: PushCounts): string {
  return `${c.inSegment} in the segment: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.notInZendesk} not in Zendesk, ${c.failed} failed`;
}

export async function runPush(deps: PushRunDeps, request: PushRequest): Promise<PushOutcome> {
  const { salesforce, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const log = logger.child({ component: 'push', pushId: request.pushId });
  const preview = request.trigger === 'Preview';
  const refuse = async (reason: string, settings?: PushSettings): Promise<PushOutcome> => {
    log.warn({ reason }, 'push not started');
    await salesforce.writePush(request.pushId, { statusMessage: reason });
    return { kind: 'refused', reason, ...(settings && { settings }) };
  };

  const raw = await salesforce.readPush(request.pushId);
  if (!raw) return { kind: 'idle' };
  const parsed = parsePushSettings(raw.record, raw.mappings);
  if (!parsed.ok) return refuse(`${parsed.error.join(' ')} [PUSH_SETTINGS_INVALID]`);
  const settings = parsed.value;
  if (!settings.enabled && !preview && request.trigger !== 'Manual') return { kind: 'idle', settings };

  const describe = await salesforce.describeUser();
  const clause = checkSegment(settings.segment, describe);
  if (!clause.ok) return refuse(`${clause.error} [PUSH_SEGMENT_INVALID]`, settings);
  for (const [what, field] of [
    ['Name field', settings.nameField],
    ['External ID field', settings.externalIdField],
  ] as const)
    if (field && !describe.has(field.toLowerCase()))
      return refuse(`${what}: User has no field named ${field}. [PUSH_SETTINGS_INVALID]`, settings);

  const access = await deps.zendesk();
  if (!access.ok && !preview) return refuse(access.error, settings);
  const zendesk = access.ok ? access.value : undefined;
  // What the companion last learned of Zendesk's user fields; Zendesk is asked again only when a
  // mapping needs a field it does not list (to create it, or to find one added since).
  let catalogue = buildCatalogue(settings.mappings, describe, await salesforce.cachedUserFields());
  let listed = false;
  if (zendesk && (catalogue.missing.size > 0 || catalogue.problems.length > 0)) {
    catalogue = buildCatalogue(settings.mappings, describe, await zendesk.client.listUserFields());
    listed = true;
  }
  if (catalogue.problems.length)
    return refuse(`${catalogue.problems.join(' ')} [PUSH_SETTINGS_INVALID]`, settings);
  if (!preview && zendesk?.scope !== undefined && !canPush(zendesk.scope, catalogue.missing.size > 0))
    return refuse(WRITE_ACCESS_MISSING, settings);

  // A preview sends nothing: it runs beside an activation rather than waiting for its lock.
  const name = lockName(settings.recordId);
  const lock: PushLock = preview ? NO_LOCK : deps.lock;
  if (!(await lock.acquire(name))) {
    const holder = await lock.holderRun?.(name);
    const message = `Skipped: another activation of this push was in progress${holder ? ` (run ${holder})` : ''}.`;
    log.warn({ holderRun: holder }, 'push skipped: busy');
    const runId = await salesforce.startRun(settings.recordId, request.trigger, now());
    await salesforce.finishRun(runId, { status: 'Skipped', message }, now());
    const summary: PushSummary = { status: 'Skipped', runId, counts: emptyCounts(), problems: [], message };
    return { kind: 'ran', summary, settings };
  }
  let runId: string | undefined;
  try {
    for (const interrupted of lock.takeInterrupted?.() ?? [])
      await salesforce.finishRun(interrupted, { status: 'Failed', message: PUSH_INTERRUPTED }, now());
    runId = await salesforce.startRun(settings.recordId, request.trigger, now());
    await lock.attachRun(name, runId);
    const summary = await activate(deps, settings, {
      clause: clause.value,
      catalogue,
      zendesk,
      preview,
      runId,
      log,
      listed,
    });
    // The push record first: once its run reads finished, the record says what the run did.
    await salesforce.writePush(settings.recordId, {
      ...(!preview && { lastRun: now() }),
      statusMessage: summary.status === 'Failed' ? summary.message.slice(0, 255) : null,
      segmentCount: { count: summary.counts.inSegment, segmentHash: sha256(settings.segment) },
    });
    await salesforce.finishRun(
      runId,
      {
        status: summary.status,
        counts: summary.counts,
        message: summary.message,
        problems: summary.problems,
        ...(preview && { sample: JSON.stringify(summary.sample) }),
      },
      now(),
    );
    log.info({ runId, status: summary.status, ...summary.counts, ...summary.stats }, 'push finished');
    return { kind: 'ran', summary: { ...summary, runId }, settings };
  } catch (error) {
    if (runId)
      await salesforce
        .finishRun(runId, { status: 'Failed', message: `Push failed: ${messageOf(error)}` }, now())
        .catch(() => undefined);
    throw error;
  } finally {
    await lock.release(name);
  }
}

const emptyCounts = (): PushCounts => ({
  inSegment: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  notInZendesk: 0,
  failed: 0,
});

interface Plan {
  clause: string;
  catalogue: ReturnType<typeof buildCatalogue>;
  zendesk?: ZendeskAccess;
  preview: boolean;
  runId: string;
  log: Logger;
  /** Whether Zendesk's user fields were listed for this activation. */
  listed: boolean;
}

/** Custom fields, then the segment page by page; a Zendesk refusal of the whole push fails the run. */
async function activate(
  deps: PushRunDeps,
  settings: PushSettings,
  plan: Plan,
): Promise<Omit<PushSummary, 'runId'> & { sample: unknown[] }> {
  const { salesforce } = deps;
  const now = deps.now ?? (() => new Date());
  const { zendesk, preview, catalogue } = plan;
  let gateNoted = false;
  const activation = new Activation({
    pushId: settings.recordId,
    settings,
    attributes: catalogue.attributes,
    store: deps.store,
    preview,
    ...(zendesk && { client: zendesk.client }),
    sender: {
      maxJobs: deps.maxJobs ?? MAX_JOBS,
      poll: deps.poll ?? DEFAULT_POLL,
      sleep: deps.sleep ?? defaultSleep,
    },
    onImportGate: async (detail) => {
      gateNoted = true;
      plan.log.warn({ detail }, 'bulk user imports are off: creating users one at a time');
      // Said once: written only when the record does not already say it.
      if (settings.notice !== IMPORT_GATE_NOTICE)
        await salesforce.writePush(settings.recordId, { notice: IMPORT_GATE_NOTICE });
    },
    now,
  });
  const done = (status: PushSummary['status'], failure?: string) => {
    const c = activation.counts;
    const base = preview
      ? `Preview: ${c.inSegment} in the segment, ${activation.toSend} changed since the last push would be sent, ${c.unchanged} unchanged, ${c.notInZendesk} not in Zendesk, ${c.failed} cannot be sent. Nothing was sent.`
      : summarise(c);
    return {
      status,
      counts: { ...c },
      problems: activation.problems,
      message: failure ? `${failure} ${base}` : `${base}${gateNoted ? ` ${IMPORT_GATE_NOTICE}` : ''}`,
      sample: activation.sample,
      toSend: activation.toSend,
      stats: { lookups: activation.stats.lookups, ...activation.jobStats },
    };
  };
  try {
    if (!preview && zendesk && catalogue.missing.size) {
      const fields = await createMissingFields(zendesk.client, catalogue.missing);
      if (fields.problems.length)
        return done('Failed', `${fields.problems.join(' ')} [PUSH_CUSTOM_FIELD_FAILED]`);
    }
    for await (const page of salesforce.segmentPages(
      plan.clause,
      selectedFields(settings, catalogue.attributes),
    ))
      await activation.page(page);
    await activation.finish();
  } catch (error) {
    const text = messageOf(error);
    plan.log.error({ err: error }, 'push failed');
    return done('Failed', isMissingScope(text) ? WRITE_ACCESS_MISSING : `Push failed: ${text}.`);
  }
  // Bulk creation worked again (enabled by Zendesk Support since): the notice has had its day.
  if (!gateNoted && activation.jobStats.bulkCreateJobs > 0 && settings.notice === IMPORT_GATE_NOTICE)
    await salesforce.writePush(settings.recordId, { notice: null });
  // Refreshed for the mapping picker whenever this activation talked to Zendesk anyway.
  const s = activation.stats;
  const talked =
    plan.listed ||
    catalogue.missing.size > 0 ||
    s.lookups > 0 ||
    activation.jobStats.jobs > 0 ||
    activation.jobStats.singles > 0;
  if (!preview && talked && zendesk?.accountRecordId)
    await salesforce
      .writeZendeskUserFields(zendesk.accountRecordId, userFieldsJson(await zendesk.client.listUserFields()))
      .catch((error) => plan.log.warn({ err: error }, 'Zendesk user fields not written back'));
  return done(preview ? 'Preview' : 'Succeeded');
}
