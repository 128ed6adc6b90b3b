/**
 * POST /composite (REST API Developer Guide, "Composite"): up to 25 subrequests in one call, later
 * ones able to reference earlier results with @{referenceId.field} (incl. paths like
 * @{q.records[0].Id}). With allOrNone, the first failure rolls every subrequest back and the others
 * answer PROCESSING_HALTED. The whole call counts as one API request.
 */
import { RestError } from './errors';
import { RestContext, RestRequest, RestResponse, flag } from './rest-types';

const MAX_SUBREQUESTS = 25;

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const halted = (message: string) => [{ errorCode: 'PROCESSING_HALTED', message }];

function lookupPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[m[1]];
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(idx[1])];
    }
  }
  return current;
}

/** Replaces @{ref.path} in strings (URLs and body values) with earlier results; throws the missing ref. */
function resolveRefs(value: unknown, results: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    return value.replace(/@\{([^}.[]+)([^}]*)\}/g, (_whole, ref: string, rest: string) => {
      if (!results.has(ref)) throw new Error(ref);
      const resolved = lookupPath(results.get(ref), rest.replace(/^\./, ''));
      if (resolved === undefined || resolved === null) throw new Error(ref);
      return String(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, results));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, resolveRefs(v, results)]),
    );
  }
  return value;
}

export type SubrequestRunner = (sub: {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}) => RestResponse;

export function handleComposite(ctx: RestContext, req: RestRequest, run: SubrequestRunner): RestResponse {
  if (req.method !== 'POST')
    throw new RestError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${req.method}' not allowed. Allowed are POST`,
    );
  const body = (req.body ?? {}) as { allOrNone?: unknown; compositeRequest?: unknown };
  const subs = body.compositeRequest;
  if (!Array.isArray(subs) || subs.length === 0)
    throw new RestError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
  if (subs.length > MAX_SUBREQUESTS) {
    throw new RestError(
      400,
      'INVALID_REQUEST',
      `Too many subrequests: ${subs.length}. The limit is ${MAX_SUBREQUESTS}.`,
    );
  }
  const allOrNone = flag(body.allOrNone);
  const results = new Map<string, unknown>();
  const responses: SubResponse[] = [];
  const execute = (): void => {
    let haltedBy: string | undefined;
    for (const raw of subs as SubRequest[]) {
      if (haltedBy !== undefined) {
        responses.push({
          body: halted(
            'The transaction was rolled back since another operation in the same transaction failed.',
          ),
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId: raw.referenceId,
        });
        continue;
      }
      let response: RestResponse;
      try {
        const url = resolveRefs(raw.url, results) as string;
        const subBody = resolveRefs(raw.body, results);
        try {
          response = run({
            method: String(raw.method).toUpperCase(),
            url,
            body: subBody,
            headers: raw.httpHeaders ?? {},
          });
        } catch (error) {
          if (!(error instanceof RestError)) throw error;
          response = { status: error.status, body: error.body() };
        }
      } catch (error) {
        const ref = error instanceof Error ? error.message : String(error);
        response = {
          status: 400,
          body: halted(
            `Invalid reference specified. No value for ${ref} found in ${raw.referenceId}. Provided referenceId ('${ref}') may not exist or may have failed.`,
          ),
        };
      }
      if (response.status < 300) results.set(raw.referenceId, response.body);
      responses.push({
        body: response.body ?? null,
        httpHeaders: response.headers ?? {},
        httpStatusCode: response.status,
        referenceId: raw.referenceId,
      });
      if (response.status >= 400 && allOrNone) haltedBy = raw.referenceId;
    }
    if (haltedBy !== undefined) {
      // Earlier successes are rolled back too and reported as halted.
      for (const r of responses) {
        if (r.httpStatusCode < 300) {
          r.body = halted(
            'The transaction was rolled back since another operation in the same transaction failed.',
          );
          r.httpStatusCode = 400;
          r.httpHeaders = {};
        }
      }
      throw new RollBack();
    }
  };
  try {
    if (allOrNone) ctx.org.unitOfWork(execute);
    else execute();
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return { status: 200, body: { compositeResponse: responses } };
}

class RollBack extends Error {}
