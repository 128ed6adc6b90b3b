/**
 * A local simulator of the Zendesk Support APIs the companion uses: OAuth (authorization code with
 * PKCE, rotating refresh tokens), API-token Basic auth, `GET /api/v2/users` with role filters and
 * cursor/offset pagination, `GET /api/v2/custom_roles`, the user writes of a push (bulk jobs, single
 * upserts, lookups, custom user fields), with per-minute and per-user limits, latency and faults.
 * See README.md for what is documented and what is inferred.
 */
export { startZendeskSandbox, DEFAULT_SUBDOMAIN } from './server';
export type { ZendeskSandbox, ZendeskSandboxOptions } from './server';
export type { ZendeskState, ZendeskCounters } from './state';
export type { ZendeskUser, ZendeskRole, NewUser, UserPatch } from './users';
export type { ZendeskFaultOptions } from './faults';
export type { JobTiming, JobStatus } from './jobs';
export type { UserField, UserFieldType } from './user-fields';
export { CREATE_UPDATE_USER_HEADER } from './per-user-limit';
export { MAX_PAGE_SIZE, OFFSET_RECORD_LIMIT } from './pagination';
export { CODE_LIFETIME_MS, s256 } from './tokens';
