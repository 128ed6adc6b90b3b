/** The shapes the push works with: a push's settings, its mappings, payloads and outcomes. */
import type { Schedule } from '../jobs/schedule';
import type { ErrorCode } from '../lib/errors';

export type MatchKey = 'email' | 'external_id';
export type MappingMode = 'set' | 'only_if_empty';

/** The Zendesk user properties a mapping may write besides custom fields. */
export const STANDARD_ATTRIBUTES = [
  'alias',
  'details',
  'notes',
  'phone',
  'time_zone',
  'locale',
  'tags',
  'organization_id',
  'external_id',
] as const;
export type StandardAttribute = (typeof STANDARD_ATTRIBUTES)[number];

export type MappingTarget =
  | { kind: 'standard'; attribute: StandardAttribute }
  /** A custom user field that already exists in Zendesk. */
  | { kind: 'user_field'; key: string }
  /** A custom user field the push creates when Zendesk does not have it yet. */
  | { kind: 'custom_attribute'; key: string };

export interface Mapping {
  salesforceField: string;
  target: MappingTarget;
  mode: MappingMode;
}

/** A User_Sync_Push__c record with its mappings, checked (settings.ts). */
export interface PushSettings {
  recordId: string;
  name: string;
  enabled: boolean;
  /** The WHERE clause as the admin wrote it (segment.ts checks it against the User describe). */
  segment: string;
  matchKey: MatchKey;
  /** The User field holding the external id (match key external_id). */
  externalIdField: string | null;
  /** The User field giving the Zendesk name (Name by default). */
  nameField: string;
  insertMode: boolean;
  /** false: `skip_verify_email: true` on every created user. */
  sendVerificationEmail: boolean;
  scheduleHours: number;
  /** Every scheduleHours, or the cron expression in its time zone when one is written. */
  schedule: Schedule;
  lastRunAt: Date | null;
  /** What the companion last wrote in Notice__c (the import gate), so it is written once. */
  notice: string | null;
  mappings: Mapping[];
}

/** A User field as the describe gives it: what a segment, a mapping and a custom field need. */
export interface UserField {
  name: string;
  label: string;
  type: string;
  filterable: boolean;
  /** Number fields: 0 means whole numbers. */
  scale: number;
  /** Active picklist values, in order. */
  picklistValues: string[];
}

/** The attribute key of a mapping target in payloads and snapshots: `alias`, `user_fields.tier`. */
export function attributeKey(target: MappingTarget): string {
  return target.kind === 'standard' ? target.attribute : `user_fields.${target.key}`;
}

/** One Salesforce user as it would be pushed, values normalised (payload.ts). */
export interface UserPayload {
  userId: string;
  /** How errors name the user: its name, else its Id. */
  label: string;
  /** The value that finds the user in Zendesk: the email (lower-cased) or the external id. */
  key: string | null;
  name: string | null;
  email: string | null;
  /** Mapped values by attribute key, in a stable order. */
  attributes: Record<string, unknown>;
}

/** What was last pushed for a user and confirmed by Zendesk (the store's push_snapshots). */
export interface Snapshot {
  userId: string;
  /** Hash of the whole payload and of the settings that shape it. */
  hash: string;
  /** Fingerprints by attribute key, plus `$key`, `$name` and `$email`. */
  fingerprints: Record<string, string>;
  zendeskId: number | null;
}

/** A per-user problem, in words, with its catalogue code. */
export interface UserProblem {
  userId: string;
  label: string;
  code: PushProblemCode;
  reason: string;
}

/** The catalogue codes (lib/errors.ts) a per-user problem carries. */
export type PushProblemCode = Extract<
  ErrorCode,
  | 'PUSH_USER_NO_NAME'
  | 'PUSH_USER_NO_KEY'
  | 'PUSH_EMAIL_DIFFERS'
  | 'PUSH_USER_REJECTED'
  | 'PUSH_NOT_CONFIRMED'
>;

export interface PushCounts {
  inSegment: number;
  inserted: number;
  updated: number;
  unchanged: number;
  notInZendesk: number;
  failed: number;
}

export const emptyPushCounts = (): PushCounts => ({
  inSegment: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  notInZendesk: 0,
  failed: 0,
});
