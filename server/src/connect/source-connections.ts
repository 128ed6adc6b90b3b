/**
 * The companion's side of connecting the sources, wired once from the configuration: the OAuth
 * router (mounted on the HTTP app), the run credentials from the vault (for the scheduler), and the
 * CONNECT command and `onConnected`, which answer on the settings records in Salesforce. Salesforce
 * is attached after the HTTP server listens (the session opens later): a connection completed before
 * that keeps its tokens and tells the admin it could not be recorded.
 */
import type { Router } from 'express';
import type { OAuthConfig, SourcesConfig } from '../config';
import type { CredentialsLoader } from '../directory/listing-factory';
import { CompanionError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { ZendeskClient } from '../sources/zendesk/client';
import { ZendeskPushClient } from '../sources/zendesk/push-client';
import { userFieldsJson } from '../push/custom-fields';
import type { Store } from '../store/store';
import type { TokenSource } from '../sources/zendesk/token-source';
import { ok, type Result } from '../lib/result';
import { issueConnectLink } from './connect-link';
import { connectionRecorder } from './on-connected';
import { createConnectRouter } from './router';
import { storedZendeskTokens, vaultCredentials, type VaultCredentialsOptions } from './run-credentials';
import type { ConnectionRecordWriter } from './settings-record';
import { deriveLinkKey } from './signed-link';
import { TokenVault } from './token-vault';
import type { ConnectedEvent, Provider } from './types';

/** What Salesforce offers the connect side: the settings record to read and to write on. */
export interface SettingsAccess {
  readSettings: (source: Provider) => Promise<unknown | undefined>;
  record: ConnectionRecordWriter;
}

export interface SourceConnectionsOptions {
  /** Absent when OAuth is not configured: CONNECT then says so on the record, and runs use the environment. */
  oauth?: OAuthConfig;
  sources: SourcesConfig;
  store: Store;
  logger: Logger;
  now?: () => number;
}

export class SourceConnections {
  /** The /oauth/... routes, when OAuth is configured. */
  readonly router?: Router;
  /** The vault's tokens for runs, when OAuth is configured. */
  readonly credentials?: CredentialsLoader;
  private salesforce?: SettingsAccess;
  private readonly vaultOptions?: VaultCredentialsOptions;

  constructor(private readonly o: SourceConnectionsOptions) {
    const oauth = o.oauth;
    if (!oauth) return;
    const vault = new TokenVault(o.store, oauth.key);
    this.vaultOptions = {
      vault,
      zendeskClient: oauth.zendesk,
      zendeskBaseUrl: o.sources.zendesk.baseUrl,
      logger: o.logger,
      ...(o.now && { now: o.now }),
    };
    this.credentials = vaultCredentials(this.vaultOptions);
    const zendeskBase = o.sources.zendesk.baseUrl;
    this.router = createConnectRouter({
      store: o.store,
      key: oauth.key,
      publicUrl: oauth.publicUrl,
      ...(oauth.zendesk && {
        zendesk: { ...oauth.zendesk, ...(zendeskBase && { baseUrl: () => zendeskBase }) },
      }),
      ...(oauth.intercom && {
        intercom: {
          clientId: oauth.intercom.clientId,
          clientSecret: oauth.intercom.clientSecret,
          ...(oauth.intercom.oauthUrl && {
            authorizeBase: `${oauth.intercom.oauthUrl}/oauth`,
            tokenBaseUrl: oauth.intercom.oauthUrl,
          }),
        },
      }),
      onConnected: (event) => this.recordConnection(event),
      logger: o.logger,
      ...(o.now && { now: o.now }),
    });
  }

  /**
   * The stored Zendesk authorization for `subdomain` and the scope Zendesk granted it (a push needs
   * write access); undefined when none is stored, an error an admin can act on when it cannot be used.
   */
  async zendeskAuthorization(
    subdomain: string,
  ): Promise<Result<{ tokens: TokenSource; scope: string } | undefined, string>> {
    if (!this.vaultOptions) return ok(undefined);
    const tokens = await storedZendeskTokens(subdomain, this.vaultOptions);
    if (!tokens.ok) return tokens;
    if (!tokens.value) return ok(undefined);
    const stored = await this.vaultOptions.vault.load('zendesk');
    return ok({ tokens: tokens.value, scope: stored.ok && stored.value ? stored.value.scope : '' });
  }

  /** Once Salesforce is reachable. */
  attachSalesforce(access: SettingsAccess): void {
    this.salesforce = access;
  }

  /** The CONNECT command: a signed link on the source's settings record, or why there is none. */
  async handleConnect(source: Provider): Promise<void> {
    if (!this.salesforce) throw new CompanionError('OAUTH_FAILED', 'Salesforce is not connected yet');
    const oauth = this.o.oauth;
    await issueConnectLink(source, {
      ...this.salesforce,
      ...(oauth && {
        oauth: {
          linkKey: deriveLinkKey(oauth.key),
          publicUrl: oauth.publicUrl,
          providers: [
            ...(oauth.zendesk ? ['zendesk' as const] : []),
            ...(oauth.intercom ? ['intercom' as const] : []),
          ],
        },
      }),
      logger: this.o.logger,
      ...(this.o.now && { now: this.o.now }),
    });
  }

  private async recordConnection(event: ConnectedEvent): Promise<void> {
    if (!this.salesforce)
      throw new CompanionError('OAUTH_STATUS_NOT_RECORDED', 'Salesforce is not connected yet');
    await connectionRecorder({
      ...this.salesforce,
      customRoles: (subdomain) => this.listCustomRoles(subdomain),
      userFields: (subdomain) => this.listUserFields(subdomain),
      logger: this.o.logger,
      ...(this.o.now && { now: this.o.now }),
    })(event);
  }

  /** The custom user fields as the push's mapping picker reads them, with the tokens just stored. */
  private async listUserFields(subdomain: string): Promise<string> {
    const tokens = await storedZendeskTokens(subdomain, this.vaultOptions!);
    if (!tokens.ok || !tokens.value)
      throw new CompanionError('TOKENS_UNREADABLE', 'no stored Zendesk tokens');
    const client = new ZendeskPushClient({
      subdomain,
      baseUrl: this.o.sources.zendesk.baseUrl,
      tokens: tokens.value,
      logger: this.o.logger,
    });
    return userFieldsJson(await client.listUserFields());
  }

  /** With the tokens just stored, through the vault (a rotation on the way is stored too). */
  private async listCustomRoles(subdomain: string) {
    const tokens = await storedZendeskTokens(subdomain, this.vaultOptions!);
    if (!tokens.ok || !tokens.value)
      throw new CompanionError('TOKENS_UNREADABLE', 'no stored Zendesk tokens');
    return new ZendeskClient({
      subdomain,
      baseUrl: this.o.sources.zendesk.baseUrl,
      tokens: tokens.value,
      logger: this.o.logger,
    }).listCustomRoles();
  }
}
