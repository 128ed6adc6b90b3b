/**
 * A local simulator of the Intercom APIs the companion uses: GET /admins, /admins/{id}, /me with
 * Intercom-Version handling, bearer auth, the 10-second rate limit, the OAuth authorize/token pair,
 * latency and injected 5xx. See README.md for what is documented and what is inferred.
 */
export { startIntercomSandbox, DEFAULT_ACCESS_TOKEN, DEFAULT_OAUTH_CLIENT, DEFAULT_OWNER } from './server';
export type { IntercomSandbox, IntercomSandboxOptions } from './server';
export type { IntercomState, IntercomCounters, SeenRequest } from './state';
export type { IntercomAdmin, NewAdmin, AdminPatch } from './admins';
export type { IntercomFaultOptions } from './faults';
export type { AppRegion } from './admin-routes';
export { DOCUMENTED_VERSIONS, DEFAULT_APP_VERSION } from './versions';
export { DEFAULT_RATE_LIMIT_PER_10S } from './rate-limit';
export { CODE_LIFETIME_MS } from './oauth-codes';
