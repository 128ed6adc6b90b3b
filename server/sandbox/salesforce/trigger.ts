/**
 * Emulation of the app's User trigger (force-app: UserIAdvizeSyncTrigger -> UserIAdvizeSyncHandler),
 * rule for rule. Keep in step with UserIAdvizeSyncHandler.decideAction / markQueued / publishRequests.
 *
 * - CREATE when IAdvize_Sync__c is true on insert, or goes from not-true to true; or when it stays true,
 *   the status before the save was Failed, and Email, FirstName, LastName or Alias changed.
 * - Otherwise an update that changes IAdvize_Last_Synced__c is the companion's own write-back: no action.
 * - Otherwise LINK when IAdvize_Operator_Id__c is not blank and (insert, or the Operator ID or the SSO
 *   token changed). Comparisons are case-sensitive.
 * - Before the save, a user with an action gets IAdvize_Sync_Status__c = 'Queued' and
 *   IAdvize_Sync_Message__c = null; after the save one IAdvize_Sync_Request__e is published per user
 *   (User_Id__c = 18-char id, Action__c), after commit.
 */
import type { SRecord } from './records';

export const SYNC_EVENT = 'IAdvize_Sync_Request__e';
export const ACTION_CREATE = 'CREATE';
export const ACTION_LINK = 'LINK';
export const STATUS_QUEUED = 'Queued';

/** Reads a field case-insensitively: custom field names may be cased differently in metadata. */
function read(record: SRecord, field: string): unknown {
  if (field in record) return record[field];
  const lower = field.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

function differs(left: unknown, right: unknown): boolean {
  const l = left ?? null;
  const r = right ?? null;
  return l === null ? r !== null : l !== r;
}

function isNotBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** The decision rule: 'CREATE', 'LINK' or null. `previous` is undefined on insert. */
/** A ticked user whose sync Failed, with a field the operator is made from corrected. */
function correctedAfterFailure(current: SRecord, previous: SRecord): boolean {
  return (
    read(current, 'IAdvize_Sync__c') === true &&
    read(previous, 'IAdvize_Sync__c') === true &&
    read(previous, 'IAdvize_Sync_Status__c') === 'Failed' &&
    ['Email', 'FirstName', 'LastName', 'Alias'].some((f) => differs(read(current, f), read(previous, f)))
  );
}

export function decideAction(current: SRecord, previous: SRecord | undefined): string | null {
  const isInsert = previous === undefined;
  if (read(current, 'IAdvize_Sync__c') === true && (isInsert || read(previous, 'IAdvize_Sync__c') !== true)) {
    return ACTION_CREATE;
  }
  if (!isInsert && correctedAfterFailure(current, previous)) return ACTION_CREATE;
  if (
    !isInsert &&
    differs(read(current, 'IAdvize_Last_Synced__c'), read(previous, 'IAdvize_Last_Synced__c'))
  ) {
    return null;
  }
  if (
    isNotBlank(read(current, 'IAdvize_Operator_Id__c')) &&
    (isInsert ||
      differs(read(current, 'IAdvize_Operator_Id__c'), read(previous, 'IAdvize_Operator_Id__c')) ||
      differs(read(current, 'IAdvize_SSO_Token__c'), read(previous, 'IAdvize_SSO_Token__c')))
  ) {
    return ACTION_LINK;
  }
  return null;
}

/** Canonical name of a field on the record's object, given a case-insensitive lookup. */
export type FieldNameResolver = (field: string) => string | undefined;

/**
 * Before-save phase: marks the user Queued and clears the message when there is an action. Returns the
 * action so the after-save phase can publish it (the decision is the same in both phases, as in Apex).
 */
export function beforeSaveUser(
  current: SRecord,
  previous: SRecord | undefined,
  resolve: FieldNameResolver,
): string | null {
  const action = decideAction(current, previous);
  if (action) {
    const status = resolve('IAdvize_Sync_Status__c');
    const message = resolve('IAdvize_Sync_Message__c');
    if (status) current[status] = STATUS_QUEUED;
    if (message) current[message] = null;
  }
  return action;
}

/** After-save phase: the event fields for a saved user with an action. */
export function syncRequestFor(userId: string, action: string): Record<string, unknown> {
  return { User_Id__c: userId, Action__c: action };
}
