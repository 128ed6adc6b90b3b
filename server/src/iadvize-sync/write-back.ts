import type { SyncUser } from './sync-user';

export type SyncStatus = 'Created' | 'Linked' | 'Skipped' | 'Failed';

/** One User update written back by the companion. Last Synced marks it as the companion's own write. */
export interface WriteBack {
  Id: string;
  IAdvize_Sync_Status__c: SyncStatus;
  IAdvize_Sync_Message__c: string | null;
  IAdvize_Last_Synced__c: string;
  IAdvize_Operator_Id__c?: string | null;
  IAdvize_SSO_Token__c?: string | null;
}

/**
 * A request that waits (iAdvize unreachable, or refusing the companion's login) keeps its Queued
 * status and says why. No Last Synced: nothing was synced, and the trigger must not mistake it for
 * a result.
 */
export interface WaitingNote {
  Id: string;
  IAdvize_Sync_Status__c: 'Queued';
  IAdvize_Sync_Message__c: string;
}

const WAITING_FOR_CREDENTIALS =
  'Waiting: iAdvize refused the User Sync companion’s login. The request is kept and sent once the person who runs the companion fixes it.';
const WAITING_FOR_IADVIZE =
  'Waiting: iAdvize could not be reached or is busy. The request is kept and retried.';
const CREDENTIAL_CODES = new Set(['IADVIZE_AUTH_FAILED', 'IADVIZE_REST_KEY_REFUSED']);

/** The note for a user whose request waits, or undefined when it already says so. */
export function waitingNote(
  user: Pick<SyncUser, 'Id' | 'IAdvize_Sync_Message__c'>,
  code: string | undefined,
  credentialsRefused: boolean,
): WaitingNote | undefined {
  const message =
    credentialsRefused || (code && CREDENTIAL_CODES.has(code))
      ? WAITING_FOR_CREDENTIALS
      : WAITING_FOR_IADVIZE;
  if (user.IAdvize_Sync_Message__c === message) return undefined;
  return { Id: user.Id, IAdvize_Sync_Status__c: 'Queued', IAdvize_Sync_Message__c: message };
}

/** IAdvize_Sync_Message__c is Text(255). */
export const MESSAGE_MAX = 255;

export function clip(message: string): string {
  return message.length <= MESSAGE_MAX ? message : `${message.slice(0, MESSAGE_MAX - 1)}…`;
}

export interface OutcomeOperator {
  id: string;
  ssoKey?: string;
}

/**
 * The write-back for an outcome. The operator id and SSO token are written only with an operator;
 * an SSO token is never cleared because iAdvize did not tell us one.
 */
export function writeBackFor(
  user: Pick<SyncUser, 'Id'>,
  status: SyncStatus,
  message: string,
  now: Date,
  operator?: OutcomeOperator,
): WriteBack {
  const record: WriteBack = {
    Id: user.Id,
    IAdvize_Sync_Status__c: status,
    IAdvize_Sync_Message__c: clip(message),
    IAdvize_Last_Synced__c: now.toISOString(),
  };
  if (operator) {
    record.IAdvize_Operator_Id__c = operator.id;
    if (operator.ssoKey) record.IAdvize_SSO_Token__c = operator.ssoKey;
  }
  return record;
}
