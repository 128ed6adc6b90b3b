/**
 * Reading Intercom answers: status → failure, JSON or not, the `error.list` envelope
 * (https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting and the OpenAPI
 * description's error examples). Pure functions over HttpResponse, so every shape is unit-tested
 * without a server.
 */
import { z } from 'zod';
import type { HttpResponse } from '../../lib/http-client';
import { err, ok, type Result } from '../../lib/result';
import { IntercomFailure, failure } from './errors';

const errorList = z.object({
  type: z.literal('error.list'),
  errors: z.array(z.object({ code: z.string(), message: z.string().nullish() })).min(1),
});

/** The first `code: message` of an error.list body, if the body is one. */
export function errorListDetail(body: string): { code: string; text: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = errorList.safeParse(json);
  if (!parsed.success) return undefined;
  const [first] = parsed.data.errors;
  return { code: first.code, text: first.message ? `${first.code}: ${first.message}` : first.code };
}

/** The start of a non-JSON body, for messages: HTML error pages say little else that is useful. */
function snippet(body: string): string {
  const title = /<title>([^<]{1,80})<\/title>/i.exec(body)?.[1];
  return title ? `an HTML page ("${title.trim()}")` : JSON.stringify(body.slice(0, 80));
}

/**
 * The JSON of a 2xx answer, or the failure it describes. 401 is the token (revoked, app uninstalled,
 * or missing the "Read admins" permission); other 4xx are the request. 429 and 5xx never
 * reach here: the HttpClient retries them and throws when it gives up.
 */
export function readJson(res: HttpResponse): Result<unknown, IntercomFailure> {
  if (res.status === 401) {
    const d = errorListDetail(res.body);
    return err(failure('INTERCOM_AUTH_FAILED', d?.text ?? `HTTP 401 ${snippet(res.body)}`, { status: 401 }));
  }
  if (res.status < 200 || res.status >= 300) {
    const d = errorListDetail(res.body);
    return err(
      failure('INTERCOM_REQUEST_REJECTED', `HTTP ${res.status} ${d?.text ?? snippet(res.body)}`, {
        status: res.status,
      }),
    );
  }
  try {
    return ok(JSON.parse(res.body) as unknown);
  } catch {
    return err(
      failure('INTERCOM_BAD_RESPONSE', `not JSON (HTTP ${res.status}, ${snippet(res.body)})`, {
        status: res.status,
      }),
    );
  }
}

/** Zod issues as one line: `admins.0.email: Invalid input; …`. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
