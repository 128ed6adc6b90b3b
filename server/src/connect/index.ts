/**
 * Connecting the sources: the browser OAuth flows for Zendesk and Intercom, and the vault that keeps
 * their tokens sealed in the store.
 */
export { createConnectRouter } from './router';
export type { ConnectOptions } from './options';
export { TokenVault } from './token-vault';
export type { IntercomGrant, VaultRecords, ZendeskGrant } from './token-vault';
export { PROVIDERS } from './types';
export type { ConnectedEvent, Provider } from './types';
