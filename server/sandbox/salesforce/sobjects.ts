/**
 * sObject resources (REST API Developer Guide, "sObject Basic Information", "sObject Rows",
 * "sObject Rows by External ID"):
 *   GET  /sobjects/{Obj}                  basic information       POST /sobjects/{Obj}  create (201)
 *   GET  /sobjects/{Obj}/describe
 *   GET|PATCH|DELETE /sobjects/{Obj}/{id}  (GET ?fields=a,b; PATCH 204; DELETE 204)
 *   GET|PATCH|DELETE /sobjects/{Obj}/{ExtIdField}/{value}  (PATCH upserts: 201 created, 200 updated
 *   with `created: false` from API 46.0 (204 before), 300 with the matching URLs when several match)
 * Publishing a platform event is a create on /sobjects/{Name}__e.
 */
import { RestError, methodNotAllowed, notFound } from './errors';
import {
  deleteOne,
  externalIdField,
  insertOne,
  objectOrNotFound,
  prepareRecord,
  updateOne,
  upsertOne,
  SaveResult,
} from './dml';
import { describeObject, objectSummary } from './describe';
import { keyPrefixOf, to18 } from './ids';
import { FieldDef, ObjectDef } from './schema';
import {
  RestContext,
  RestRequest,
  RestResponse,
  dmlErrorsBody,
  fieldsNamed,
  recordBody,
  recordUrl,
} from './rest-types';

function requestedFields(def: ObjectDef, param: string | undefined): FieldDef[] | undefined {
  return param ? fieldsNamed(def, param.split(',')) : undefined;
}

/** A single-record DML result as the REST API answers it: the errors with status 400 (404 when missing). */
function failed(result: SaveResult): RestResponse {
  const code = result.errors[0]?.statusCode;
  if (code === 'INVALID_CROSS_REFERENCE_KEY' && result.errors[0].fields.length === 0) throw notFound();
  const status = code === 'ENTITY_IS_DELETED' ? 404 : 400;
  return { status, body: dmlErrorsBody(result.errors) };
}

/** Resolves the id segment of /sobjects/{Obj}/{id}: a malformed or foreign id reads as an unknown external id field. */
function recordId(def: ObjectDef, segment: string): string {
  const id = to18(segment);
  if (!id || keyPrefixOf(id) !== def.keyPrefix) {
    throw new RestError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${segment}`,
    );
  }
  return id;
}

function create(ctx: RestContext, req: RestRequest, def: ObjectDef): RestResponse {
  const [result] = ctx.org.runDml(
    [() => insertOne(ctx.org.dmlContext(req.userId), prepareRecord(def, req.body))],
    false,
  );
  return result.success ? { status: 201, body: result } : failed(result);
}

function row(ctx: RestContext, req: RestRequest, def: ObjectDef, segment: string): RestResponse {
  if (def.kind === 'event') throw notFound();
  const id = recordId(def, segment);
  switch (req.method) {
    case 'GET':
    case 'HEAD': {
      const rec = ctx.org.store.get(def, id);
      if (!rec) {
        if (ctx.org.store.getDeleted(def, id))
          throw new RestError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
        throw notFound();
      }
      return {
        status: 200,
        body: recordBody(ctx.org, def, rec, req.version, requestedFields(def, req.query.fields)),
      };
    }
    case 'PATCH': {
      const [result] = ctx.org.runDml(
        [() => updateOne(ctx.org.dmlContext(req.userId), prepareRecord(def, req.body, ['Id']), id)],
        false,
      );
      return result.success ? { status: 204 } : failed(result);
    }
    case 'DELETE': {
      if (!def.deletable) throw methodNotAllowed('DELETE', ['GET', 'HEAD', 'PATCH']);
      const [result] = ctx.org.runDml([() => deleteOne(ctx.org.dmlContext(req.userId), id, def)], false);
      return result.success ? { status: 204 } : failed(result);
    }
    default:
      throw methodNotAllowed(req.method, ['GET', 'HEAD', 'PATCH', 'DELETE']);
  }
}

function multipleChoices(req: RestRequest, def: ObjectDef, ids: string[]): RestResponse {
  return { status: 300, body: ids.map((id) => recordUrl(req.version, def.name, id)) };
}

function byExternalId(
  ctx: RestContext,
  req: RestRequest,
  def: ObjectDef,
  fieldName: string,
  value: string,
): RestResponse {
  const field = externalIdField(def, fieldName);
  if (field.type === 'id') return row(ctx, req, def, value);
  const matches = ctx.org.store.findBy(def, field, value);
  switch (req.method) {
    case 'GET':
    case 'HEAD': {
      if (matches.length > 1) return multipleChoices(req, def, matches);
      const rec = matches[0] ? ctx.org.store.get(def, matches[0]) : undefined;
      if (!rec) throw notFound();
      return {
        status: 200,
        body: recordBody(ctx.org, def, rec, req.version, requestedFields(def, req.query.fields)),
      };
    }
    case 'PATCH': {
      if (matches.length > 1) return multipleChoices(req, def, matches);
      const rec = prepareRecord(def, req.body, [field.name]);
      const [result] = ctx.org.runDml(
        [() => upsertOne(ctx.org.dmlContext(req.userId), rec, field, value)],
        false,
      );
      if (!result.success) return failed(result);
      if (result.created)
        return { status: 201, body: { id: result.id, success: true, errors: [], created: true } };
      // Before API 46.0 an upsert that updates answers 204 No Content.
      if (Number(req.version) < 46) return { status: 204 };
      return { status: 200, body: { id: result.id, success: true, errors: [], created: false } };
    }
    case 'DELETE': {
      if (matches.length > 1) return multipleChoices(req, def, matches);
      if (matches.length === 0) throw notFound();
      return row(ctx, { ...req }, def, matches[0]);
    }
    default:
      throw methodNotAllowed(req.method, ['GET', 'HEAD', 'PATCH', 'DELETE']);
  }
}

/** Routes /sobjects[/...]. */
export function handleSObjects(ctx: RestContext, req: RestRequest): RestResponse {
  const [, type, third, fourth, ...rest] = req.segments;
  if (rest.length > 0) throw notFound();
  const def = objectOrNotFound(ctx.org.schema, type);
  if (third === undefined) {
    if (req.method === 'GET')
      return { status: 200, body: { objectDescribe: objectSummary(def, req.version), recentItems: [] } };
    if (req.method === 'POST') return create(ctx, req, def);
    throw methodNotAllowed(req.method, ['GET', 'HEAD', 'POST']);
  }
  if (fourth === undefined) {
    if (third === 'describe') {
      if (req.method !== 'GET') throw methodNotAllowed(req.method, ['GET', 'HEAD']);
      return { status: 200, body: describeObject(def, req.version) };
    }
    return row(ctx, req, def, third);
  }
  return byExternalId(ctx, req, def, third, fourth);
}
