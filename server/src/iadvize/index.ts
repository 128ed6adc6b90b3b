/**
 * The iAdvize client: operator creation (GraphQL) and lookups (REST v2), with a shared, throttled
 * token cache. requests.ts lists every request and its source.
 */
export { IAdvizeClient } from './client';
export type { IAdvizeClientOptions } from './client-options';
export { IAdvizeError } from './errors';
export type { IAdvizeErrorCode, IAdvizeFailure } from './errors';
export { DEFAULT_GRAPHQL_BASE_URL, REST_BASE_URLS } from './requests';
export { DEFAULT_OPERATOR_DEFAULTS, EMAIL_ALREADY_USED, INVALID_INPUT_CLIENT_ERROR } from './types';
export type {
  CreateOperatorInput,
  IAdvizeCapabilities,
  IAdvizeRole,
  IAdvizeUserError,
  Operator,
  OperatorDefaults,
} from './types';
