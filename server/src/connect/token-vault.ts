/**
 * Provider tokens at rest: JSON sealed with lib/crypto-box before it reaches the store, opened and
 * re-validated when read. The provider name is bound as associated data, so a sealed Zendesk row
 * copied into the Intercom row does not open.
 *
 * Zendesk rotates its refresh token on every refresh and deletes the old pair at once
 * (https://support.zendesk.com/hc/en-us/articles/9182123625370), so `zendeskSaver` is the
 * RotatingTokenSource `save` callback: it resolves only once the new pair is durable, and the
 * source uses the pair only after that.
 */
import { z } from 'zod';
import { open, seal, type SealingKey } from '../lib/crypto-box';
import { err, ok, type Result } from '../lib/result';
import { parseSubdomain } from '../sources/zendesk/subdomain';
import type { TokenPair } from '../sources/zendesk/types';
import type { TokenStore } from '../store/store';
import type { Provider } from './types';

const zendeskGrant = z.object({
  subdomain: z.string().refine((s) => parseSubdomain(s).ok, 'not a valid Zendesk subdomain'),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresAtMs: z.number(),
  refreshExpiresAtMs: z.number().optional(),
  scope: z.string(),
});

/** Intercom tokens do not expire and come without a refresh token. */
const intercomGrant = z.object({ accessToken: z.string().min(1) });

const SCHEMAS = { zendesk: zendeskGrant, intercom: intercomGrant } as const;

/** A Zendesk token pair with the account it belongs to. */
export type ZendeskGrant = TokenPair & { subdomain: string };
export type IntercomGrant = z.infer<typeof intercomGrant>;
export interface VaultRecords {
  zendesk: ZendeskGrant;
  intercom: IntercomGrant;
}

const context = (provider: Provider) => `oauth_tokens:${provider}`;

export class TokenVault {
  constructor(
    private readonly store: TokenStore,
    private readonly key: SealingKey,
  ) {}

  /** Seals and persists; resolves once the store has it. Throws on a malformed record (a bug). */
  async save<P extends Provider>(provider: P, record: VaultRecords[P]): Promise<void> {
    const valid = SCHEMAS[provider].parse(record);
    await this.store.saveSealedTokens(provider, seal(JSON.stringify(valid), this.key, context(provider)));
  }

  /** undefined when never connected; err when the row cannot be opened or read (say why, not what). */
  async load<P extends Provider>(provider: P): Promise<Result<VaultRecords[P] | undefined, string>> {
    const sealed = await this.store.loadSealedTokens(provider);
    if (sealed === undefined) return ok(undefined);
    const opened = open(sealed, this.key, context(provider));
    if (!opened.ok) return err(`${provider} tokens: ${opened.error}`);
    let json: unknown;
    try {
      json = JSON.parse(opened.value);
    } catch {
      return err(`${provider} tokens: not JSON`);
    }
    const parsed = SCHEMAS[provider].safeParse(json);
    if (!parsed.success)
      return err(
        `${provider} tokens: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')} invalid`,
      );
    return ok(parsed.data as VaultRecords[P]);
  }

  /** The `save` callback of the Zendesk RotatingTokenSource for the account at `subdomain`. */
  zendeskSaver(subdomain: string): (pair: TokenPair) => Promise<void> {
    return (pair) => this.save('zendesk', { ...pair, subdomain });
  }
}
