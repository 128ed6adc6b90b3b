/**
 * Intercom as a source of team users: teammates from GET /admins, regional hosts, a pinned
 * Intercom-Version and the OAuth helpers. See requests.ts for every request and its source.
 */
export { IntercomClient } from './client';
export type { IntercomIdentity } from './client';
export type { IntercomClientOptions } from './client-options';
export { IntercomError } from './errors';
export type { IntercomFailure, IntercomErrorCode } from './errors';
export { authorizeUrl, exchangeCode } from './oauth';
export type { ExchangeDeps } from './oauth';
export { INTERCOM_REGIONS, REGION_BASE_URLS, parseRegion, regionBaseUrl } from './region';
export type { IntercomRegion } from './region';
export { INTERCOM_VERSION, AUTHORIZE_URL, TOKEN_BASE_URL } from './requests';
export type { IntercomTeammate, TeammateListing, TeammateRecordError } from './teammate';
