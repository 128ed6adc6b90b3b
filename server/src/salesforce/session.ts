import { Connection } from 'jsforce';
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

  private constructor(tokens: TokenSource, token: SalesforceToken, version: string) {
    this.tokens = tokens;
    this.connection = new Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version,
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

  /** Authenticates once and returns a ready session; throws CompanionError SF_AUTH_FAILED. */
  static async open(tokens: TokenSource, version: string): Promise<SalesforceSession> {
    return new SalesforceSession(tokens, await tokens(), version);
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
