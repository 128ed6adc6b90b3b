/**
 * The requests of a push to Zendesk, each with its source: [doc] documented by Zendesk
 * (https://developer.zendesk.com/api-reference/ticketing/users/users/,
 * https://developer.zendesk.com/api-reference/ticketing/users/user_fields/,
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/), [inferred]
 * not, to be checked on a real account.
 */
import type { HttpRequest } from '../../lib/http-client';

/** [doc] bulk endpoints and show_many take "up to 100" users or ids. */
export const BULK_LIMIT = 100;

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

function withBody(
  method: string,
  url: string,
  authorization: string,
  body: unknown,
  idempotent?: boolean,
): HttpRequest {
  return {
    method,
    url,
    headers: { ...JSON_HEADERS, Authorization: authorization },
    body: JSON.stringify(body),
    ...(idempotent !== undefined && { idempotent }),
  };
}

/** [doc] `GET /api/v2/users/show_many?external_ids=a,b` (external ids match in any case). */
export const showManyByExternalIdsUrl = (baseUrl: string, externalIds: readonly string[]): string =>
  `${baseUrl}/api/v2/users/show_many?${new URLSearchParams({ external_ids: externalIds.join(',') })}`;

/** [doc] `GET /api/v2/users/show_many?ids=1,2`. */
export const showManyByIdsUrl = (baseUrl: string, ids: readonly number[]): string =>
  `${baseUrl}/api/v2/users/show_many?ids=${ids.join(',')}`;

/**
 * [doc] `GET /api/v2/users/search?query=…` (100 a page, offset only). [inferred] `email:"…"` narrows the
 * query to the email property; the answer is still matched exactly by the caller.
 */
export const searchByEmailUrl = (baseUrl: string, email: string): string =>
  `${baseUrl}/api/v2/users/search?${new URLSearchParams({ query: `email:"${email}"` })}`;

/** [doc] `GET /api/v2/user_fields` with cursor pagination. */
export const userFieldsUrl = (baseUrl: string): string => `${baseUrl}/api/v2/user_fields?page[size]=100`;

/** [doc] `POST /api/v2/user_fields` `{user_field:{type, key, title, …}}` (admins). */
export const createUserFieldRequest = (baseUrl: string, authorization: string, field: unknown): HttpRequest =>
  withBody('POST', `${baseUrl}/api/v2/user_fields`, authorization, { user_field: field });

/** [doc] `PUT /api/v2/users/update_many` with a batch `{users:[{id, …}]}`: a job. */
export const updateManyRequest = (baseUrl: string, authorization: string, users: unknown[]): HttpRequest =>
  withBody('PUT', `${baseUrl}/api/v2/users/update_many`, authorization, { users });

/**
 * [doc] `POST /api/v2/users/create_or_update_many` `{users:[…]}`: a job; 403 when bulk imports are not
 * enabled. Repeating it after a lost answer is harmless: every user is found again by its email or
 * external id, so it is marked idempotent.
 */
export const createOrUpdateManyRequest = (
  baseUrl: string,
  authorization: string,
  users: unknown[],
): HttpRequest =>
  withBody('POST', `${baseUrl}/api/v2/users/create_or_update_many`, authorization, { users }, true);

/**
 * [doc] `POST /api/v2/users/create_or_update` `{user:{…}}`: 201 created, 200 updated; 5 writes of one
 * user a minute (`Zendesk-RateLimit-create-update-user`). Idempotent for the same reason.
 */
export const createOrUpdateRequest = (baseUrl: string, authorization: string, user: unknown): HttpRequest =>
  withBody('POST', `${baseUrl}/api/v2/users/create_or_update`, authorization, { user }, true);

/** [doc] `GET /api/v2/job_statuses/show_many?ids=a,b`: several jobs in one call. */
export const jobStatusesUrl = (baseUrl: string, ids: readonly string[]): string =>
  `${baseUrl}/api/v2/job_statuses/show_many?ids=${ids.map(encodeURIComponent).join(',')}`;

/** [doc] the per-user limit header of create_or_update. */
export const CREATE_UPDATE_USER_LIMIT_HEADER = 'zendesk-ratelimit-create-update-user';
