/**
 * sObject Collections (REST API Developer Guide, "sObject Collections"):
 *   POST   /composite/sobjects                      create, each record with attributes.type
 *   PATCH  /composite/sobjects                      update by id
 *   PATCH  /composite/sobjects/{Obj}/{ExtIdField}    upsert (API 46.0+), result items carry `created`
 *   GET    /composite/sobjects/{Obj}?ids=&fields=    retrieve (also POST with {ids, fields})
 *   DELETE /composite/sobjects?ids=&allOrNone=        delete
 * At most 200 records per write (more: 400 EXCEEDED_ID_LIMIT, "record limit reached. cannot submit more
 * than 200 records into this call"), 2,000 ids per retrieve. Results come back in request order;
 * allOrNone rolls every record back when one fails. One call counts as one API request.
 *
 * The >200 message is the platform's (seen e.g. in sorenkrabbe/Chrome-Salesforce-inspector#134); that REST
 * collections return it as a top-level 400 is inferred. ALL_OR_NONE_OPERATION_ROLLED_BACK wording: REST API
 * Developer Guide collection examples.
 */
import { RestError, dmlError, methodNotAllowed, notFound } from './errors';
import {
  SaveOutcome,
  deleteOne,
  externalIdField,
  insertOne,
  prepareRecord,
  updateOne,
  upsertOne,
} from './dml';
import { indexKey as indexKeyOf } from './records';
import { ObjectDef } from './schema';
import { RestContext, RestRequest, RestResponse, fieldsNamed, flag, recordBody } from './rest-types';

const MAX_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;

const tooMany = () =>
  new RestError(
    400,
    'EXCEEDED_ID_LIMIT',
    'record limit reached. cannot submit more than 200 records into this call',
  );

interface WriteBody {
  allOrNone: boolean;
  records: Record<string, unknown>[];
}

function writeBody(body: unknown): WriteBody {
  const b = (body ?? {}) as { allOrNone?: unknown; records?: unknown };
  if (!Array.isArray(b.records))
    throw new RestError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of list from records');
  if (b.records.length > MAX_RECORDS) throw tooMany();
  return { allOrNone: flag(b.allOrNone), records: b.records as Record<string, unknown>[] };
}

function typeOf(ctx: RestContext, record: Record<string, unknown>): ObjectDef {
  const type = (record.attributes as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || type === '') {
    throw new RestError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  }
  const def = ctx.org.schema.object(type);
  if (!def) throw new RestError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return def;
}

function idOf(record: Record<string, unknown>): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === 'id');
  return key === undefined ? undefined : record[key];
}

function create(ctx: RestContext, req: RestRequest): RestResponse {
  const { allOrNone, records } = writeBody(req.body);
  // Request-level problems (unknown type or field, bad JSON types) fail the whole call before any save.
  const prepared = records.map((r) => prepareRecord(typeOf(ctx, r), r));
  const results = ctx.org.runDml(
    prepared.map((p) => () => insertOne(ctx.org.dmlContext(req.userId), p)),
    allOrNone,
  );
  return { status: 200, body: results };
}

function update(ctx: RestContext, req: RestRequest): RestResponse {
  const { allOrNone, records } = writeBody(req.body);
  const prepared = records.map((r) => ({ id: idOf(r), rec: prepareRecord(typeOf(ctx, r), r, ['id']) }));
  const results = ctx.org.runDml(
    prepared.map(({ id, rec }) => (): SaveOutcome => {
      if (id === undefined || id === null || id === '') {
        return {
          result: {
            success: false,
            errors: [dmlError('MISSING_ARGUMENT', 'Id not specified in an update call')],
          },
          events: [],
        };
      }
      return updateOne(ctx.org.dmlContext(req.userId), rec, id);
    }),
    allOrNone,
  );
  return { status: 200, body: results };
}

function upsert(ctx: RestContext, req: RestRequest, def: ObjectDef, extName: string): RestResponse {
  const extField = externalIdField(def, extName);
  const { allOrNone, records } = writeBody(req.body);
  const prepared = records.map((r) => {
    const type = typeOf(ctx, r);
    if (type !== def)
      throw new RestError(400, 'INVALID_TYPE', `Collection upsert accepts records of type ${def.name} only.`);
    const key = Object.keys(r).find((k) => k.toLowerCase() === extField.name.toLowerCase());
    return { value: key === undefined ? undefined : r[key], rec: prepareRecord(def, r, [extField.name]) };
  });
  // The same external id twice in one request fails every record that carries it [inferred wording].
  const seen = new Map<string, number>();
  for (const p of prepared) {
    const k = indexKeyOf(extField, p.value);
    if (k !== undefined) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const results = ctx.org.runDml(
    prepared.map(({ value, rec }) => (): SaveOutcome => {
      const k = indexKeyOf(extField, value);
      if (value === undefined || value === null || value === '') {
        return {
          result: {
            success: false,
            errors: [dmlError('MISSING_ARGUMENT', `${extField.name} not specified`, [extField.name])],
          },
          events: [],
        };
      }
      if (k !== undefined && (seen.get(k) ?? 0) > 1) {
        return {
          result: {
            success: false,
            errors: [
              dmlError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(value)}`, [
                extField.name,
              ]),
            ],
          },
          events: [],
        };
      }
      return upsertOne(ctx.org.dmlContext(req.userId), rec, extField, value);
    }),
    allOrNone,
  );
  return { status: 200, body: results };
}

function retrieve(ctx: RestContext, req: RestRequest, def: ObjectDef): RestResponse {
  const body = (req.body ?? {}) as { ids?: unknown; fields?: unknown };
  const ids =
    req.method === 'GET'
      ? (req.query.ids ?? '').split(',').filter(Boolean)
      : Array.isArray(body.ids)
        ? body.ids.map(String)
        : [];
  const fieldNames =
    req.method === 'GET'
      ? (req.query.fields ?? '').split(',').filter(Boolean)
      : Array.isArray(body.fields)
        ? body.fields.map(String)
        : [];
  if (ids.length > MAX_RETRIEVE_IDS)
    throw new RestError(
      400,
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 2000 records into this call',
    );
  if (fieldNames.length === 0)
    throw new RestError(400, 'MALFORMED_QUERY', "The 'fields' parameter is required.");
  const fields = fieldsNamed(def, fieldNames);
  // An id that is invalid or matches nothing reads as null.
  const records = ids.map((id) => {
    const rec = ctx.org.store.get(def, id);
    return rec ? recordBody(ctx.org, def, rec, req.version, fields) : null;
  });
  return { status: 200, body: records };
}

function remove(ctx: RestContext, req: RestRequest): RestResponse {
  const ids = (req.query.ids ?? '').split(',').filter(Boolean);
  if (ids.length > MAX_RECORDS) throw tooMany();
  const results = ctx.org.runDml(
    ids.map((id) => () => deleteOne(ctx.org.dmlContext(req.userId), id)),
    flag(req.query.allOrNone),
  );
  return { status: 200, body: results };
}

/** Routes /composite/sobjects[/...]. `segments` starts after 'composite'. */
export function handleCollections(ctx: RestContext, req: RestRequest, segments: string[]): RestResponse {
  if (segments.length === 1) {
    switch (req.method) {
      case 'POST':
        return create(ctx, req);
      case 'PATCH':
        return update(ctx, req);
      case 'DELETE':
        return remove(ctx, req);
      default:
        throw methodNotAllowed(req.method, ['DELETE', 'PATCH', 'POST']);
    }
  }
  const def = ctx.org.schema.object(segments[1]);
  if (!def) throw notFound();
  if (segments.length === 2) {
    if (req.method === 'GET' || req.method === 'POST') return retrieve(ctx, req, def);
    throw methodNotAllowed(req.method, ['GET', 'POST']);
  }
  if (segments.length === 3) {
    if (req.method === 'PATCH') return upsert(ctx, req, def, segments[2]);
    throw methodNotAllowed(req.method, ['PATCH']);
  }
  throw notFound();
}
