/**
 * DML: insert, update, upsert and delete with Salesforce's save rules, shared by REST, sObject
 * Collections, composite requests and the sandbox's own org.insert/update.
 *
 * Order of a save (simplified Salesforce order of execution): field-level checks (read-only fields,
 * types, lengths, restricted picklists) -> system and default values -> before triggers -> required
 * fields -> references -> uniqueness -> licence check -> write -> after triggers (events queued, published
 * after commit).
 *
 * Messages: "Required fields are missing: [X]", "<Label>: data value too large: <v> (max length=N)",
 * "<Label>: bad value for restricted picklist field: <v>", "duplicate value found: <Field> duplicates value on
 * record with id: <15-char id>", "Unable to create/update fields: X. Please check the security settings..."
 * are Salesforce's own, as quoted in many public integration test suites and logs.
 */
import { DmlError, RestError, dmlError, noSuchColumnDml, notFound } from './errors';
import { IdAllocator, keyPrefixOf, to15, to18 } from './ids';
import { RecordStore, SRecord } from './records';
import { FieldDef, ObjectDef, Schema } from './schema';
import { formatDateTime, normalizeValue } from './values';

/** A save result, as in sObject Collections responses. */
export interface SaveResult {
  id?: string;
  success: boolean;
  errors: DmlError[];
  created?: boolean;
}

/** An event to publish once the surrounding transaction commits. */
export interface PendingEvent {
  def: ObjectDef;
  fields: Record<string, unknown>;
  createdById: string;
  /** For a platform event inserted directly: the SaveResult that reports its publication. */
  result?: SaveResult;
}

/** Per-object behaviour beyond the generic rules (derived fields, triggers, licence checks). */
export interface ObjectBehaviour {
  /** Before triggers and derived fields; may change `current`; may return events to publish after the save. */
  beforeSave?(
    current: SRecord,
    previous: SRecord | undefined,
    ctx: DmlContext,
  ): { afterSave?: (saved: SRecord) => PendingEvent[] } | void;
  /** Extra validation run just before the write. */
  validate?(current: SRecord, previous: SRecord | undefined, ctx: DmlContext): DmlError | undefined;
}

export interface DmlContext {
  schema: Schema;
  store: RecordStore;
  ids: IdAllocator;
  now(): number;
  /** The running user (CreatedById / LastModifiedById). */
  userId: string;
  behaviours: Record<string, ObjectBehaviour>;
  /** Numbers for auto-number fields, by Object.Field. */
  autoNumbers: Map<string, number>;
}

/** A record body with field names resolved and unknown fields rejected (a request-level error). */
export interface PreparedRecord {
  def: ObjectDef;
  /** Canonical field name -> value as sent. */
  values: Map<string, unknown>;
  /** Fields the caller sent (canonical), for read-only checks. */
  sent: FieldDef[];
}

const IGNORED_KEYS = new Set(['attributes']);

/** Resolves the object or throws NOT_FOUND (the REST answer for an unknown sObject in a URL). */
export function objectOrNotFound(schema: Schema, name: string): ObjectDef {
  const def = schema.object(name);
  if (!def) throw notFound();
  return def;
}

/**
 * Resolves field names case-insensitively. Unknown fields fail the whole request:
 * 400 INVALID_FIELD "No such column 'X' on sobject of type Y". `skip` names keys handled elsewhere.
 */
export function prepareRecord(def: ObjectDef, body: unknown, skip: string[] = []): PreparedRecord {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RestError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${def.name} from ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE_STRING'} value`,
    );
  }
  const values = new Map<string, unknown>();
  const sent: FieldDef[] = [];
  const skipped = new Set(skip.map((s) => s.toLowerCase()));
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (IGNORED_KEYS.has(key) || skipped.has(key.toLowerCase())) continue;
    const field = def.fields.get(key.toLowerCase());
    if (!field) throw noSuchColumnDml(key, def.name);
    values.set(field.name, value);
    sent.push(field);
  }
  return { def, values, sent };
}

function readOnlyError(fields: FieldDef[]): DmlError {
  const names = fields.map((f) => f.name);
  return dmlError(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    names,
  );
}

/** Applies the sent values onto `target`; returns the per-field errors. */
function applyValues(ctx: DmlContext, rec: PreparedRecord, target: SRecord, insert: boolean): DmlError[] {
  const errors: DmlError[] = [];
  if (insert && rec.values.has('Id')) {
    errors.push(dmlError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']));
  }
  const readOnly = rec.sent.filter((f) => f.name !== 'Id' && (insert ? !f.createable : !f.updateable));
  if (readOnly.length > 0) errors.push(readOnlyError(readOnly));
  for (const f of rec.sent) {
    if (f.name === 'Id' || readOnly.includes(f)) continue;
    const normalized = normalizeValue(ctx.schema, f, rec.values.get(f.name));
    if ('error' in normalized) errors.push(normalized.error);
    else target[f.name] = normalized.value;
  }
  return errors;
}

function defaultsFor(ctx: DmlContext, def: ObjectDef, record: SRecord): void {
  for (const name of def.fieldOrder) {
    const f = def.fields.get(name.toLowerCase()) as FieldDef;
    if (record[name] !== undefined) continue;
    if (f.autoNumber) {
      const key = `${def.name}.${f.name}`;
      const n = (ctx.autoNumbers.get(key) ?? 0) + 1;
      ctx.autoNumbers.set(key, n);
      record[name] = formatAutoNumber(typeof f.defaultValue === 'string' ? f.defaultValue : '{0}', n);
    } else if (f.defaultValue !== undefined && !f.calculated) record[name] = f.defaultValue;
    else record[name] = f.type === 'boolean' ? false : null;
  }
}

function formatAutoNumber(format: string, n: number): string {
  return format.replace(/\{(0+)\}/, (_, zeros: string) => String(n).padStart(zeros.length, '0'));
}

function requiredMissing(def: ObjectDef, record: SRecord): DmlError | undefined {
  const missing = def.fieldOrder.filter((name) => {
    const f = def.fields.get(name.toLowerCase()) as FieldDef;
    return f.required && !f.calculated && (record[name] === null || record[name] === undefined);
  });
  return missing.length > 0
    ? dmlError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing)
    : undefined;
}

function referenceErrors(
  ctx: DmlContext,
  def: ObjectDef,
  record: SRecord,
  previous: SRecord | undefined,
): DmlError[] {
  const errors: DmlError[] = [];
  for (const f of def.fields.values()) {
    if (f.type !== 'reference') continue;
    const id = record[f.name];
    if (typeof id !== 'string' || (previous && previous[f.name] === id)) continue;
    const target = ctx.schema.byKeyPrefix(keyPrefixOf(id));
    if (!target || !ctx.store.get(target, id)) {
      errors.push(dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [f.name]));
    }
  }
  return errors;
}

function uniquenessErrors(ctx: DmlContext, def: ObjectDef, record: SRecord): DmlError[] {
  const errors: DmlError[] = [];
  for (const f of def.fields.values()) {
    if (!f.unique || f.type === 'id') continue;
    const other = ctx.store.findBy(def, f, record[f.name]).find((id) => id !== record.Id);
    if (!other) continue;
    if (f.duplicateError)
      errors.push(dmlError(f.duplicateError.statusCode, f.duplicateError.message, [f.name]));
    // Salesforce names the API field and the other record's 15-char id, and leaves `fields` empty.
    else
      errors.push(
        dmlError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${to15(other)}`,
          [],
        ),
      );
  }
  return errors;
}

export interface SaveOutcome {
  result: SaveResult;
  events: PendingEvent[];
  /** A record was created (so a rollback must not report its id). */
  inserted?: boolean;
}

const failure = (errors: DmlError[], id?: string): SaveOutcome => ({
  result: id ? { id, success: false, errors } : { success: false, errors },
  events: [],
});

/** Inserts one prepared record (a platform event object queues its own publication instead). */
export function insertOne(ctx: DmlContext, rec: PreparedRecord): SaveOutcome {
  const def = rec.def;
  if (!def.createable) {
    return failure([dmlError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be inserted: ${def.label}`)]);
  }
  const record: SRecord = {};
  const errors = applyValues(ctx, rec, record, true);
  if (errors.length > 0) return failure(errors);
  if (def.kind === 'event') {
    const missing = requiredMissing(def, record);
    if (missing) return failure([missing]);
    const result: SaveResult = { success: true, errors: [] };
    return { result, events: [{ def, fields: record, createdById: ctx.userId, result }] };
  }
  const id = ctx.ids.allocate(def.keyPrefix);
  const now = formatDateTime(ctx.now());
  Object.assign(record, {
    Id: id,
    CreatedDate: now,
    CreatedById: ctx.userId,
    LastModifiedDate: now,
    LastModifiedById: ctx.userId,
    SystemModstamp: now,
  });
  if (def.fields.has('ownerid') && record.OwnerId === undefined) record.OwnerId = ctx.userId;
  if (def.fields.has('isdeleted')) record.IsDeleted = false;
  defaultsFor(ctx, def, record);
  // Through the API a custom object's Name defaults to the record id.
  if (def.kind === 'custom' && record.Name === null) record.Name = id;
  return { ...save(ctx, def, record, undefined), inserted: true };
}

/** Updates one record by id with the prepared values. */
/** The failure for an id with no live record: in the recycle bin, or never there. */
function missingRecord(ctx: DmlContext, def: ObjectDef, id: string): SaveOutcome {
  if (ctx.store.getDeleted(def, id)) return failure([dmlError('ENTITY_IS_DELETED', 'entity is deleted')], id);
  return failure([dmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')], id);
}

export function updateOne(ctx: DmlContext, rec: PreparedRecord, rawId: unknown): SaveOutcome {
  const def = rec.def;
  const id = typeof rawId === 'string' ? to18(rawId) : undefined;
  if (!id || keyPrefixOf(id) !== def.keyPrefix) {
    return failure([
      dmlError('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${String(rawId)}`, ['Id']),
    ]);
  }
  if (!def.updateable)
    return failure(
      [dmlError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be updated: ${def.label}`)],
      id,
    );
  const previous = ctx.store.get(def, id);
  if (!previous) return missingRecord(ctx, def, id);
  const record: SRecord = { ...previous };
  const errors = applyValues(ctx, rec, record, false);
  if (errors.length > 0) return failure(errors, id);
  const now = formatDateTime(ctx.now());
  Object.assign(record, { LastModifiedDate: now, LastModifiedById: ctx.userId, SystemModstamp: now });
  return save(ctx, def, record, previous);
}

function save(ctx: DmlContext, def: ObjectDef, record: SRecord, previous: SRecord | undefined): SaveOutcome {
  const behaviour = ctx.behaviours[def.name];
  const hooks = behaviour?.beforeSave?.(record, previous, ctx) ?? undefined;
  const missing = requiredMissing(def, record);
  const errors = [
    ...(missing ? [missing] : []),
    ...referenceErrors(ctx, def, record, previous),
    ...uniquenessErrors(ctx, def, record),
  ];
  const extra = errors.length === 0 ? behaviour?.validate?.(record, previous, ctx) : undefined;
  if (extra) errors.push(extra);
  if (errors.length > 0) return failure(errors, previous ? (record.Id as string) : undefined);
  ctx.store.put(def, record);
  const events = hooks && hooks.afterSave ? hooks.afterSave(record) : [];
  return { result: { id: record.Id as string, success: true, errors: [] }, events };
}

/** Deletes one record by id (to the recycle bin). */
export function deleteOne(ctx: DmlContext, rawId: unknown, expected?: ObjectDef): SaveOutcome {
  const id = typeof rawId === 'string' ? to18(rawId) : undefined;
  const def = id ? ctx.schema.byKeyPrefix(keyPrefixOf(id)) : undefined;
  if (!id || !def || (expected && expected !== def)) {
    return failure([dmlError('MALFORMED_ID', `bad id ${String(rawId)}`)]);
  }
  if (!def.deletable)
    return failure(
      [dmlError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be deleted: ${def.label}`)],
      id,
    );
  const previous = ctx.store.get(def, id);
  if (!previous) return missingRecord(ctx, def, id);
  const now = formatDateTime(ctx.now());
  ctx.store.remove(def, id, { ...previous, IsDeleted: true, LastModifiedDate: now, SystemModstamp: now });
  return { result: { id, success: true, errors: [] }, events: [] };
}

/**
 * Upserts one record by an external id field (or Id): no match inserts (the external id value is
 * kept), one match updates, several matches fail.
 */
export function upsertOne(
  ctx: DmlContext,
  rec: PreparedRecord,
  extField: FieldDef,
  extValue: unknown,
): SaveOutcome {
  const def = rec.def;
  const matches =
    extValue === null || extValue === undefined || extValue === ''
      ? []
      : ctx.store.findBy(def, extField, extValue);
  if (matches.length > 1) {
    return failure([
      dmlError(
        'DUPLICATE_EXTERNAL_ID',
        `${extField.label}: more than one record found for external id field: [${matches.join(', ')}]`,
        [extField.name],
      ),
    ]);
  }
  if (matches.length === 1) {
    const outcome = updateOne(ctx, rec, matches[0]);
    if (outcome.result.success) outcome.result.created = false;
    return outcome;
  }
  if (extField.type !== 'id') rec.values.set(extField.name, extValue);
  if (extField.type !== 'id' && !rec.sent.includes(extField)) rec.sent.push(extField);
  if (extField.type === 'id' && extValue) {
    return failure([
      dmlError('NOT_FOUND', 'Provided external ID field does not exist or is not accessible: Id'),
    ]);
  }
  const outcome = insertOne(ctx, rec);
  if (outcome.result.success) outcome.result.created = true;
  return outcome;
}

/** The field an upsert/GET URL may use: Id or an external id / idLookup field, else 404 as Salesforce. */
export function externalIdField(def: ObjectDef, name: string): FieldDef {
  const f = def.fields.get(name.toLowerCase());
  if (!f || !(f.type === 'id' || f.externalId || f.idLookup)) {
    throw new RestError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${name}`,
    );
  }
  return f;
}
