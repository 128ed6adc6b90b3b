/**
 * Access tokens. [doc] Intercom tokens do not expire and no refresh token is issued ("Intercom
 * access tokens do not expire … Intercom doesn't return a refresh token", nango.dev, [secondary] in the
 * reference); they stop working when the app is uninstalled or the token revoked. So a token here is
 * valid until revokeAll().
 */
import { randomBytes } from 'node:crypto';

export class TokenStore {
  private readonly valid = new Set<string>();

  constructor(initial: string) {
    this.valid.add(initial);
  }

  /** Opaque, base64-looking, like Intercom's `dG9rOj…` tokens. [inferred] format. */
  issue(): string {
    const token = `dG9rO${randomBytes(24).toString('base64url')}`;
    this.valid.add(token);
    return token;
  }

  isValid(token: string | undefined): boolean {
    return token !== undefined && this.valid.has(token);
  }

  revokeAll(): void {
    this.valid.clear();
  }
}
