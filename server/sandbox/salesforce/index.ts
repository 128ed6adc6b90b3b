/**
 * A local simulator of a Salesforce org: OAuth 2.0 (JWT bearer, client credentials, refresh token,
 * password, authorization code), REST (sObjects, SOQL query with paging, sObject Collections,
 * composite, describe, limits) and the Streaming API (CometD long-polling with durable replay of
 * platform events), with the app's User trigger emulated. See server.ts for the options.
 */
export { startSalesforceSandbox, DEFAULT_CONNECTED_APP, defaultMetadataDir } from './server';
export type { SalesforceSandbox, SalesforceSandboxOptions } from './server';
export type { ConnectedApp } from './oauth';
export type { SandboxOrg, UserFields, Counters } from './org';
export { DEFAULT_PASSWORD } from './org';
export type { RetainedEvent } from './events';
export { DmlException } from './errors';
