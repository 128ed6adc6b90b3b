import { HttpClient } from '../lib/http-client';
import { silentLogger } from '../lib/logger';
import { authorizeUrl, createPkcePair, exchangeCode, refreshTokens } from '../sources/zendesk/oauth';
import {
  clientFor,
  closeAll as closeSandboxes,
  drain,
  OAUTH_CLIENT,
  sandbox,
  seedTeam,
} from '../sources/zendesk/test-fixtures';
import { RotatingTokenSource } from '../sources/zendesk/token-source';
import type { TokenPair } from '../sources/zendesk/types';
import { SqliteStore } from '../store/sqlite-store';
import type { TokenStore } from '../store/store';
import { closeAll, newKey, openStore } from './test-helpers';
import { TokenVault } from './token-vault';

afterEach(async () => {
  await closeSandboxes();
  await closeAll();
});

const PAIR: TokenPair = {
  accessToken: 'access-0123456789',
  refreshToken: 'refresh-0123456789',
  expiresAtMs: 1_700_000_000_000,
  refreshExpiresAtMs: 1_702_000_000_000,
  scope: 'read',
};

describe('TokenVault', () => {
  it('stores only the sealed form and reads it back', async () => {
    const { store, rawRows } = openStore();
    const vault = new TokenVault(store, newKey());
    expect(await vault.load('zendesk')).toEqual({ ok: true, value: undefined });
    await vault.save('zendesk', { ...PAIR, subdomain: 'acme' });
    await vault.save('intercom', { accessToken: 'intercom-token-xyz' });
    const raw = JSON.stringify(rawRows('oauth_tokens'));
    for (const secret of ['access-0123456789', 'refresh-0123456789', 'intercom-token-xyz'])
      expect(raw).not.toContain(secret);
    expect(await vault.load('zendesk')).toEqual({ ok: true, value: { ...PAIR, subdomain: 'acme' } });
    expect(await vault.load('intercom')).toEqual({ ok: true, value: { accessToken: 'intercom-token-xyz' } });
  });

  it('refuses rows sealed under another key or moved to another provider', async () => {
    const store = SqliteStore.open(':memory:');
    await new TokenVault(store, newKey()).save('intercom', { accessToken: 'tok' });
    const otherKey = await new TokenVault(store, newKey()).load('intercom');
    expect(otherKey).toEqual({ ok: false, error: expect.stringMatching(/^intercom tokens: .*authenticate/) });

    const key = newKey();
    const vault = new TokenVault(store, key);
    await vault.save('intercom', { accessToken: 'tok' });
    await store.saveSealedTokens('zendesk', (await store.loadSealedTokens('intercom'))!);
    expect((await vault.load('zendesk')).ok).toBe(false);
    await store.close();
  });

  it('will not seal a malformed record', async () => {
    const vault = new TokenVault(SqliteStore.open(':memory:'), newKey());
    await expect(vault.save('zendesk', { ...PAIR, subdomain: 'evil.com' })).rejects.toThrow(/subdomain/);
  });
});

describe('TokenVault as the Zendesk rotation store', () => {
  const http = () => new HttpClient({ name: 'zendesk', logger: silentLogger(), sleep: async () => {} });

  it('holds the rotated pair before the next API request is sent with it', async () => {
    let clock = Date.now();
    const now = () => clock;
    const s = await sandbox({ now });
    seedTeam(s, { agents: 2, admins: 0, endUsers: 0 });
    const creds = {
      baseUrl: s.url,
      clientId: OAUTH_CLIENT.clientId,
      clientSecret: OAUTH_CLIENT.clientSecret,
    };

    // Connect as the callback would.
    const pkce = createPkcePair();
    const url = authorizeUrl({
      subdomain: s.subdomain,
      baseUrl: s.url,
      clientId: OAUTH_CLIENT.clientId,
      redirectUri: OAUTH_CLIENT.redirectUris[0],
      state: 'state-for-the-vault-test',
      codeChallenge: pkce.challenge,
    });
    if (!url.ok) throw new Error(url.error);
    const back = new URL((await fetch(url.value, { redirect: 'manual' })).headers.get('location')!);
    const first = await exchangeCode(
      http(),
      {
        ...creds,
        redirectUri: OAUTH_CLIENT.redirectUris[0],
        code: back.searchParams.get('code')!,
        codeVerifier: pkce.verifier,
      },
      now,
    );
    if (!first.ok) throw new Error(first.error.detail);
    const { store } = openStore();
    const vault = new TokenVault(store, newKey());
    await vault.save('zendesk', { ...first.value, subdomain: s.subdomain });

    const stored = await vault.load('zendesk');
    if (!stored.ok || !stored.value) throw new Error('nothing stored');
    const { subdomain, ...initial } = stored.value;
    const tokens = new RotatingTokenSource({
      initial,
      now,
      logger: silentLogger(),
      refresh: (refreshToken) => refreshTokens(http(), { ...creds, refreshToken }, now),
      save: vault.zendeskSaver(subdomain),
    });

    // At every API request, what the vault holds is what is being sent.
    const checks: Array<{ sent: string; held: string }> = [];
    const client = clientFor(s, {
      tokens,
      now,
      http: {
        fetch: async (input, init) => {
          if (String(input).includes('/api/v2/')) {
            const held = await vault.load('zendesk');
            checks.push({
              sent: new Headers(init?.headers).get('authorization') ?? '',
              held: held.ok && held.value ? `Bearer ${held.value.accessToken}` : 'nothing',
            });
          }
          return fetch(input, init);
        },
      },
    });

    clock += 26 * 60_000; // inside the 5-minute margin of the 30-minute token: refreshed before use
    const pages = await drain(client.listTeamUsers({ roles: ['agent'], customRoleIds: [] }));
    expect(pages[0].users).toHaveLength(2);
    expect(tokens.stats.refreshes).toBe(1);
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(c.sent).toBe(c.held);

    const rotated = await vault.load('zendesk');
    if (!rotated.ok || !rotated.value) throw new Error('nothing stored');
    expect(rotated.value.subdomain).toBe(s.subdomain);
    expect(rotated.value.refreshToken).not.toBe(initial.refreshToken);
    // Zendesk deleted the old pair: only the stored one can refresh now.
    expect((await refreshTokens(http(), { ...creds, refreshToken: initial.refreshToken }, now)).ok).toBe(
      false,
    );
    expect(
      (await refreshTokens(http(), { ...creds, refreshToken: rotated.value.refreshToken }, now)).ok,
    ).toBe(true);
  });

  it('passes a failed save on, so the rotated pair is never sent', async () => {
    const s = await sandbox();
    seedTeam(s, { agents: 1, admins: 0, endUsers: 0 });
    const full: TokenStore = {
      saveSealedTokens: async () => Promise.reject(new Error('disk full')),
      loadSealedTokens: async () => undefined,
    };
    const sent: string[] = [];
    const tokens = new RotatingTokenSource({
      initial: { ...PAIR, accessToken: s.state.issueAccessToken(), expiresAtMs: 0 },
      logger: silentLogger(),
      refresh: async () => ({ ok: true, value: { ...PAIR, accessToken: 'never-sent' } }),
      save: new TokenVault(full, newKey()).zendeskSaver(s.subdomain),
    });
    const client = clientFor(s, {
      tokens,
      http: {
        fetch: async (input, init) => {
          sent.push(new Headers(init?.headers).get('authorization') ?? '');
          return fetch(input, init);
        },
      },
    });
    await expect(drain(client.listTeamUsers({ roles: ['agent'], customRoleIds: [] }))).rejects.toMatchObject({
      reason: 'ZENDESK_TOKEN_SAVE_FAILED',
    });
    expect(sent).not.toContain('Bearer never-sent');
  });
});
