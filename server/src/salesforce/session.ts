import { Connection } from 'jsforce';
import { proxyFromEnvironment, type ProxyFor } from '../lib/proxy';
import { jsforceProxy } from './proxy';
import type { SalesforceToken, TokenSource } from './token-source';

/**
 * One authenticated jsforce Connection, kept fresh. REST calls that meet a 401 are refreshed by
 * jsforce itself (through refreshFn); the streaming client, which captures the token once at
 * creation, calls renew() and then builds a new client.
 */
export class SalesforceSession {
  readonly connection: Connection;
  private readonly tokens: TokenSource;
  private renewing: Promise<void> | undefined;

  private constructor(tokens: TokenSource, token: SalesforceToken, version: string, proxyFor: ProxyFor) {
    this.tokens = tokens;
    this.connection = new Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version,
      ...jsforceProxy(token.instanceUrl, proxyFor),
      refreshFn: (_conn, callback) => {
        this.tokens().then(
          (fresh) => {
            this.connection.instanceUrl = fresh.instanceUrl;
            callback(undefined, fresh.accessToken);
          },
          (error: Error) => callback(error),
        );
      },
    });
  }

  /**
   * Authenticates once and returns a ready session; throws CompanionError SF_AUTH_FAILED. REST and
   * Bulk calls go through the proxy chosen for the instance URL (HTTPS_PROXY / NO_PROXY by default).
   */
  static async open(
    tokens: TokenSource,
    version: string,
    proxyFor: ProxyFor = proxyFromEnvironment,
  ): Promise<SalesforceSession> {
    return new SalesforceSession(tokens, await tokens(), version, proxyFor);
  }

  /** Gets a new access token; concurrent callers share one request. */
  renew(): Promise<void> {
    this.renewing ??= this.tokens()
      .then((fresh) => {
        this.connection.accessToken = fresh.accessToken;
        this.connection.instanceUrl = fresh.instanceUrl;
      })
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }
}
