/**
 * The GraphQL envelope: `{data, errors[]}` with schema errors at the top level
 * ([code] tock GraphQLResponse) and business errors inside the mutation payload ([doc] UserError).
 * This module extracts one root field and leaves its shape to the caller's schema.
 */
import { z } from 'zod';
import type { HttpResponse } from '../lib/http-client';
import { err, type Result } from '../lib/result';
import { excerpt, parseShape, readJson } from './body';
import { IAdvizeFailure, failure } from './errors';

const envelope = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(z.looseObject({ message: z.string() })).nullish(),
});

const messages = (errors: { message: string }[]) => errors.map((e) => excerpt(e.message, 160)).join('; ');

export function parseGraphqlField<S extends z.ZodType>(
  res: HttpResponse,
  field: string,
  schema: S,
): Result<z.output<S>, IAdvizeFailure> {
  if (res.status === 401)
    return err(failure('IADVIZE_AUTH_FAILED', 'the access token was refused (invalid_token)'));
  if (res.status >= 500) return err(failure('IADVIZE_UNAVAILABLE', `HTTP ${res.status}`, true));
  const json = readJson(res);
  if (!json.ok) return json;
  const body = envelope.safeParse(json.value);
  if (!body.success)
    return err(failure('IADVIZE_BAD_RESPONSE', `not a GraphQL response (HTTP ${res.status})`));
  const { data, errors } = body.data;
  const value = data?.[field];
  if (errors?.length && (value === undefined || value === null)) {
    return err(failure('IADVIZE_REQUEST_REJECTED', `GraphQL errors: ${messages(errors)}`));
  }
  if (res.status !== 200) return err(failure('IADVIZE_REQUEST_REJECTED', `HTTP ${res.status}`));
  if (value === undefined) return err(failure('IADVIZE_BAD_RESPONSE', `no data.${field} in the response`));
  return parseShape(schema, value, `data.${field}`);
}
