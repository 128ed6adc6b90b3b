/**
 * Access tokens issued by POST /oauth2/token. Opaque random strings (iAdvize documents no format);
 * valid until their lifetime ends or expireAll() is called.
 */
import { randomBytes } from 'node:crypto';

export class TokenStore {
  private readonly tokens = new Map<string, { username: string; expiresAtMs: number }>();

  constructor(private readonly now: () => number) {}

  issue(username: string, lifetimeSeconds: number): string {
    this.prune();
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { username, expiresAtMs: this.now() + lifetimeSeconds * 1000 });
    return token;
  }

  /** The user a valid token belongs to, or undefined for an unknown or expired token. */
  userOf(token: string | undefined): string | undefined {
    if (token === undefined) return undefined;
    const entry = this.tokens.get(token);
    if (!entry || entry.expiresAtMs <= this.now()) return undefined;
    return entry.username;
  }

  expireAll(): void {
    this.tokens.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [token, entry] of this.tokens) if (entry.expiresAtMs <= now) this.tokens.delete(token);
  }
}
