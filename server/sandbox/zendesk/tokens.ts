/**
 * OAuth state: registered clients, authorization codes, access and refresh tokens.
 *
 * Documented: codes are "valid for 120 seconds"; access tokens default to 30 min, refresh tokens to
 * 30 days; a refresh "will also return a refresh token and delete the previous access and refresh
 * tokens". So rotation has no grace: the old refresh token AND the old access token stop working the
 * moment the refresh succeeds. Inferred: codes are single use (RFC 6749 section 4.1.2); tokens are opaque.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface PendingCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  expiresAtMs: number;
}

interface AccessEntry {
  scope: string;
  expiresAtMs: number;
}

interface RefreshEntry {
  clientId: string;
  scope: string;
  expiresAtMs: number;
  accessToken: string;
}

export interface IssuedPair {
  accessToken: string;
  refreshToken: string;
  scope: string;
  expiresIn: number;
  refreshExpiresIn: number;
}

export const CODE_LIFETIME_MS = 120_000;
export const DEFAULT_REFRESH_LIFETIME_SECONDS = 2_592_000;

const opaque = (bytes: number) => randomBytes(bytes).toString('hex');

/** RFC 7636 section 4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export class OAuthStore {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly access = new Map<string, AccessEntry>();
  private readonly refresh = new Map<string, RefreshEntry>();

  constructor(
    private readonly now: () => number,
    clients: OAuthClient[],
    readonly accessLifetimeSeconds: number,
  ) {
    for (const c of clients) this.clients.set(c.clientId, c);
  }

  client(clientId: string): OAuthClient | undefined {
    return this.clients.get(clientId);
  }

  issueCode(pending: Omit<PendingCode, 'expiresAtMs'>): string {
    const code = opaque(20);
    this.codes.set(code, { ...pending, expiresAtMs: this.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** The code's grant if it is live; a code is consumed by its first use, successful or not. */
  redeemCode(code: string): PendingCode | undefined {
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending || pending.expiresAtMs <= this.now()) return undefined;
    return pending;
  }

  issuePair(
    clientId: string,
    scope: string,
    lifetimes: { accessSeconds?: number; refreshSeconds?: number } = {},
  ): IssuedPair {
    const expiresIn = lifetimes.accessSeconds ?? this.accessLifetimeSeconds;
    const refreshExpiresIn = lifetimes.refreshSeconds ?? DEFAULT_REFRESH_LIFETIME_SECONDS;
    const accessToken = this.issueAccess(scope, expiresIn);
    const refreshToken = opaque(32);
    this.refresh.set(refreshToken, {
      clientId,
      scope,
      expiresAtMs: this.now() + refreshExpiresIn * 1000,
      accessToken,
    });
    return { accessToken, refreshToken, scope, expiresIn, refreshExpiresIn };
  }

  issueAccess(scope: string, lifetimeSeconds = this.accessLifetimeSeconds): string {
    const token = opaque(32);
    this.access.set(token, { scope, expiresAtMs: this.now() + lifetimeSeconds * 1000 });
    return token;
  }

  /** Rotates a live refresh token of `clientId`: the old pair is deleted before the new one exists. */
  rotate(
    refreshToken: string,
    clientId: string,
    lifetimes: { accessSeconds?: number; refreshSeconds?: number },
  ): IssuedPair | undefined {
    const entry = this.refresh.get(refreshToken);
    if (!entry || entry.clientId !== clientId || entry.expiresAtMs <= this.now()) return undefined;
    this.refresh.delete(refreshToken);
    this.access.delete(entry.accessToken);
    return this.issuePair(clientId, entry.scope, lifetimes);
  }

  /** The scope of a live access token; undefined when the token is unknown or expired. */
  liveAccessScope(token: string): string | undefined {
    const entry = this.access.get(token);
    return entry !== undefined && entry.expiresAtMs > this.now() ? entry.scope : undefined;
  }

  /** Every access token stops working; refresh tokens stay valid (as when access tokens time out). */
  expireAccessTokens(): void {
    this.access.clear();
  }
}
