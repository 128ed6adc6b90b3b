/**
 * Where the Authorization header comes from. Two kinds:
 * - static: an OAuth access token or an API token (Basic `{email}/token:{token}`) from the
 *   environment; nothing to renew, so a 401 is final.
 * - rotating OAuth: access + refresh token. Zendesk rotates on every refresh and deletes the old pair
 *   at once, so the NEW pair is handed to `save` (the store) BEFORE it is used: if the process dies
 *   right after, the stored pair is the live one (docs/architecture.md, reliability rules). If
 *   `save` fails the new pair is kept in memory only, not used, and saving is tried again before the
 *   next request.
 *
 * `renew(refused)` is called after a 401 with the header that was refused; it resolves true when a
 * different credential is ready (the caller retries once), false when nothing can change.
 */
import type { Logger } from '../../lib/logger';
import type { Result } from '../../lib/result';
import { ZendeskError, failure, type ZendeskFailure } from './errors';
import { apiTokenAuthorization, bearerAuthorization } from './requests';
import type { TokenPair } from './types';

export interface TokenSource {
  authorization(): Promise<string>;
  renew(refused: string): Promise<boolean>;
}

export function staticAccessToken(accessToken: string): TokenSource {
  const header = bearerAuthorization(accessToken);
  return { authorization: async () => header, renew: async () => false };
}

export function staticApiToken(email: string, token: string): TokenSource {
  const header = apiTokenAuthorization(email, token);
  return { authorization: async () => header, renew: async () => false };
}

export interface RotatingTokenSourceOptions {
  /** The stored pair to start from. */
  initial: TokenPair;
  /** One refresh-token grant (oauth.ts refreshTokens, bound to the client credentials). */
  refresh: (refreshToken: string) => Promise<Result<TokenPair, ZendeskFailure>>;
  /** Persists a new pair; must resolve only once it is durable. */
  save: (pair: TokenPair) => Promise<void>;
  logger: Logger;
  now?: () => number;
  /** Refresh this long before the access token ends (default 5 min). */
  renewBeforeMs?: number;
}

export class RotatingTokenSource implements TokenSource {
  private current: TokenPair;
  private unsaved?: TokenPair;
  private inFlight?: Promise<void>;
  private readonly now: () => number;
  private readonly renewBeforeMs: number;
  readonly stats = { refreshes: 0, saveFailures: 0 };

  constructor(private readonly o: RotatingTokenSourceOptions) {
    this.current = o.initial;
    this.now = o.now ?? Date.now;
    this.renewBeforeMs = o.renewBeforeMs ?? 5 * 60_000;
  }

  async authorization(): Promise<string> {
    if (this.unsaved || this.now() >= this.current.expiresAtMs - this.renewBeforeMs) await this.rotateOnce();
    return bearerAuthorization(this.current.accessToken);
  }

  async renew(refused: string): Promise<boolean> {
    // Another request already moved on to a newer token: just retry with it.
    if (refused !== bearerAuthorization(this.current.accessToken) && !this.unsaved) return true;
    await this.rotateOnce();
    return refused !== bearerAuthorization(this.current.accessToken);
  }

  /** Concurrent callers share one refresh: a second refresh would spend the just-rotated token. */
  private rotateOnce(): Promise<void> {
    this.inFlight ??= this.rotate().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async rotate(): Promise<void> {
    if (!this.unsaved) {
      this.stats.refreshes += 1;
      const next = await this.o.refresh(this.current.refreshToken);
      if (!next.ok) {
        const hint =
          next.error.code === 'ZENDESK_AUTH_FAILED' ? '; an admin must authorize Zendesk again' : '';
        throw new ZendeskError('refresh token', { ...next.error, detail: `${next.error.detail}${hint}` });
      }
      this.unsaved = next.value;
    }
    const pair = this.unsaved;
    try {
      await this.o.save(pair);
    } catch (error) {
      this.stats.saveFailures += 1;
      this.o.logger.error({ provider: 'zendesk', err: error }, 'rotated Zendesk tokens could not be saved');
      throw new ZendeskError(
        'save rotated tokens',
        failure(
          'ZENDESK_TOKEN_SAVE_FAILED',
          'the store refused the new pair; it will be saved before any use',
          {
            retryable: true,
          },
        ),
        { cause: error },
      );
    }
    this.current = pair;
    this.unsaved = undefined;
  }
}
