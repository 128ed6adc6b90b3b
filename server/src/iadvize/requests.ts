/**
 * Every request the companion sends to iAdvize, in one place, each with its source. [doc] is
 * documented by iAdvize, [inferred] is not and must be checked on a real tenant. Sources:
 * - GraphQL and its token: https://docs.iadvize.dev/technologies/graphql-api/authentication and
 *   https://docs.iadvize.dev/technologies/graphql-api/guides/managing-iadvize-api-access-tokens
 * - GraphQL types: https://graphql.iadvize.dev/types/ProfessionalCreateInput and
 *   https://graphql.iadvize.dev/types/Professional
 * - REST v2: https://github.com/iadvize/documentation/blob/master/docs/rest-api.md
 * - The SSO key: https://help.iadvize.com/hc/en-gb/articles/360020856819
 */
import type { HttpRequest } from '../lib/http-client';
import type { IAdvizeRole } from './types';

/** [doc] token endpoint and GraphQL share this host. */
export const DEFAULT_GRAPHQL_BASE_URL = 'https://api.iadvize.com';
/** [doc] REST v2 on the standard ("sd") or high-availability ("ha") platform. */
export const REST_BASE_URLS = {
  sd: 'https://sd.iadvize.com/api/2',
  ha: 'https://ha.iadvize.com/api/2',
} as const;
/** [doc] "maximum possible value is 100". */
export const REST_MAX_LIMIT = 100;

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

// ---- authentication ---------------------------------------------------------------------------------

/**
 * [doc] `POST /oauth2/token`, form-encoded `username`, `password`, `grant_type=password` (the
 * only grant). The reply's token lasts 24 h; there is no refresh grant, so the client logs in again.
 */
export function tokenRequest(
  baseUrl: string,
  credentials: { username: string; password: string },
): HttpRequest {
  return {
    method: 'POST',
    url: `${baseUrl}/oauth2/token`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      username: credentials.username,
      password: credentials.password,
      grant_type: 'password',
    }).toString(),
  };
}

// ---- GraphQL ----------------------------------------------------------------------------------------

/**
 * [doc] `POST https://api.iadvize.com/graphql`, `?platform=sd` for SD-platform tenants, token as
 * `Authorization: Bearer` (not the undocumented `?access_token=`).
 */
export function graphqlUrl(baseUrl: string, sdPlatform: boolean): string {
  return `${baseUrl}/graphql${sdPlatform ? '?platform=sd' : ''}`;
}

/**
 * Repeating a GraphQL call after a lost answer is safe here: the queries only read, and a repeated
 * professionalCreate meets EmailAlreadyUsed for an operator carrying our externalId, which the
 * provisioning recognises as its own.
 */
function graphqlRequest(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): HttpRequest {
  return {
    method: 'POST',
    url,
    headers: { ...JSON_HEADERS, Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    idempotent: true,
  };
}

/**
 * [doc] `professionalCreate(input: ProfessionalCreateInput)` and the `UserError` interface with
 * `message`. [inferred] the payload field names `professional` and `userErrors` (the docs found show
 * the `userErrors { __typename }` pattern on another mutation, not this payload). Only `id` is asked
 * for: the fewer fields selected, the fewer ways a schema change can break the call.
 * https://graphql.iadvize.dev/types/ProfessionalCreateInput
 */
export const PROFESSIONAL_CREATE = `mutation ProfessionalCreate($input: ProfessionalCreateInput!) {
  professionalCreate(input: $input) {
    professional { id }
    userErrors { __typename message }
  }
}`;

/**
 * [doc] ProfessionalCreateInput. `password` is never sent ([doc] deprecated: "the user will
 * receive an invitation email to set its own one"); `samlUserId` neither (SAML is set up in iAdvize).
 * Optional fields are omitted when empty: iAdvize refuses an empty firstName/externalId with a
 * UserError rather than treating it as absent. [inferred] LegacyId values are sent as JSON numbers:
 * they are the legacy integer ids of REST v2; the scalar's input format is not documented.
 */
export interface ProfessionalCreateVariables {
  email: string;
  lastName: string;
  firstName?: string;
  pseudo: string;
  roleName: IAdvizeRole;
  externalId?: string;
  interfaceLanguage: string;
  groupId?: number;
  spokenLanguages: string[];
  projectIds: number[];
  skillIds: number[];
}

/** A LegacyId variable from its decimal text (ids are validated as digits before they get here). */
export const legacyIdValue = (id: string): number => Number(id);

export function professionalCreateRequest(
  url: string,
  token: string,
  input: ProfessionalCreateVariables,
): HttpRequest {
  return graphqlRequest(url, token, PROFESSIONAL_CREATE, { input });
}

/**
 * [inferred] `professional(id: LegacyId!)`: the published docs list the `Professional` type
 * and its fields but no query returning it. Used only without a REST key. It asks for `userName`,
 * not the deprecated `pseudo` (graphql-documents.test.ts checks no deprecated field is used).
 */
export const PROFESSIONAL_BY_ID = `query Professional($id: LegacyId!) {
  professional(id: $id) { id email firstName lastName userName externalId }
}`;

export function professionalByIdRequest(url: string, token: string, id: string): HttpRequest {
  return graphqlRequest(url, token, PROFESSIONAL_BY_ID, { id: legacyIdValue(id) });
}

// ---- REST v2 ----------------------------------------------------------------------------------------

/**
 * [doc] the key "must be attached to each request" as `X-API-Key`, `?key=` or the Basic-auth
 * username. The header is used so the key never appears in a URL (proxies and access logs keep URLs).
 */
const restHeaders = (key: string) => ({ 'X-API-Key': key, Accept: 'application/json' });

/**
 * [doc] `GET /operator?filters[email]=…&full=1&limit=…&page=…`. `full=1` returns every field
 * (email, sso_key) in the same call; without it items are only `{id, _link}`.
 * [doc] `*` in a filter is a wildcard and no escape is documented, so an email containing `*` (legal
 * in the local part) is sent as is: the wildcard can only broaden the match, and the caller keeps the
 * exact (case-insensitive) matches. [inferred] the filter is otherwise exact and case-insensitive.
 */
export function operatorsByEmailRequest(
  restBaseUrl: string,
  key: string,
  email: string,
  page: number,
): HttpRequest {
  const query = new URLSearchParams({
    'filters[email]': email,
    full: '1',
    limit: String(REST_MAX_LIMIT),
    page: String(page),
  });
  return { method: 'GET', url: `${restBaseUrl}/operator?${query.toString()}`, headers: restHeaders(key) };
}

/**
 * [doc] `GET /operator/{id}` returns the whole operator, `sso_key` included ("You must
 * systematically query iAdvize via the REST API and the 'operator' resource in order to retrieve your
 * operators SSO tokens"). [doc] an unknown id answers `{meta:{status:'fail', message:"Unknown
 * 'operator' with 'id' 456."}}`.
 */
export function operatorByIdRequest(restBaseUrl: string, key: string, id: string): HttpRequest {
  return {
    method: 'GET',
    url: `${restBaseUrl}/operator/${encodeURIComponent(id)}`,
    headers: restHeaders(key),
  };
}
