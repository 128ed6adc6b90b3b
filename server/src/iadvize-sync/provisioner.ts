import { EMAIL_ALREADY_USED } from '../iadvize/types';
import { IAdvizeError } from '../iadvize/errors';
import { messageOf } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { mapLimit } from '../lib/map-limit';
import type { ProvisioningRecorder } from '../metrics/recorders';
import type { EventBatchHandler } from '../salesforce/subscriber';
import type { CreationJournal } from '../store/store';
import { decideTakenEmail, operatorInputFor, skippedMessage } from './create-decision';
import { checkLink, parseOperatorId } from './link-decision';
import type { OperatorDirectory } from './operator-directory';
import type { UserGateway, WriteFailure } from './salesforce-users';
import { requestsOf, type SyncRequest } from './sync-request';
import type { SyncUser } from './sync-user';
import {
  waitingNote,
  writeBackFor,
  type OutcomeOperator,
  type SyncStatus,
  type WriteBack,
} from './write-back';

export interface ProvisionerOptions {
  users: UserGateway;
  iadvize: OperatorDirectory;
  journal: CreationJournal;
  logger: Logger;
  /** Link an existing operator whose email matches instead of skipping the user. */
  linkExisting: boolean;
  /** Requests in flight toward iAdvize at once. */
  concurrency: number;
  now?: () => Date;
  /** Outcomes by status and the time from each request's publication to its write-back. */
  metrics?: ProvisioningRecorder;
}

/** A request that could not finish now (iAdvize unavailable, credentials refused) and must be retried. */
type Outcome = { kind: 'done'; record: WriteBack } | { kind: 'later'; error: unknown; user: SyncUser };

// Failures that say nothing about the record: they hold the batch for a retry rather than mark the
// user Failed (fixing the credentials must not oblige admins to tick everyone again).
const RETRY_LATER_CODES = new Set([
  'IADVIZE_UNAVAILABLE',
  'IADVIZE_RATE_LIMITED',
  'IADVIZE_LOGIN_PAUSED',
  'IADVIZE_AUTH_FAILED',
  'IADVIZE_REST_KEY_REFUSED',
]);

export class BatchIncompleteError extends Error {
  constructor(
    readonly pending: number,
    cause: unknown,
  ) {
    super(`${pending} sync request(s) could not be finished and will be retried: ${messageOf(cause)}`, {
      cause,
    });
    this.name = 'BatchIncompleteError';
  }
}

/**
 * Handles a batch of IAdvize_Sync_Request__e: one query for the users, iAdvize calls with bounded
 * concurrency, one collection update for the results. Every request ends in a status on its user,
 * except those held for a retry, which make the batch throw after the others were written back.
 */
export function createProvisioner(options: ProvisionerOptions): EventBatchHandler {
  const { users, iadvize, journal, logger, linkExisting, concurrency, metrics } = options;
  const now = options.now ?? (() => new Date());
  const log = logger.child({ component: 'iadvize-sync' });

  const done = (
    user: SyncUser,
    status: SyncStatus,
    message: string,
    operator?: OutcomeOperator,
  ): Outcome => ({
    kind: 'done',
    record: writeBackFor(user, status, message, now(), operator),
  });

  async function ssoKeyOf(operatorId: string): Promise<string | undefined> {
    return iadvize.capabilities.ssoKey ? (await iadvize.getOperator(operatorId))?.ssoKey : undefined;
  }

  function createdMessage(operatorId: string, ssoKey: string | undefined): string {
    if (ssoKey || !iadvize.capabilities.ssoKey) {
      return `Created iAdvize operator ${operatorId}.${iadvize.capabilities.ssoKey ? '' : ' SSO token not written: no iAdvize REST API key is configured.'}`;
    }
    return `Created iAdvize operator ${operatorId}; iAdvize returned no SSO token.`;
  }

  async function create(
    user: SyncUser,
    journalled: string | undefined,
    holders: Map<string, string[]>,
  ): Promise<Outcome> {
    if (!user.IAdvize_Sync__c)
      return done(user, 'Skipped', 'Sync to iAdvize was unticked before the request was handled.');
    if (!user.IsActive)
      return done(user, 'Failed', 'The Salesforce user is inactive: no iAdvize operator was created.');
    const input = operatorInputFor(user);
    if (!input.ok) return done(user, 'Failed', input.error);

    if (journalled) {
      // Created before a crash or a retried batch: finish with the same operator.
      const ssoKey = await ssoKeyOf(journalled);
      return done(user, 'Created', createdMessage(journalled, ssoKey), { id: journalled, ssoKey });
    }
    // An Operator ID on the user (typed in the same save, or left from before) is verified like a
    // manual link, never trusted: it could name anyone's operator.
    if (user.IAdvize_Operator_Id__c?.trim()) return link(user, holders, 'CREATE');
    const created = await iadvize.createOperator(input.value);
    if (created.ok) {
      await journal.recordCreation(user.Id, created.value.id);
      const ssoKey = await ssoKeyOf(created.value.id);
      return done(user, 'Created', createdMessage(created.value.id, ssoKey), {
        id: created.value.id,
        ssoKey,
      });
    }
    if (created.error.type !== EMAIL_ALREADY_USED) {
      return done(user, 'Failed', `iAdvize refused the operator: ${created.error.message}`);
    }
    const candidates = iadvize.capabilities.findByEmail
      ? await iadvize.findOperatorsByEmail(input.value.email)
      : [];
    const decision = decideTakenEmail(user, candidates, linkExisting);
    const { operator } = decision;
    if (decision.kind === 'ours') {
      return done(user, 'Created', createdMessage(decision.operator.id, decision.operator.ssoKey), {
        id: decision.operator.id,
        ssoKey: decision.operator.ssoKey,
      });
    }
    if (decision.kind === 'link') {
      return done(
        user,
        'Linked',
        `Linked to existing iAdvize operator ${decision.operator.id} (same email).`,
        { id: decision.operator.id, ssoKey: decision.operator.ssoKey },
      );
    }
    return done(user, 'Skipped', skippedMessage(operator));
  }

  /**
   * Checks the Operator ID on the user. For a CREATE whose operator turns out to be the one the
   * companion created for this user (a redelivery after the journal was lost), the outcome stays
   * Created.
   */
  async function link(
    user: SyncUser,
    holders: Map<string, string[]>,
    action: 'CREATE' | 'LINK' = 'LINK',
  ): Promise<Outcome> {
    const typed = user.IAdvize_Operator_Id__c?.trim() ?? '';
    if (typed === '')
      return done(user, 'Skipped', 'The Operator ID was cleared before the request was handled.');
    const id = parseOperatorId(typed);
    const facts = {
      operatorId: typed,
      typedToken: user.IAdvize_SSO_Token__c,
      holderId: id.ok ? holders.get(id.value)?.find((holder) => holder !== user.Id) : undefined,
      canReadSsoKey: iadvize.capabilities.ssoKey,
      operator: undefined as Awaited<ReturnType<OperatorDirectory['getOperator']>>,
      userId: user.Id,
    };
    // Only ask iAdvize when the id is one and nobody else holds it.
    if (id.ok && !facts.holderId) facts.operator = await iadvize.getOperator(id.value);
    const check = checkLink(facts);
    if (!check.linked) return done(user, 'Failed', check.reason);
    // The canonical id is written back, so Salesforce's unique field compares like iAdvize does.
    const operator = facts.operator!;
    if (operator.externalId !== user.Id) return done(user, 'Linked', check.message, { id: operator.id });
    const ours = { id: operator.id, ssoKey: operator.ssoKey };
    return action === 'CREATE'
      ? done(user, 'Created', createdMessage(operator.id, operator.ssoKey), ours)
      : done(user, 'Linked', check.message, ours);
  }

  async function settle(
    request: SyncRequest,
    user: SyncUser,
    journalled: Map<string, string>,
    holders: Map<string, string[]>,
  ): Promise<Outcome> {
    try {
      return request.action === 'CREATE'
        ? await create(user, journalled.get(user.Id), holders)
        : await link(user, holders);
    } catch (error) {
      if (error instanceof IAdvizeError && !error.retryable && !RETRY_LATER_CODES.has(error.code)) {
        return done(user, 'Failed', error.message);
      }
      return { kind: 'later', error, user };
    }
  }

  /** A write refused because the operator id is taken: the user gets Failed, without the operator. */
  function retryWithoutOperator(records: WriteBack[], failures: WriteFailure[]): WriteBack[] {
    const byId = new Map(records.map((r) => [r.Id, r]));
    return failures
      .filter((f) => f.statusCode === 'DUPLICATE_VALUE' && byId.get(f.id)?.IAdvize_Operator_Id__c)
      .map((f) => {
        const record = byId.get(f.id)!;
        return writeBackFor(
          record,
          'Failed',
          `iAdvize operator ${record.IAdvize_Operator_Id__c} is already linked to another Salesforce user.`,
          now(),
        );
      });
  }

  /** Each outcome; the latency only of statuses Salesforce accepted (a refused one reached no user). */
  function record(
    recorder: ProvisioningRecorder,
    requests: SyncRequest[],
    written: WriteBack[],
    refused: Set<string>,
  ): void {
    const publishedAt = new Map(requests.map((r) => [r.userId, r.publishedAt]));
    const at = now().getTime();
    for (const r of written) {
      recorder.outcome(r.IAdvize_Sync_Status__c);
      const published = publishedAt.get(r.Id);
      if (published !== undefined && !refused.has(r.Id)) recorder.writtenBack((at - published) / 1000);
    }
  }

  return async (events) => {
    const { requests, malformed } = requestsOf(events);
    for (const bad of malformed)
      log.error({ eventUuid: bad.eventUuid, reason: bad.reason }, 'malformed sync request ignored');
    if (requests.length === 0) return;

    const found = new Map((await users.readUsers(requests.map((r) => r.userId))).map((u) => [u.Id, u]));
    const present = requests.filter((r) => {
      if (found.has(r.userId)) return true;
      log.warn({ userId: r.userId }, 'sync request for a user that no longer exists; ignored');
      return false;
    });
    const creates = present.filter((r) => r.action === 'CREATE').map((r) => r.userId);
    // Any Operator ID on a user is checked (create() sends typed ids down the link path).
    const linkIds = present.flatMap((r) => {
      const id = parseOperatorId(found.get(r.userId)!.IAdvize_Operator_Id__c);
      return id.ok ? [id.value] : [];
    });
    const [journalled, holders] = await Promise.all([
      creates.length ? journal.createdOperators(creates) : new Map<string, string>(),
      linkIds.length ? users.holdersOf(linkIds) : new Map<string, string[]>(),
    ]);

    const outcomes = await mapLimit(present, concurrency, (r) =>
      settle(r, found.get(r.userId)!, journalled, holders),
    );
    const records = outcomes.flatMap((o) => (o.kind === 'done' ? [o.record] : []));
    let written = records;
    if (records.length > 0) {
      const failures = await users.writeBack(records);
      const retried = retryWithoutOperator(records, failures);
      const final = retried.length > 0 ? await users.writeBack(retried) : [];
      const unrecovered = failures.filter((f) => !retried.some((r) => r.Id === f.id)).concat(final);
      for (const f of unrecovered)
        log.error(
          { userId: f.id, statusCode: f.statusCode, message: f.message },
          'write-back refused by Salesforce',
        );
      const replaced = new Map(retried.map((r) => [r.Id, r]));
      written = records.map((r) => replaced.get(r.Id) ?? r);
      if (metrics) record(metrics, present, written, new Set(unrecovered.map((f) => f.id)));
    }
    const statuses = written.reduce<Record<string, number>>(
      (acc, r) => ((acc[r.IAdvize_Sync_Status__c] = (acc[r.IAdvize_Sync_Status__c] ?? 0) + 1), acc),
      {},
    );
    log.info({ requests: present.length, ...statuses }, 'sync requests handled');

    const later = outcomes.filter((o): o is Extract<Outcome, { kind: 'later' }> => o.kind === 'later');
    if (later.length === 0) return;
    // Held for a retry: the users keep Queued and say why, once (a retry that changes nothing writes nothing).
    const notes = later.flatMap(
      (o) =>
        waitingNote(
          o.user,
          o.error instanceof IAdvizeError ? o.error.code : undefined,
          iadvize.credentialsRefused ?? false,
        ) ?? [],
    );
    if (notes.length > 0)
      await users.writeBack(notes).catch((error) => log.warn({ err: error }, 'waiting note not written'));
    throw new BatchIncompleteError(later.length, later[0].error);
  };
}
