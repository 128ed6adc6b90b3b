/**
 * The in-memory org: schema, records, users and profiles, the event bus, OAuth sessions and API
 * counters, plus the seeding/assertion API tests use (SandboxOrg).
 */
import { randomInt } from 'node:crypto';
import { Bulk2Ingest, Bulk2Options, SandboxBulk } from './bulk2';
import { DmlError, DmlException, dmlError } from './errors';
import { DEFAULT_RETENTION_MS, EventBus, RetainedEvent } from './events';
import {
  DmlContext,
  ObjectBehaviour,
  PendingEvent,
  SaveOutcome,
  SaveResult,
  deleteOne,
  insertOne,
  prepareRecord,
  updateOne,
} from './dml';
import { IdAllocator, KEY_PREFIXES, newOrgId } from './ids';
import { RecordStore, SRecord } from './records';
import { FieldDef, ObjectDef, Schema, standardSchema } from './schema';
import { AccessSession, DEFAULT_SESSION_TIMEOUT_MS, SessionStore } from './sessions';
import { SYNC_EVENT, beforeSaveUser, syncRequestFor } from './trigger';
import { bindSoql, parseSoql, runSoql, SoqlRecord, SoqlResult } from './soql';
import { formatDateTime } from './values';
import { loadMetadata, MetadataLoadResult } from './metadata';
import { loadPermissionSets, Permissions } from './permissions';

export interface UserFields {
  Id: string;
  Username: string;
  FirstName: string | null;
  LastName: string;
  Name: string;
  Email: string;
  Alias: string;
  CommunityNickname: string;
  IsActive: boolean;
  ProfileId: string;
  UserType: string;
  FederationIdentifier: string | null;
  TimeZoneSidKey: string;
  LocaleSidKey: string;
  EmailEncodingKey: string;
  LanguageLocaleKey: string;
  Title: string | null;
  CreatedDate: string;
  CreatedById: string;
  LastModifiedDate: string;
  LastModifiedById: string;
  SystemModstamp: string;
  /** Custom fields (IAdvize_Sync__c, ...) and other standard fields. */
  [field: string]: unknown;
}

export interface Counters {
  /** Requests that count toward the daily API limit (REST data calls; not OAuth, not CometD). */
  apiRequests: number;
  /** Every request by kind: query, sobject, collections, composite, publish, describe, limits, oauth, cometd... */
  byKind: Record<string, number>;
}

/** The in-memory org, for seeding and assertions. */
export interface SandboxOrg {
  readonly orgId: string;
  /** Username of the seeded System Administrator (the default running user). */
  readonly adminUsername: string;
  insert(sobject: string, records: Record<string, unknown>[]): string[];
  update(sobject: string, records: Record<string, unknown>[]): void;
  /** Deletes records (to the recycle bin); throws on error. */
  delete(sobject: string, ids: string[]): void;
  get(sobject: string, id: string): Record<string, unknown> | undefined;
  all(sobject: string): Record<string, unknown>[];
  /** Runs a SOQL query as the admin and returns plain rows (no attributes). */
  query(soql: string): Record<string, unknown>[];
  addUser(fields: Partial<UserFields> & { LastName: string; Email: string }): string;
  /** Sets the password used by the OAuth username-password flow (default for every user: see DEFAULT_PASSWORD). */
  setPassword(username: string, password: string): void;
  issueAccessToken(username?: string): string;
  /** A refresh token for a connected app, as the web-server flow would give after the user's approval. */
  issueRefreshToken(clientId: string, username?: string): string;
  revokeAccessTokens(): void;
  revokeRefreshTokens(): void;
  dropStreamingClients(): void;
  publishEvent(eventName: string, fields: Record<string, unknown>): { replayId: number; eventUuid: string };
  events(eventName: string): RetainedEvent[];
  expireEventsUpTo(replayId: number): void;
  counters: Counters;
  /** Bulk API 2.0 ingest: its options (upload limit, processing delay, batch allocation) and batch count. */
  readonly bulk: SandboxBulk;
  resetCounters(): void;
  /** Assigns a permission set, or the sets of a permission set group, of the org's metadata. */
  assignPermissionSet(username: string, name: string): void;
}

export interface OrgOptions {
  eventRetentionMs?: number;
  metadataDir?: string;
  /** Total 'Salesforce' user licences (default 10,000). */
  salesforceLicenses?: number;
  /** Daily API request allocation reported in Sforce-Limit-Info and /limits (default 100,000). */
  dailyApiRequests?: number;
  sessionTimeoutMs?: number;
  now?: () => number;
  /** Bulk API 2.0 options (see bulk2.ts); also changeable later through `org.bulk.configure()`. */
  bulk?: Partial<Bulk2Options>;
  /** More user licences, each with the profiles that use it (e.g. Salesforce Platform). */
  licenses?: LicenseSeed[];
}

/** A user licence and its profiles, added to the seeded ones. */
export interface LicenseSeed {
  name: string;
  /** LicenseDefinitionKey, e.g. AUL for Salesforce Platform. */
  key: string;
  total: number;
  profiles: string[];
}

/** Password of every user until setPassword() changes it. */
export const DEFAULT_PASSWORD = 'sandbox-password';

const PROFILES: Array<{
  name: string;
  license: string;
  userType: string;
}> = [
  { name: 'System Administrator', license: 'Salesforce', userType: 'Standard' },
  { name: 'Standard User', license: 'Salesforce', userType: 'Standard' },
  { name: 'Read Only', license: 'Salesforce', userType: 'Standard' },
  { name: 'Minimum Access - Salesforce', license: 'Salesforce', userType: 'Standard' },
  { name: 'Chatter Free User', license: 'Chatter Free', userType: 'CsnOnly' },
];

type Listener = () => void;

/** For the throwing org API: the first real failure of an allOrNone call, as a DmlException. */
function throwIfFailed(results: SaveResult[]): SaveResult[] {
  const failed = results.find(
    (r) => !r.success && r.errors[0]?.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  );
  if (failed) throw new DmlException(failed.errors);
  return results;
}

export class Org implements SandboxOrg {
  readonly orgId = newOrgId();
  readonly schema: Schema;
  readonly store = new RecordStore();
  readonly ids = new IdAllocator();
  readonly bus: EventBus;
  readonly sessions: SessionStore;
  readonly metadata: MetadataLoadResult;
  readonly dailyApiRequests: number;
  readonly now: () => number;
  readonly counters: Counters = { apiRequests: 0, byKind: {} };
  /** Event deliveries to streaming clients (one event to three clients counts three), for /limits. */
  deliveredEvents = 0;
  readonly adminUsername = 'admin@usersync.sandbox';
  adminUserId = '';
  readonly profileIds = new Map<string, string>();
  readonly bulk: Bulk2Ingest;
  readonly permissions: Permissions;

  private readonly passwords = new Map<string, string>();
  private readonly autoNumbers = new Map<string, number>();
  private readonly revokeListeners = new Set<Listener>();
  private readonly dropListeners = new Set<Listener>();
  /** Events waiting for the outermost unit of work to commit. */
  private pending: PendingEvent[][] = [];
  private readonly behaviours: Record<string, ObjectBehaviour>;

  constructor(options: OrgOptions = {}) {
    this.now = options.now ?? Date.now;
    this.schema = standardSchema();
    this.metadata = options.metadataDir
      ? loadMetadata(this.schema, options.metadataDir)
      : { objects: [], fields: [], warnings: [] };
    this.bus = new EventBus(options.eventRetentionMs ?? DEFAULT_RETENTION_MS, this.now);
    this.sessions = new SessionStore(
      this.orgId,
      this.now,
      options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
    );
    this.dailyApiRequests = options.dailyApiRequests ?? 100_000;
    this.bulk = new Bulk2Ingest(this, options.bulk);
    this.behaviours = { User: this.userBehaviour() };
    this.store.observe((def, before, after) => this.trackActiveUsers(def, before, after));
    const permissionSets = loadPermissionSets(options.metadataDir);
    this.permissions = new Permissions(
      permissionSets.sets,
      permissionSets.groups,
      (userId) => {
        const profileId = this.store.get(this.def('User'), userId)?.ProfileId;
        const profile =
          typeof profileId === 'string' ? this.store.get(this.def('Profile'), profileId) : undefined;
        return profile?.Name as string | undefined;
      },
      (object, field) => this.schema.object(object)?.fields.get(field.toLowerCase())?.required === true,
    );
    this.seed(options.salesforceLicenses ?? 10_000, options.licenses ?? []);
  }

  // ---- seeding -----------------------------------------------------------------------------------------

  private seed(salesforceLicenses: number, extraLicenses: LicenseSeed[]): void {
    const now = formatDateTime(this.now());
    // The first user id is allocated up front so that seeded rows can name it as their creator.
    this.adminUserId = this.ids.allocate(KEY_PREFIXES.User);
    const audit = {
      CreatedDate: now,
      CreatedById: this.adminUserId,
      LastModifiedDate: now,
      LastModifiedById: this.adminUserId,
      SystemModstamp: now,
    };
    const org = this.def('Organization');
    this.store.put(org, {
      Id: this.orgId,
      Name: 'User Sync Sandbox',
      OrganizationType: 'Developer Edition',
      IsSandbox: false,
      InstanceName: 'SBX1',
      NamespacePrefix: null,
      DefaultLocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
      TimeZoneSidKey: 'America/Los_Angeles',
      ...audit,
    });
    const licenses = new Map<string, string>();
    const profiles = [...PROFILES];
    for (const extra of extraLicenses)
      for (const name of extra.profiles) profiles.push({ name, license: extra.name, userType: 'Standard' });
    for (const [name, key, total] of [
      ['Salesforce', 'SFDC', salesforceLicenses],
      ['Chatter Free', 'PID_Chatter', 5000],
      ...extraLicenses.map((l) => [l.name, l.key, l.total] as const),
    ] as const) {
      const id = this.ids.allocate(KEY_PREFIXES.UserLicense);
      licenses.set(name, id);
      this.store.put(this.def('UserLicense'), {
        Id: id,
        Name: name,
        MasterLabel: name,
        LicenseDefinitionKey: key,
        Status: 'Active',
        TotalLicenses: total,
        ...audit,
      });
    }
    for (const p of profiles) {
      const id = this.ids.allocate(KEY_PREFIXES.Profile);
      this.profileIds.set(p.name, id);
      this.store.put(this.def('Profile'), {
        Id: id,
        Name: p.name,
        UserLicenseId: licenses.get(p.license),
        UserType: p.userType,
        Description: null,
        ...audit,
      });
    }
    const admin: SRecord = {
      Id: this.adminUserId,
      Username: this.adminUsername,
      FirstName: 'Sandbox',
      LastName: 'Admin',
      Email: this.adminUsername,
      Alias: 'sadmin',
      ProfileId: this.profileIds.get('System Administrator'),
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ...audit,
    };
    const userDef = this.def('User');
    for (const name of userDef.fieldOrder) {
      if (admin[name] !== undefined) continue;
      const f = userDef.fields.get(name.toLowerCase()) as FieldDef;
      admin[name] = f.type === 'boolean' ? (f.defaultValue ?? false) : (f.defaultValue ?? null);
    }
    Object.assign(admin, {
      Name: 'Sandbox Admin',
      CommunityNickname: 'sadmin',
      UserType: 'Standard',
      IsActive: true,
    });
    this.store.put(userDef, admin);
  }

  // ---- behaviours --------------------------------------------------------------------------------------

  private userBehaviour(): ObjectBehaviour {
    return {
      beforeSave: (current, previous, ctx) => {
        current.Name = [current.FirstName, current.LastName]
          .filter((v) => typeof v === 'string' && v !== '')
          .join(' ');
        const profile =
          typeof current.ProfileId === 'string'
            ? this.store.get(this.def('Profile'), current.ProfileId)
            : undefined;
        if (profile) current.UserType = profile.UserType;
        if (current.CommunityNickname === null || current.CommunityNickname === undefined) {
          const local = String(current.Email ?? current.LastName ?? 'user').split('@')[0];
          current.CommunityNickname = `${local}${randomInt(1e9, 1e10)}`.slice(0, 40);
        }
        const userDef = this.def('User');
        const action = beforeSaveUser(current, previous, (n) => userDef.fields.get(n.toLowerCase())?.name);
        const eventDef = this.schema.object(SYNC_EVENT);
        if (!action || !eventDef) return;
        return {
          afterSave: (saved) => [
            { def: eventDef, fields: syncRequestFor(saved.Id as string, action), createdById: ctx.userId },
          ],
        };
      },
      validate: (current, previous) => this.licenceError(current, previous),
    };
  }

  private licenceError(current: SRecord, previous: SRecord | undefined): DmlError | undefined {
    if (current.IsActive !== true) return undefined;
    if (previous && previous.IsActive === true && previous.ProfileId === current.ProfileId) return undefined;
    const licenseId = this.licenseOf(current.ProfileId);
    if (!licenseId) return undefined;
    const license = this.store.get(this.def('UserLicense'), licenseId) as SRecord;
    // The record being saved is not written yet, so it is not counted.
    return this.usedLicenses(licenseId) >= Number(license.TotalLicenses)
      ? dmlError('LICENSE_LIMIT_EXCEEDED', 'License Limit Exceeded')
      : undefined;
  }

  private licenseOf(profileId: unknown): string | undefined {
    if (typeof profileId !== 'string') return undefined;
    return this.store.get(this.def('Profile'), profileId)?.UserLicenseId as string | undefined;
  }

  /** Active users by profile, kept in step with every User write (and its undo). */
  private readonly activeByProfile = new Map<string, number>();

  private trackActiveUsers(def: ObjectDef, before: SRecord | undefined, after: SRecord | undefined): void {
    if (def.name !== 'User') return;
    const bump = (user: SRecord | undefined, delta: number) => {
      if (user?.IsActive !== true || typeof user.ProfileId !== 'string') return;
      this.activeByProfile.set(user.ProfileId, (this.activeByProfile.get(user.ProfileId) ?? 0) + delta);
    };
    bump(before, -1);
    bump(after, 1);
  }

  private usedLicenses(licenseId: string): number {
    let used = 0;
    for (const [profileId, n] of this.activeByProfile) if (this.licenseOf(profileId) === licenseId) used += n;
    return used;
  }

  /** A field's value, computing derived ones (UserLicense.UsedLicenses). */
  valueOf = (def: ObjectDef, record: SRecord, field: FieldDef): unknown => {
    if (def.name === 'UserLicense' && field.name === 'UsedLicenses')
      return this.usedLicenses(record.Id as string);
    return record[field.name];
  };

  // ---- DML ---------------------------------------------------------------------------------------------

  def(name: string): ObjectDef {
    const def = this.schema.object(name);
    if (!def) throw new Error(`Unknown sObject type ${name}`);
    return def;
  }

  dmlContext(userId: string = this.adminUserId): DmlContext {
    return {
      schema: this.schema,
      store: this.store,
      ids: this.ids,
      now: this.now,
      userId,
      behaviours: this.behaviours,
      autoNumbers: this.autoNumbers,
    };
  }

  /**
   * Runs several record saves as one DML call. allOrNone=false: each record stands alone.
   * allOrNone=true: any failure rolls every record back, and the records that had succeeded report
   * ALL_OR_NONE_OPERATION_ROLLED_BACK. Events are published once the outermost unit commits.
   */
  runDml(items: Array<() => SaveOutcome>, allOrNone: boolean): SaveResult[] {
    const outer = this.store.savepoint();
    const events: PendingEvent[] = [];
    const results: SaveResult[] = [];
    const inserted: boolean[] = [];
    let failed = false;
    for (const item of items) {
      const sp = this.store.savepoint();
      const { result, events: produced, inserted: created } = item();
      inserted.push(Boolean(created));
      if (result.success) {
        this.store.release();
        events.push(...produced);
      } else {
        this.store.rollback(sp);
        failed = true;
      }
      results.push(result);
    }
    if (allOrNone && failed) {
      this.store.rollback(outer);
      return results.map((r, i) =>
        r.success
          ? {
              ...(r.id && !inserted[i] ? { id: r.id } : {}),
              success: false,
              errors: [
                dmlError(
                  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                  'Record rolled back because not all records were valid and the request was using AllOrNone header',
                ),
              ],
            }
          : r,
      );
    }
    this.store.release();
    this.afterCommit(events);
    return results;
  }

  /** Runs `work` as one unit (composite allOrNone): writes roll back and events are dropped if it throws. */
  unitOfWork<T>(work: () => T): T {
    this.pending.push([]);
    let events: PendingEvent[] = [];
    try {
      const result = this.store.transaction(work);
      events = this.pending[this.pending.length - 1];
      return result;
    } finally {
      this.pending.pop();
      this.publishPending(events);
    }
  }

  private afterCommit(events: PendingEvent[]): void {
    if (this.pending.length > 0) this.pending[this.pending.length - 1].push(...events);
    else this.publishPending(events);
  }

  /** Publishes events; a directly inserted event gets its id and OPERATION_ENQUEUED in its SaveResult. */
  private publishPending(events: PendingEvent[]): void {
    for (const e of events) {
      const published = this.bus.publish(e.def, e.fields, e.createdById);
      if (e.result) {
        e.result.id = this.ids.allocate(KEY_PREFIXES.PlatformEvent);
        // Platform Events Developer Guide: an asynchronous publish reports OPERATION_ENQUEUED with the EventUuid.
        e.result.errors = [dmlError('OPERATION_ENQUEUED', published.eventUuid)];
      }
    }
  }

  /** Inserts records (a platform event insert is a publication). */
  insertRecords(
    sobject: ObjectDef,
    bodies: unknown[],
    allOrNone: boolean,
    userId = this.adminUserId,
  ): SaveResult[] {
    const prepared = bodies.map((b) => prepareRecord(sobject, b));
    return this.runDml(
      prepared.map((p) => () => insertOne(this.dmlContext(userId), p)),
      allOrNone,
    );
  }

  // ---- SandboxOrg --------------------------------------------------------------------------------------

  insert(sobject: string, records: Record<string, unknown>[]): string[] {
    const results = throwIfFailed(this.insertRecords(this.def(sobject), records, true));
    return results.map((r) => r.id as string);
  }

  update(sobject: string, records: Record<string, unknown>[]): void {
    const def = this.def(sobject);
    const prepared = records.map((r) => ({ id: r.Id, rec: prepareRecord(def, r, ['Id']) }));
    throwIfFailed(
      this.runDml(
        prepared.map(
          ({ id, rec }) =>
            () =>
              updateOne(this.dmlContext(), rec, id),
        ),
        true,
      ),
    );
  }

  delete(sobject: string, ids: string[]): void {
    const def = this.def(sobject);
    throwIfFailed(
      this.runDml(
        ids.map((id) => () => deleteOne(this.dmlContext(), id, def)),
        true,
      ),
    );
  }

  get(sobject: string, id: string): Record<string, unknown> | undefined {
    const def = this.def(sobject);
    const rec = this.store.get(def, id);
    return rec ? this.materialize(def, rec) : undefined;
  }

  all(sobject: string): Record<string, unknown>[] {
    const def = this.def(sobject);
    return this.store.rows(def).map((r) => this.materialize(def, r));
  }

  /** A copy of a stored record with computed fields filled in. */
  materialize(def: ObjectDef, record: SRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of def.fieldOrder)
      out[name] = this.valueOf(def, record, def.fields.get(name.toLowerCase()) as FieldDef) ?? null;
    return out;
  }

  /** Parses, binds and runs a SOQL query (throws SoqlError). */
  runQuery(soql: string, includeDeleted = false): { result: SoqlResult; object: ObjectDef } {
    const bound = bindSoql(parseSoql(soql), this.schema, { now: this.now() });
    const result = runSoql(bound, {
      rows: this.store.rows(bound.object, includeDeleted),
      lookup: (object, id) => {
        const def = this.schema.object(object);
        return def ? this.store.get(def, id) : undefined;
      },
      value: (def, record, field) => this.valueOf(def, record, field),
    });
    return { result, object: bound.object };
  }

  query(soql: string): Record<string, unknown>[] {
    const strip = (row: SoqlRecord): SoqlRecord => {
      const out: SoqlRecord = {};
      for (const [k, v] of Object.entries(row)) {
        if (k === '__type' || k === '__id') continue;
        out[k] = v && typeof v === 'object' ? strip(v as SoqlRecord) : v;
      }
      return out;
    };
    return this.runQuery(soql).result.rows.map(strip);
  }

  addUser(fields: Partial<UserFields> & { LastName: string; Email: string }): string {
    const users = this.def('User');
    const usernameField = users.fields.get('username') as FieldDef;
    let username = fields.Username;
    if (!username) {
      username = fields.Email;
      for (let n = 2; this.store.findBy(users, usernameField, username).length > 0; n++)
        username = `${fields.Email}.${n}`;
    }
    const first = typeof fields.FirstName === 'string' ? fields.FirstName : '';
    const alias =
      (first.slice(0, 1) + fields.LastName.replace(/\s/g, '').slice(0, 4)).toLowerCase().slice(0, 8) ||
      'user';
    const record: Record<string, unknown> = {
      Alias: alias,
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ProfileId: this.profileIds.get('Standard User'),
      ...fields,
      Username: username,
    };
    return this.insert('User', [record])[0];
  }

  /** The active user with this username (case-insensitive), or undefined. */
  userByUsername(username: string): SRecord | undefined {
    const users = this.def('User');
    const id = this.store.findBy(users, users.fields.get('username') as FieldDef, username)[0];
    return id ? this.store.get(users, id) : undefined;
  }

  passwordOf(username: string): string {
    return this.passwords.get(username.toLowerCase()) ?? DEFAULT_PASSWORD;
  }

  setPassword(username: string, password: string): void {
    if (!this.userByUsername(username)) throw new Error(`No user ${username}`);
    this.passwords.set(username.toLowerCase(), password);
  }

  private userIdFor(username?: string): string {
    if (!username) return this.adminUserId;
    const user = this.userByUsername(username);
    if (!user) throw new Error(`No user ${username}`);
    return user.Id as string;
  }

  issueAccessToken(username?: string): string {
    return this.sessions.issueAccessToken(this.userIdFor(username)).token;
  }

  issueRefreshToken(clientId: string, username?: string): string {
    return this.sessions.issueRefreshToken(this.userIdFor(username), clientId).token;
  }

  revokeAccessTokens(): void {
    this.sessions.revokeAllAccessTokens();
    for (const l of this.revokeListeners) l();
  }

  revokeRefreshTokens(): void {
    this.sessions.revokeAllRefreshTokens();
  }

  dropStreamingClients(): void {
    for (const l of this.dropListeners) l();
  }

  onRevoke(listener: Listener): void {
    this.revokeListeners.add(listener);
  }

  onDropClients(listener: Listener): void {
    this.dropListeners.add(listener);
  }

  publishEvent(eventName: string, fields: Record<string, unknown>): { replayId: number; eventUuid: string } {
    const def = this.schema.object(eventName);
    if (!def || def.kind !== 'event') throw new Error(`Unknown platform event ${eventName}`);
    const outcome = insertOne(this.dmlContext(), prepareRecord(def, fields));
    if (!outcome.result.success) throw new DmlException(outcome.result.errors);
    const published = this.bus.publish(def, outcome.events[0].fields, this.adminUserId);
    return { replayId: published.replayId, eventUuid: published.eventUuid };
  }

  events(eventName: string): RetainedEvent[] {
    const def = this.schema.object(eventName);
    return def ? this.bus.retained(`/event/${def.name}`) : [];
  }

  expireEventsUpTo(replayId: number): void {
    this.bus.expireUpTo(replayId);
  }

  /** Resets in place, so a reference to `counters` taken earlier stays live. */
  resetCounters(): void {
    this.counters.apiRequests = 0;
    for (const kind of Object.keys(this.counters.byKind)) delete this.counters.byKind[kind];
    this.deliveredEvents = 0;
    this.bulk.resetCounters();
  }

  assignPermissionSet(username: string, name: string): void {
    this.permissions.assign(this.userIdFor(username), name);
  }

  count(kind: string, apiRequest: boolean): void {
    this.counters.byKind[kind] = (this.counters.byKind[kind] ?? 0) + 1;
    if (apiRequest) this.counters.apiRequests++;
  }

  /** The session of an access token, or undefined. */
  session(token: string | undefined): AccessSession | undefined {
    return this.sessions.validate(token);
  }
}
