/**
 * OAuth sessions: access tokens (opaque, shaped like Salesforce's "00D...!..." session ids) and
 * refresh tokens. revokeAllAccessTokens() invalidates every access token at once while refresh tokens
 * keep working, which is what an admin "revoke session" does and what jsforce's refresh-on-401 needs.
 */
import { randomBytes } from 'node:crypto';
import { to15 } from './ids';

export interface AccessSession {
  token: string;
  userId: string;
  /** Connected app that issued it; undefined for tokens minted by the sandbox itself. */
  clientId?: string;
  issuedAt: number;
  lastUsedAt: number;
  revoked: boolean;
}

export interface RefreshGrant {
  token: string;
  userId: string;
  clientId: string;
  revoked: boolean;
}

/** Salesforce's default session timeout (Setup > Session Settings): 2 hours of inactivity. */
export const DEFAULT_SESSION_TIMEOUT_MS = 2 * 60 * 60 * 1000;

const tokenChars = (bytes: number): string => randomBytes(bytes).toString('base64url').replace(/-/g, '.');

export class SessionStore {
  private readonly access = new Map<string, AccessSession>();
  private readonly refresh = new Map<string, RefreshGrant>();

  constructor(
    private readonly orgId: string,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs: number = DEFAULT_SESSION_TIMEOUT_MS,
  ) {}

  issueAccessToken(userId: string, clientId?: string): AccessSession {
    const token = `${to15(this.orgId)}!${tokenChars(72)}`;
    const now = this.now();
    const session: AccessSession = {
      token,
      userId,
      clientId,
      issuedAt: now,
      lastUsedAt: now,
      revoked: false,
    };
    this.access.set(token, session);
    return session;
  }

  issueRefreshToken(userId: string, clientId: string): RefreshGrant {
    const grant: RefreshGrant = { token: `5Aep861${tokenChars(60)}`, userId, clientId, revoked: false };
    this.refresh.set(grant.token, grant);
    return grant;
  }

  /** The live session of an access token (and marks it used), or undefined when invalid/expired/revoked. */
  validate(token: string | undefined): AccessSession | undefined {
    if (!token) return undefined;
    const session = this.access.get(token);
    if (!session || session.revoked) return undefined;
    const now = this.now();
    if (now - session.lastUsedAt > this.timeoutMs) {
      session.revoked = true;
      return undefined;
    }
    session.lastUsedAt = now;
    return session;
  }

  /** Checks a token without extending it. */
  isValid(token: string | undefined): boolean {
    const session = token ? this.access.get(token) : undefined;
    return Boolean(session && !session.revoked && this.now() - session.lastUsedAt <= this.timeoutMs);
  }

  refreshGrant(token: string | undefined): RefreshGrant | undefined {
    const grant = token ? this.refresh.get(token) : undefined;
    return grant && !grant.revoked ? grant : undefined;
  }

  revokeAllAccessTokens(): void {
    for (const s of this.access.values()) s.revoked = true;
  }

  /**
   * /services/oauth2/revoke: an access token is revoked alone; a refresh token is revoked with every
   * access token of the same user and app. Returns false for an unknown token.
   */
  revoke(token: string): boolean {
    const session = this.access.get(token);
    if (session) {
      session.revoked = true;
      return true;
    }
    const grant = this.refresh.get(token);
    if (!grant) return false;
    grant.revoked = true;
    for (const s of this.access.values()) {
      if (s.userId === grant.userId && s.clientId === grant.clientId) s.revoked = true;
    }
    return true;
  }

  /** Revokes every refresh token (e.g. to test the "expired access/refresh token" path). */
  revokeAllRefreshTokens(): void {
    for (const g of this.refresh.values()) g.revoked = true;
  }
}
