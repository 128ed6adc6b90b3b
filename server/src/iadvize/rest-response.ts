/**
 * REST v2 answers. [doc] every body is `{meta:{status, message?}, data?,
 * pagination?}` with status `success` | `fail` | `error`; Forbidden is an `error`; an unknown id is a
 * `fail` with "Unknown 'operator' with 'id' 456.". [inferred] HTTP codes are undocumented, so
 * `meta.status` decides and the HTTP status only refines the message.
 */
import { z } from 'zod';
import type { HttpResponse } from '../lib/http-client';
import { err, ok, type Result } from '../lib/result';
import { parseShape, readJson } from './body';
import { IAdvizeFailure, failure } from './errors';
import { legacyId } from './graphql-payloads';
import type { Operator } from './types';

const envelope = z.object({
  meta: z.object({ status: z.enum(['success', 'fail', 'error']), message: z.string().nullish() }),
  data: z.unknown().optional(),
  pagination: z
    .object({
      page: z.coerce.number().int(),
      pages: z.coerce.number().int(),
      limit: z.coerce.number().int(),
      count: z.coerce.number().int(),
    })
    .optional(),
});

export type Pagination = NonNullable<z.infer<typeof envelope>['pagination']>;

export type RestFailure =
  { kind: 'unknown_id'; message: string } | { kind: 'failure'; failure: IAdvizeFailure };

const UNKNOWN_ID = /^Unknown '[^']+' with 'id'/i;
const asFailure = (f: IAdvizeFailure): RestFailure => ({ kind: 'failure', failure: f });

export function parseRestResponse<S extends z.ZodType>(
  res: HttpResponse,
  dataSchema: S,
): Result<{ data: z.output<S>; pagination?: Pagination }, RestFailure> {
  if (res.status >= 500) return err(asFailure(failure('IADVIZE_UNAVAILABLE', `HTTP ${res.status}`, true)));
  const json = readJson(res);
  if (!json.ok) return err(asFailure(json.error));
  const body = envelope.safeParse(json.value);
  if (!body.success)
    return err(asFailure(failure('IADVIZE_BAD_RESPONSE', `not a REST v2 response (HTTP ${res.status})`)));
  const { meta } = body.data;
  const message = meta.message ?? `HTTP ${res.status}`;
  if (meta.status === 'error') {
    const forbidden = res.status === 401 || res.status === 403 || /forbidden/i.test(message);
    return err(
      asFailure(failure(forbidden ? 'IADVIZE_REST_KEY_REFUSED' : 'IADVIZE_REQUEST_REJECTED', message)),
    );
  }
  if (meta.status === 'fail') {
    if (UNKNOWN_ID.test(message)) return err({ kind: 'unknown_id', message });
    return err(asFailure(failure('IADVIZE_REQUEST_REJECTED', message)));
  }
  const data = parseShape(dataSchema, body.data.data, 'data');
  if (!data.ok) return err(asFailure(data.error));
  return ok({ data: data.value, pagination: body.data.pagination });
}

const optionalText = z
  .string()
  .nullish()
  .transform((s) => (s ? s : undefined));

/** [doc] operator fields; `name` is the last name ([inferred]: `first_name` is separate). */
export const restOperator = z
  .object({
    id: legacyId,
    email: z
      .string()
      .nullish()
      .transform((s) => s ?? ''),
    first_name: optionalText,
    name: z.string().nullish(),
    pseudo: optionalText,
    external_id: optionalText,
    sso_key: optionalText,
  })
  .transform((o): Operator => ({
    id: o.id,
    email: o.email,
    firstName: o.first_name,
    lastName: o.name ?? '',
    pseudo: o.pseudo,
    ssoKey: o.sso_key,
    externalId: o.external_id,
  }));

export const restOperatorList = z.array(restOperator);
