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
