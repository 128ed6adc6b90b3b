import { parseSourceConfiguration, type SourceConfiguration } from '../directory/source-settings';
import { HttpClient } from '../lib/http-client';
import { silentLogger } from '../lib/logger';
import { closeAll as closeSandboxes, OAUTH_CLIENT, sandbox } from '../sources/zendesk/test-fixtures';
import type { TokenPair } from '../sources/zendesk/types';
import { SqliteStore } from '../store/sqlite-store';
import { vaultCredentials, type VaultCredentialsOptions } from './run-credentials';
import { reconnectStatus } from './status-messages';
import { newKey } from './test-helpers';
import { TokenVault } from './token-vault';

afterEach(closeSandboxes);

function configuration(source: 'zendesk' | 'intercom', subdomain = 'acme'): SourceConfiguration {
  const parsed = parseSourceConfiguration({
    Id: 'a00000000000001',
    Source__c: source,
    Enabled__c: true,
    Zendesk_Subdomain__c: source === 'zendesk' ? subdomain : null,
    Zendesk_Roles__c: 'agent',
    Update_Linked_User_Names__c: false,
    Deactivate_Linked_Users__c: false,
  });
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return parsed.value;
}

const PAIR: TokenPair = {
  accessToken: 'stored-access',
  refreshToken: 'stored-refresh',
  expiresAtMs: Date.now() + 3_600_000,
  scope: 'read',
};

function options(vault: TokenVault, extra: Partial<VaultCredentialsOptions> = {}): VaultCredentialsOptions {
  return {
    vault,
    zendeskClient: { clientId: OAUTH_CLIENT.clientId, clientSecret: OAUTH_CLIENT.clientSecret },
    logger: silentLogger(),
    http: new HttpClient({ name: 'zendesk-oauth', logger: silentLogger(), sleep: async () => {} }),
    ...extra,
  };
}

describe('vaultCredentials', () => {
  it('gives nothing when nothing is stored, so the environment tokens are used', async () => {
    const load = vaultCredentials(options(new TokenVault(SqliteStore.open(':memory:'), newKey())));
    expect(await load(configuration('zendesk'))).toEqual({ ok: true, value: {} });
    expect(await load(configuration('intercom'))).toEqual({ ok: true, value: {} });
  });

  it('gives Intercom the stored token', async () => {
    const vault = new TokenVault(SqliteStore.open(':memory:'), newKey());
    await vault.save('intercom', { accessToken: 'intercom-from-vault' });
    expect(await vaultCredentials(options(vault))(configuration('intercom'))).toEqual({
      ok: true,
      value: { intercomToken: 'intercom-from-vault' },
    });
  });

  it('refuses tokens stored for another Zendesk account than the settings name', async () => {
    const vault = new TokenVault(SqliteStore.open(':memory:'), newKey());
    await vault.save('zendesk', { ...PAIR, subdomain: 'other' });
    const result = await vaultCredentials(options(vault))(configuration('zendesk', ' ACME '));
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^Zendesk is connected to another account \(other\.zendesk\.com, the settings name acme\.zendesk\.com\): connect again/,
      ),
    });
  });

  it('says so when the stored tokens cannot be opened or refreshed', async () => {
    const store = SqliteStore.open(':memory:');
    await new TokenVault(store, newKey()).save('zendesk', { ...PAIR, subdomain: 'acme' });
    const otherKey = await vaultCredentials(options(new TokenVault(store, newKey())))(
      configuration('zendesk'),
    );
    expect(otherKey).toEqual({ ok: false, error: expect.stringContaining('cannot be decrypted') });

    const vault = new TokenVault(SqliteStore.open(':memory:'), newKey());
    await vault.save('zendesk', { ...PAIR, subdomain: 'acme' });
    const noClient = await vaultCredentials(options(vault, { zendeskClient: undefined }))(
      configuration('zendesk'),
    );
    expect(noClient).toEqual({ ok: false, error: expect.stringContaining('ZENDESK_CLIENT_ID') });
  });

  it('reads the pair at the first request, not when the run is planned', async () => {
    const s = await sandbox();
    const vault = new TokenVault(SqliteStore.open(':memory:'), newKey());
    await vault.save('zendesk', { ...PAIR, subdomain: 'acme' });
    const result = await vaultCredentials(options(vault, { zendeskBaseUrl: s.url }))(
      configuration('zendesk'),
    );
    if (!result.ok || !result.value.zendeskTokens) throw new Error('no token source');
    // Another run rotated and stored a new pair in between.
    await vault.save('zendesk', { ...PAIR, accessToken: 'newer-access', subdomain: 'acme' });
    expect(await result.value.zendeskTokens.authorization()).toBe('Bearer newer-access');
    expect(result.value.reconnectReason?.()).toBeUndefined();
  });

  it('stops at the first refused refresh and says to connect again', async () => {
    const s = await sandbox();
    const vault = new TokenVault(SqliteStore.open(':memory:'), newKey());
    // Expired access token, refresh token Zendesk does not know (rotated away or revoked).
    await vault.save('zendesk', { ...PAIR, expiresAtMs: 0, subdomain: 'acme' });
    const result = await vaultCredentials(options(vault, { zendeskBaseUrl: s.url }))(
      configuration('zendesk'),
    );
    if (!result.ok || !result.value.zendeskTokens) throw new Error('no token source');
    const tokens = result.value.zendeskTokens;
    await expect(tokens.authorization()).rejects.toMatchObject({
      code: 'ZENDESK_AUTH_FAILED',
      message: expect.stringContaining('invalid_grant): connect Zendesk again'),
    });
    const tokenRequests = s.state.counters.oauth;
    expect(tokenRequests).toBe(1);
    await expect(tokens.authorization()).rejects.toMatchObject({ code: 'ZENDESK_AUTH_FAILED' });
    await expect(tokens.renew('Bearer stored-access')).rejects.toMatchObject({ code: 'ZENDESK_AUTH_FAILED' });
    expect(s.state.counters.oauth).toBe(tokenRequests); // no second attempt
    expect(result.value.reconnectReason?.()).toBe(reconnectStatus('zendesk'));
    // The stored pair is left as it is: only a new consent replaces it.
    expect(await vault.load('zendesk')).toMatchObject({
      ok: true,
      value: { refreshToken: 'stored-refresh' },
    });
  });
});
