/**
 * The Zendesk source: subdomain validation, OAuth helpers with rotating refresh tokens, and the
 * team listing (agents, admins, custom roles). requests.ts lists every request and its source.
 */
export { ZendeskClient } from './client';
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
