/**
 * Shapes shared by the REST resource handlers: a request already authenticated and split into path
 * segments after /services/data/vXX.X, and the response to send; and the record shaping they share.
 */
import { RestError, noSuchColumnQueryMessage, type DmlError } from './errors';
import type { Org } from './org';
import type { QueryCursors } from './query';
import type { SRecord } from './records';
import type { FieldDef, ObjectDef } from './schema';

export interface RestRequest {
  method: string;
  /** Path segments after /services/data/vXX.X (URL-decoded). */
  segments: string[];
  /** API version of the URL, e.g. '62.0'. */
  version: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** The authenticated user. */
  userId: string;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RestContext {
  org: Org;
  cursors: QueryCursors;
}

/** `/services/data/v62.0/sobjects/User/005...` */
export function recordUrl(version: string, type: string, id: string): string {
  return `/services/data/v${version}/sobjects/${type}/${id}`;
}

/** DML errors in the REST error shape (`errorCode` instead of `statusCode`). */
export function dmlErrorsBody(
  errors: DmlError[],
): Array<{ message: string; errorCode: string; fields: string[] }> {
  return errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields }));
}

/** Boolean query-string flags as Salesforce reads them ("true"/"false"). */
export function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Fields named in a `fields` list (case-insensitive); an unknown one is 400 INVALID_FIELD. */
export function fieldsNamed(def: ObjectDef, names: string[]): FieldDef[] {
  return names
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => {
      const f = def.fields.get(n.toLowerCase());
      if (!f) throw new RestError(400, 'INVALID_FIELD', noSuchColumnQueryMessage(n, def.name));
      return f;
    });
}

/**
 * A record as the REST API returns it: `attributes`, then every field (or only `fields`, followed by
 * Id, as in the guide's "?fields=" examples).
 */
export function recordBody(
  org: Org,
  def: ObjectDef,
  rec: SRecord,
  version: string,
  fields?: FieldDef[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: def.name, url: recordUrl(version, def.name, rec.Id as string) },
  };
  const list = fields ?? def.fieldOrder.map((n) => def.fields.get(n.toLowerCase()) as FieldDef);
  for (const f of list) out[f.name] = org.valueOf(def, rec, f) ?? null;
  if (fields && !fields.some((f) => f.name === 'Id')) out.Id = rec.Id;
  return out;
}
