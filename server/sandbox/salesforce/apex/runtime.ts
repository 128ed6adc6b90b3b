/**
 * What an emulated Apex method runs with: the org, the running user (UserInfo.getUserId()), and the
 * few platform calls the User Sync controllers make, each with its Apex semantics:
 * - `query` is `[SELECT … WITH USER_MODE]`: the running user must read the object and every field the
 *   query names, else a QueryException, as in an org;
 * - `delete` is `Database.delete(records, false, AccessLevel.USER_MODE)`: object delete access;
 * - `insert` / `update` are `Database.insert|update(records, allOrNone, AccessLevel.USER_MODE)`: object
 *   create or edit access, field edit access and, for User, Manage Users, else
 *   INSUFFICIENT_ACCESS_OR_READONLY on the record;
 * - `publish` is `EventBus.publish`: the user must be allowed to create the event;
 * - `checkPermission` is `FeatureManagement.checkPermission`;
 * - `enqueueJob` runs a Queueable shortly after the call returns, as the same user.
 */
import { dmlError } from '../errors';
import type { SaveResult } from '../dml';
import { deleteOne, prepareRecord, updateOne } from '../dml';
import { isValidId, to18 } from '../ids';
import { parseDateTime } from '../values';
import type { Org } from '../org';
import { bindSoql, parseSoql, runSoql, type BoundCondition, type BoundPath, type SoqlRecord } from '../soql';

/** An exception the method means the user to read (AuraHandledException with setMessage). */
export class AuraHandledException extends Error {
  readonly exceptionType = 'System.AuraHandledException';
}

/** Any other Apex exception that reaches Lightning (QueryException, TypeException…). */
export class ApexException extends Error {
  constructor(
    readonly exceptionType: string,
    message: string,
  ) {
    super(message);
  }
}

/** How long the sandbox waits before running an enqueued Queueable. */
export const QUEUEABLE_DELAY_MS = 1500;

export interface ApexContext {
  readonly org: Org;
  /** UserInfo.getUserId(). */
  readonly userId: string;
  now(): number;
  checkPermission(customPermission: string): boolean;
  /** SOQL WITH USER_MODE; relationship fields come back nested as in Apex (`User__r.Name`). */
  query(soql: string): SoqlRecord[];
  insert(object: string, records: Record<string, unknown>[]): SaveResult[];
  update(object: string, records: Record<string, unknown>[]): SaveResult[];
  delete(object: string, ids: string[]): SaveResult[];
  /** EventBus.publish of one event; never throws (a refusal is in the SaveResult). */
  publish(event: string, fields: Record<string, unknown>): SaveResult;
  /** Object-level describe for the running user (Schema.SObjectType.X.isCreateable() and so on). */
  canCreate(object: string): boolean;
  enqueueJob(job: (ctx: ApexContext) => void): void;
}

/** A SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `(a, b)` for IN, or `(null)` when empty (which matches nothing, as an empty bind list). */
export function soqlList(values: Iterable<string>): string {
  const items = [...values].map(soqlString);
  return `(${items.length > 0 ? items.join(', ') : 'null'})`;
}

/** An Id argument as Apex deserialises it: 15 or 18 characters, else an exception. */
export function idArg(value: unknown, name: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !isValidId(value))
    throw new ApexException('System.StringException', `Invalid id: ${String(value)} (parameter ${name})`);
  return to18(value) as string;
}

function pathsOf(condition: BoundCondition | undefined, into: BoundPath[]): BoundPath[] {
  if (!condition) return into;
  if (condition.kind === 'test') into.push(condition.path);
  else if (condition.kind === 'not') pathsOf(condition.item, into);
  else for (const item of condition.items) pathsOf(item, into);
  return into;
}

function insufficient(object: string): SaveResult {
  return {
    success: false,
    errors: [dmlError('INSUFFICIENT_ACCESS_OR_READONLY', `insufficient access rights on ${object}`)],
  };
}

export function createContext(org: Org, userId: string): ApexContext {
  const permissions = org.permissions;
  const writeProblem = (object: string, record: Record<string, unknown>, creating: boolean): boolean => {
    const access = permissions.objectAccess(userId, object);
    if (creating ? !access.create : !access.edit) return true;
    // Creating or editing other users needs Manage Users, whatever the field permissions say.
    if (object === 'User' && !permissions.hasUserPermission(userId, 'ManageUsers')) return true;
    return Object.keys(record).some(
      (field) => field !== 'Id' && !permissions.fieldAccess(userId, object, field).editable,
    );
  };
  const ctx: ApexContext = {
    org,
    userId,
    now: () => org.now(),
    checkPermission: (name) => permissions.checkPermission(userId, name),
    query(soql) {
      const bound = bindSoql(parseSoql(soql), org.schema, { now: org.now() });
      const paths = [...bound.fields, ...pathsOf(bound.where, []), ...bound.orderBy.map((o) => o.path)];
      for (const path of paths) {
        path.objects.forEach((object, i) => {
          const field = i < path.via.length ? path.via[i] : path.leaf;
          if (
            !permissions.objectAccess(userId, object.name).read ||
            !permissions.fieldAccess(userId, object.name, field.name).readable
          ) {
            throw new ApexException(
              'System.QueryException',
              `Insufficient permissions: secure query included inaccessible field (${object.name}.${field.name})`,
            );
          }
        });
      }
      return runSoql(bound, {
        rows: org.store.rows(bound.object),
        lookup: (object, id) => {
          const def = org.schema.object(object);
          return def ? org.store.get(def, id) : undefined;
        },
        value: (def, record, field) => org.valueOf(def, record, field),
      }).rows;
    },
    insert(object, records) {
      const results: SaveResult[] = new Array(records.length);
      const allowed: number[] = [];
      records.forEach((r, i) =>
        writeProblem(object, r, true) ? (results[i] = insufficient(object)) : allowed.push(i),
      );
      const saved = org.insertRecords(
        org.def(object),
        allowed.map((i) => records[i]),
        false,
        userId,
      );
      allowed.forEach((index, n) => (results[index] = saved[n]));
      return results;
    },
    update(object, records) {
      const def = org.def(object);
      const results: SaveResult[] = new Array(records.length);
      const allowed: number[] = [];
      records.forEach((r, i) =>
        writeProblem(object, r, false) ? (results[i] = insufficient(object)) : allowed.push(i),
      );
      const saved = org.runDml(
        allowed.map(
          (i) => () =>
            updateOne(org.dmlContext(userId), prepareRecord(def, records[i], ['Id']), records[i].Id),
        ),
        false,
      );
      allowed.forEach((index, n) => (results[index] = saved[n]));
      return results;
    },
    delete(object, ids) {
      const def = org.def(object);
      if (!permissions.objectAccess(userId, object).delete) return ids.map(() => insufficient(object));
      return org.runDml(
        ids.map((id) => () => deleteOne(org.dmlContext(userId), id, def)),
        false,
      );
    },
    publish(event, fields) {
      if (!ctx.canCreate(event)) return insufficient(event);
      return org.insertRecords(org.def(event), [fields], false, userId)[0];
    },
    canCreate: (object) => permissions.objectAccess(userId, object).create,
    enqueueJob(job) {
      const timer = setTimeout(() => {
        try {
          job(createContext(org, userId));
        } catch (error) {
          console.error('Queueable failed:', error instanceof Error ? error.message : error);
        }
      }, QUEUEABLE_DELAY_MS);
      timer.unref();
    },
  };
  return ctx;
}

/** AuraHandledException with the message the admin reads. */
export function auraError(message: string): AuraHandledException {
  return new AuraHandledException(message);
}

/** A Datetime as Lightning serialises it to components: ISO 8601 in UTC. */
export function datetimeOut(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = parseDateTime(value);
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** One @AuraEnabled method: its parameter names, in the Apex order, and what it does. */
export interface ApexMethod {
  params: string[];
  run(ctx: ApexContext, args: Record<string, unknown>): unknown;
}

/** The emulation of one Apex controller: its @AuraEnabled methods by name. */
export interface ApexClassEmulation {
  name: string;
  methods: Record<string, ApexMethod>;
}

/** An Integer or Decimal argument (null when absent), else the TypeException Apex would raise. */
export function numberArg(value: unknown, name: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n))
    throw new ApexException('System.TypeException', `Invalid number for ${name}: ${String(value)}`);
  return n;
}

/** A String argument (null when absent). */
export function stringArg(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
