/**
 * The vault's tokens for directory runs (and for listing Zendesk's custom roles on connect).
 *
 * Zendesk: a RotatingTokenSource over the stored pair whose `save` is the vault, so a rotated pair is
 * durable before it is used (docs/architecture.md, reliability rules). The pair is read from the vault at the
 * first request, not when the run is planned: by then the run lock is held, so it is the pair the
 * previous run stored, never one a concurrent run has just spent. When Zendesk refuses the stored
 * refresh token (invalid_grant: rotated by a run that died before storing, or revoked), nothing can
 * recover it but a new consent: the source stops asking for this run and says "connect again".
 *
 * Intercom: the stored token (it never expires). Without stored tokens, the environment's are used.
 */
import type { CredentialsLoader, ListingCredentials } from '../directory/listing-factory';
import type { SourceConfiguration } from '../directory/source-settings';
import { CompanionError } from '../lib/errors';
import { HttpClient } from '../lib/http-client';
import type { Logger } from '../lib/logger';
import { err, ok, type Result } from '../lib/result';
import { ZendeskError, failure } from '../sources/zendesk/errors';
import { baseUrlFor, refreshTokens } from '../sources/zendesk/oauth';
import { parseSubdomain, type ZendeskSubdomain } from '../sources/zendesk/subdomain';
import { RotatingTokenSource, type TokenSource } from '../sources/zendesk/token-source';
import { accountMismatchStatus, reconnectStatus, unreadableTokensStatus } from './status-messages';
import type { TokenVault } from './token-vault';

export interface VaultCredentialsOptions {
  vault: TokenVault;
  /** The OAuth client the stored Zendesk tokens were issued to: a refresh needs it. */
  zendeskClient?: { clientId: string; clientSecret: string };
  /** ZENDESK_BASE_URL: replaces https://{subdomain}.zendesk.com (sandbox, proxy). */
  zendeskBaseUrl?: string;
  logger: Logger;
  now?: () => number;
  /** For the refresh grant; default a short, bounded client. */
  http?: HttpClient;
}

/** Zendesk answered the refresh grant with 400 (invalid_grant) or 401 (invalid_client). */
function isRefusedRefresh(error: unknown): error is ZendeskError {
  return (
    error instanceof ZendeskError &&
    error.operation === 'refresh token' &&
    error.code === 'ZENDESK_AUTH_FAILED'
  );
}

/**
 * The stored Zendesk authorization of one account, as a TokenSource. After a refused refresh every
 * further call fails at once with the same error: one refusal per run, never a loop of refreshes.
 */
export class StoredZendeskTokens implements TokenSource {
  private rotating?: Promise<RotatingTokenSource>;
  private refusal?: ZendeskError;

  constructor(
    private readonly subdomain: ZendeskSubdomain,
    private readonly o: VaultCredentialsOptions & {
      zendeskClient: { clientId: string; clientSecret: string };
    },
  ) {}

  /** What the settings record should say once Zendesk refused the refresh grant; undefined before. */
  refusalStatus(): string | undefined {
    if (!this.refusal) return undefined;
    return this.refusal.httpStatus === 401
      ? 'Zendesk refused the companion OAuth client: check ZENDESK_CLIENT_ID and ZENDESK_CLIENT_SECRET.'
      : reconnectStatus('zendesk');
  }

  authorization(): Promise<string> {
    return this.guarded((s) => s.authorization());
  }

  renew(refused: string): Promise<boolean> {
    return this.guarded((s) => s.renew(refused));
  }

  private async guarded<T>(call: (s: RotatingTokenSource) => Promise<T>): Promise<T> {
    if (this.refusal) throw this.refusal;
    try {
      return await call(await (this.rotating ??= this.open()));
    } catch (error) {
      if (!isRefusedRefresh(error)) throw error;
      const clientRefused = error.httpStatus === 401;
      this.refusal = new ZendeskError(
        'refresh token',
        failure(
          'ZENDESK_AUTH_FAILED',
          clientRefused
            ? 'Zendesk refused the companion OAuth client (check ZENDESK_CLIENT_ID and ZENDESK_CLIENT_SECRET)'
            : 'Zendesk refused the stored refresh token (invalid_grant): connect Zendesk again',
          { status: error.httpStatus },
        ),
        { cause: error },
      );
      this.o.logger.error(
        { provider: 'zendesk', status: error.httpStatus },
        'stored Zendesk authorization refused',
      );
      throw this.refusal;
    }
  }

  private async open(): Promise<RotatingTokenSource> {
    const stored = await this.o.vault.load('zendesk');
    if (!stored.ok) throw new CompanionError('TOKENS_UNREADABLE', stored.error);
    if (!stored.value || stored.value.subdomain !== this.subdomain)
      throw new CompanionError('OAUTH_ACCOUNT_MISMATCH', `no stored authorization for ${this.subdomain}`);
    const { subdomain, ...initial } = stored.value;
    const baseUrl = baseUrlFor(subdomain, this.o.zendeskBaseUrl);
    if (!baseUrl.ok) throw new CompanionError('ZENDESK_SUBDOMAIN_INVALID', baseUrl.error);
    const { clientId, clientSecret } = this.o.zendeskClient;
    const http =
      this.o.http ?? new HttpClient({ name: 'zendesk-oauth', logger: this.o.logger, timeoutMs: 15_000 });
    const now = this.o.now ?? Date.now;
    return new RotatingTokenSource({
      initial,
      now,
      logger: this.o.logger,
      refresh: (refreshToken) =>
        refreshTokens(http, { baseUrl: baseUrl.value, clientId, clientSecret, refreshToken }, now),
      save: this.o.vault.zendeskSaver(subdomain),
    });
  }
}

/**
 * The Zendesk tokens for `subdomain` from the vault: undefined when nothing is stored (the caller
 * falls back to ZENDESK_ACCESS_TOKEN), an error an admin can act on when they cannot be used.
 */
export async function storedZendeskTokens(
  subdomain: string,
  o: VaultCredentialsOptions,
): Promise<Result<StoredZendeskTokens | undefined, string>> {
  const wanted = parseSubdomain(subdomain);
  if (!wanted.ok) return err(`Zendesk subdomain: ${wanted.error}.`);
  const stored = await o.vault.load('zendesk');
  if (!stored.ok) {
    o.logger.error({ provider: 'zendesk', reason: stored.error }, 'stored tokens unreadable');
    return err(unreadableTokensStatus('zendesk'));
  }
  if (!stored.value) return ok(undefined);
  if (stored.value.subdomain !== wanted.value)
    return err(accountMismatchStatus(stored.value.subdomain, wanted.value));
  if (!o.zendeskClient)
    return err(
      'Zendesk is connected but ZENDESK_CLIENT_ID / ZENDESK_CLIENT_SECRET are not set: its tokens cannot be refreshed.',
    );
  return ok(new StoredZendeskTokens(wanted.value, { ...o, zendeskClient: o.zendeskClient }));
}

/** The scheduler's credentials: the vault's tokens for the configured source, else none (environment). */
export function vaultCredentials(o: VaultCredentialsOptions): CredentialsLoader {
  return async (configuration: SourceConfiguration): Promise<Result<ListingCredentials, string>> => {
    if (configuration.zendesk) {
      const tokens = await storedZendeskTokens(configuration.zendesk.subdomain, o);
      if (!tokens.ok) return tokens;
      if (!tokens.value) return ok({});
      const source = tokens.value;
      return ok({
        zendeskTokens: source,
        reconnectReason: () => source.refusalStatus(),
      });
    }
    if (configuration.intercom) {
      const stored = await o.vault.load('intercom');
      if (!stored.ok) {
        o.logger.error({ provider: 'intercom', reason: stored.error }, 'stored tokens unreadable');
        return err(unreadableTokensStatus('intercom'));
      }
      return ok(stored.value ? { intercomToken: stored.value.accessToken } : {});
    }
    return ok({});
  };
}
