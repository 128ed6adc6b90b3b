/**
 * Authorization codes handed out by the auto-approving GET /oauth. [doc] "the code will expire
 * after about 5 minutes". [inferred] single use, bound to the client that asked for it.
 */
import { randomBytes } from 'node:crypto';

export const CODE_LIFETIME_MS = 5 * 60_000;

export class OAuthCodes {
  private readonly codes = new Map<string, { clientId: string; expiresAtMs: number }>();

  constructor(private readonly now: () => number) {}

  issue(clientId: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { clientId, expiresAtMs: this.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** Consumes the code: true when it was live and issued to this client. */
  redeem(code: string, clientId: string): boolean {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    return entry !== undefined && entry.clientId === clientId && entry.expiresAtMs > this.now();
  }
}
