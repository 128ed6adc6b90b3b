/**
 * The Zendesk source: subdomain validation, OAuth helpers with rotating refresh tokens, the team
 * listing (agents, admins, custom roles), and the writes of a push (push-client.ts). requests.ts and
 * push-requests.ts list every request and its source.
 */
export { ZendeskClient } from './client';
export { ZendeskPushClient } from './push-client';
export type { BulkSubmission } from './push-client';
export type { JobResult, JobStatusView, SingleUpsert, ZendeskPushUser, ZendeskUserField } from './push-types';
export type { ZendeskClientOptions } from './client-options';
export { ZendeskError, ZendeskListingIncompleteError } from './errors';
export type { ZendeskErrorCode, ZendeskFailure } from './errors';
export { parseSubdomain, zendeskBaseUrl, SUBDOMAIN_MAX_LENGTH } from './subdomain';
export type { ZendeskSubdomain } from './subdomain';
export {
  authorizeUrl,
  baseUrlFor,
  createPkcePair,
  exchangeCode,
  refreshTokens,
  DEFAULT_SCOPE,
} from './oauth';
export type { OAuthClientCredentials } from './oauth';
export { RotatingTokenSource, staticAccessToken, staticApiToken } from './token-source';
export type { RotatingTokenSourceOptions, TokenSource } from './token-source';
export { PAGE_SIZE } from './requests';
export type {
  CustomRole,
  InvalidUserRecord,
  TeamRole,
  TeamUserFilter,
  TeamUsersPage,
  TokenPair,
  ZendeskTeamUser,
} from './types';
