/** The source of the directory rows: the two systems team users are imported from. */
export type SourceName = 'zendesk' | 'intercom';

/** How each source is named to people: Source__c picklist values, pages, messages. */
export const SOURCE_LABEL = { zendesk: 'Zendesk', intercom: 'Intercom' } as const satisfies Record<
  SourceName,
  string
>;

/** A team user as a source lists it, reduced to what the directory keeps. */
export interface SourceUser {
  sourceUserId: string;
  name: string;
  /** Lower-cased and trimmed by the source client; null when the source has none. */
  email: string | null;
  /** The value of the primary identifier column chosen in the settings (username, id or email by default). */
  primaryIdentifier: string | null;
  role: string;
  /** False when the source lists the user but as inactive or suspended. */
  active: boolean;
  /** Why the source considers the user inactive, when it does. */
  inactiveReason?: string;
}

export type DirectoryStatus = 'Pending' | 'Active' | 'Deactivated';

/** A row of External_User__c as the companion reads it. */
export interface DirectoryRow {
  id: string;
  sourceKey: string;
  sourceUserId: string;
  name: string;
  email: string | null;
  primaryIdentifier: string | null;
  role: string | null;
  status: DirectoryStatus;
  statusBeforeDeactivation: 'Pending' | 'Active' | null;
  userId: string | null;
  activatedByAdmin: boolean;
  payloadHash: string | null;
}

/** A Salesforce user the directory can be linked to. */
export interface SalesforceUser {
  id: string;
  email: string | null;
  /** The value of the User field chosen to match the primary identifier (Email when none is chosen). */
  matchValue: string | null;
  isActive: boolean;
}

export interface ReconcileSettings {
  source: SourceName;
  updateLinkedUserNames: boolean;
  deactivateLinkedUsers: boolean;
  /** Share of the active rows (0..1) above which deactivations are held for an admin. */
  deactivationThreshold: number;
  /** True only when every page of the listing was read: deactivation needs a complete listing. */
  complete: boolean;
  /**
   * The source keys of a held run's deactivations that an admin confirmed: each is deactivated if it
   * is still to be, whatever the threshold. Other deactivations follow the threshold as usual.
   */
  confirmed?: ReadonlySet<string>;
}

/** The fields of one External_User__c upsert (keyed by Source_Key__c). */
export interface RowWrite {
  Source_Key__c: string;
  Name: string;
  Source__c: 'Zendesk' | 'Intercom';
  Source_User_Id__c: string;
  Email__c: string | null;
  Primary_Identifier__c: string | null;
  Role__c: string | null;
  Status__c: DirectoryStatus;
  Status_Before_Deactivation__c: 'Pending' | 'Active' | null;
  User__c: string | null;
  Last_Seen__c?: string;
  Deactivated_At__c: string | null;
  Deactivation_Reason__c: string | null;
  Payload_Hash__c: string;
}

/** A partial upsert by Source_Key__c: what a deactivation changes, every other field left as it is. */
export type RowPatch = Pick<RowWrite, 'Source_Key__c'> & Partial<RowWrite>;

export type RowChange = 'created' | 'renamed' | 'deactivated' | 'reactivated' | 'linked';

export interface PlannedWrite {
  change: RowChange;
  row: RowPatch;
}

export interface UserUpdate {
  Id: string;
  FirstName?: string;
  LastName?: string;
  IsActive?: boolean;
}

export interface RecordError {
  sourceKey: string;
  reason: string;
}

export interface PlanCounts {
  created: number;
  renamed: number;
  linked: number;
  deactivated: number;
  reactivated: number;
  unchanged: number;
  failed: number;
}

export interface ReconcilePlan {
  writes: PlannedWrite[];
  userUpdates: UserUpdate[];
  counts: PlanCounts;
  /** Deactivations not applied because they exceed the threshold (the run is Held). */
  held: RowPatch[];
  errors: RecordError[];
}
