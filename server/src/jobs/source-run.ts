/**
 * Running one source, the one way the scheduler, the commands and the command line all do it: read
 * and check the settings record, find the credentials, list, reconcile and write (directory/run-sync),
 * then keep the settings record and the held runs up to date. Whatever stops a run before it starts
 * is written on the settings record, where the admin looks, and no run is recorded.
 */
import type { SourcesConfig } from '../config';
import { listingFor, type CredentialsLoader, type ListingCredentials } from '../directory/listing-factory';
import {
  runSync,
  type RunLock,
  type RunProgress,
  type RunSummary,
  type RunTrigger,
} from '../directory/run-sync';
import { listedStatus, reconnectStatus } from '../connect/status-messages';
import { checkMatchField } from '../directory/match-field';
import type { SalesforceDirectory } from '../directory/salesforce-directory';
import { parseSourceConfiguration, type SourceConfiguration } from '../directory/source-settings';
import type { SourceName } from '../directory/types';
import type { Logger } from '../lib/logger';
import { ok } from '../lib/result';
import type { RequestRecorder } from '../metrics/recorders';
import type { HeldRuns } from './held-runs';

export interface SourceRunDeps {
  directory: SalesforceDirectory;
  sources: SourcesConfig;
  /** The vault's tokens (connect/run-credentials.ts); without it, only the environment's are used. */
  credentials?: CredentialsLoader;
  lock: RunLock;
  heldRuns: HeldRuns;
  logger: Logger;
  now?: () => Date;
  /** Counts the source's HTTP requests during the run. */
  requests?: RequestRecorder;
}

export interface SourceRunRequest {
  source: SourceName;
  trigger: RunTrigger;
  /** Lists and reconciles, writes nothing (the command line's --dry-run). */
  dryRun?: boolean;
  /** PREVIEW: a dry run recorded as a Preview run record (counts and a sample). */
  preview?: boolean;
  /** CONFIRM_DEACTIVATIONS: the held run whose deactivations the admin confirmed. */
  confirmRunId?: string | null;
  /** Runs a disabled source too (the command line); the scheduler runs enabled sources only. */
  evenIfDisabled?: boolean;
  onProgress?: (progress: RunProgress) => void;
}

export type SourceRunOutcome =
  /** No settings record, or the source is not enabled: nothing to do. */
  | { kind: 'idle'; configuration?: SourceConfiguration }
  /** Stopped before it started, for the reason written on the settings record. */
  | { kind: 'refused'; reason: string; configuration?: SourceConfiguration }
  | { kind: 'ran'; summary: RunSummary; configuration: SourceConfiguration };

const REFUSED_TOKEN = new Set(['ZENDESK_AUTH_FAILED', 'INTERCOM_AUTH_FAILED']);

/**
 * What Connection_Status__c says after a run. The run itself says it failed; the settings record
 * must also say what the admin has to do: connect again when the source refused the stored (or
 * configured) authorization. After a complete listing the connection works, and says so, so that
 * no older error lingers. Otherwise it is left as it is.
 */
function connectionAfter(
  configuration: SourceConfiguration,
  summary: RunSummary,
  credentials: ListingCredentials,
  at: Date,
): string | undefined {
  const source = configuration.settings.source;
  const reconnect = credentials.reconnectReason?.();
  if (reconnect) return reconnect;
  if (summary.failureCode && REFUSED_TOKEN.has(summary.failureCode)) return reconnectStatus(source);
  if (summary.complete) return listedStatus(source, at, configuration.zendesk?.subdomain);
  return undefined;
}

/**
 * The source's settings record, checked; a record that cannot be used says why on itself. Undefined
 * when there is no record, or when it cannot be used.
 */
export async function readConfiguration(
  directory: Pick<SalesforceDirectory, 'readSettings' | 'writeSourceStatus'>,
  source: SourceName,
  log: Logger,
): Promise<{ configuration?: SourceConfiguration; problem?: string; recordId?: string }> {
  const record = await directory.readSettings(source);
  if (!record) return {};
  const parsed = parseSourceConfiguration(record);
  if (parsed.ok) return { configuration: parsed.value, recordId: parsed.value.recordId };
  const problem = parsed.error.join(' ');
  const recordId = String((record as { Id: string }).Id);
  log.warn({ source, reason: problem }, 'settings cannot be used');
  await directory.writeSourceStatus(source, recordId, { syncMessage: problem });
  return { problem, recordId };
}

export async function runSource(deps: SourceRunDeps, request: SourceRunRequest): Promise<SourceRunOutcome> {
  const { directory, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const { source } = request;
  const log = logger.child({ source });
  const refuse = async (
    recordId: string,
    field: 'syncMessage' | 'connectionStatus',
    reason: string,
    configuration: SourceConfiguration,
  ): Promise<SourceRunOutcome> => {
    log.warn({ reason }, 'run not started');
    await directory.writeSourceStatus(source, recordId, { [field]: reason });
    return { kind: 'refused', reason, configuration };
  };

  const read = await readConfiguration(directory, source, log);
  if (read.problem !== undefined) return { kind: 'refused', reason: read.problem };
  const configuration = read.configuration;
  if (!configuration) return { kind: 'idle' };
  const { recordId } = configuration;
  if (!configuration.enabled && !request.evenIfDisabled) return { kind: 'idle', configuration };
  const typedField = configuration.settings.matchUserField;
  if (typedField) {
    const field = checkMatchField(await directory.userFields(), typedField);
    if (!field.ok) return refuse(recordId, 'syncMessage', field.error, configuration);
    configuration.settings.matchUserField = field.value;
  }

  const confirmation =
    request.confirmRunId === undefined
      ? undefined
      : await deps.heldRuns.confirmation(source, request.confirmRunId);
  if (confirmation && !confirmation.ok)
    return refuse(recordId, 'syncMessage', confirmation.error, configuration);

  const credentials = deps.credentials ? await deps.credentials(configuration) : ok<ListingCredentials>({});
  if (!credentials.ok) return refuse(recordId, 'connectionStatus', credentials.error, configuration);
  const releases: Array<() => void> = [];
  const listing = listingFor(configuration, deps.sources, credentials.value, log, (provider, counters) => {
    if (deps.requests) releases.push(deps.requests.watch(provider, counters));
  });
  if (!listing.ok) return refuse(recordId, 'connectionStatus', listing.error, configuration);

  const summary = await runSync({
    settings: configuration.settings,
    trigger: request.trigger,
    listing: listing.value,
    directory,
    lock: deps.lock,
    logger,
    dryRun: request.dryRun || request.preview,
    preview: request.preview,
    ...(confirmation?.ok && { confirm: confirmation.value }),
    ...(request.onProgress && { onProgress: request.onProgress }),
    ...(!(request.dryRun || request.preview) && {
      onComplete: (done: RunSummary) =>
        deps.heldRuns.afterRun(source, done, confirmation?.ok ? confirmation.value : undefined),
    }),
    now,
  }).finally(() => releases.forEach((release) => release()));
  if (request.dryRun || request.preview || summary.status === 'Skipped')
    return { kind: 'ran', summary, configuration };

  const connectionStatus = connectionAfter(configuration, summary, credentials.value, now());
  await directory.writeSourceStatus(source, recordId, {
    lastRun: now(),
    ...(connectionStatus && { connectionStatus }),
    // An old complaint about the settings never outlives a run that used them.
    syncMessage: null,
  });
  return { kind: 'ran', summary, configuration };
}
