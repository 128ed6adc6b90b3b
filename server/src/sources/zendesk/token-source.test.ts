import { silentLogger } from '../../lib/logger';
import { err, ok } from '../../lib/result';
import { failure } from './errors';
import { RotatingTokenSource, staticAccessToken, staticApiToken } from './token-source';
import type { TokenPair } from './types';

const pair = (n: number, expiresAtMs = 1_000_000): TokenPair => ({
  accessToken: `a${n}`,
  refreshToken: `r${n}`,
  expiresAtMs,
  scope: 'read',
});

function source(
  options: { save?: (p: TokenPair) => Promise<void>; now?: () => number; fail?: boolean } = {},
) {
  const refreshed: string[] = [];
  let n = 1;
  const tokens = new RotatingTokenSource({
    initial: pair(1),
    logger: silentLogger(),
    now: options.now ?? (() => 0),
    refresh: async (refreshToken) => {
      refreshed.push(refreshToken);
      if (options.fail) return err(failure('ZENDESK_AUTH_FAILED', 'HTTP 400 invalid_grant'));
      n += 1;
      return ok(pair(n));
    },
    save: options.save ?? (async () => {}),
  });
  return { tokens, refreshed };
}

describe('static token sources', () => {
  it('send Bearer or Basic {email}/token:{token} and never renew', async () => {
    expect(await staticAccessToken('abc').authorization()).toBe('Bearer abc');
    const basic = staticApiToken('admin@acme.test', 'tok');
    expect(await basic.authorization()).toBe(
      `Basic ${Buffer.from('admin@acme.test/token:tok').toString('base64')}`,
    );
    expect(await basic.renew('anything')).toBe(false);
  });
});

describe('RotatingTokenSource', () => {
  it('uses the stored token until 5 minutes before it ends, then refreshes first', async () => {
    let now = 0;
    const { tokens, refreshed } = source({ now: () => now });
    expect(await tokens.authorization()).toBe('Bearer a1');
    now = 1_000_000 - 5 * 60_000;
    expect(await tokens.authorization()).toBe('Bearer a2');
    expect(refreshed).toEqual(['r1']);
  });

  it('concurrent 401s share one refresh', async () => {
    const { tokens, refreshed } = source();
    const results = await Promise.all([
      tokens.renew('Bearer a1'),
      tokens.renew('Bearer a1'),
      tokens.renew('Bearer a1'),
    ]);
    expect(results).toEqual([true, true, true]);
    expect(refreshed).toEqual(['r1']);
    expect(await tokens.renew('Bearer a1')).toBe(true); // already moved on: retry with a2, no refresh
    expect(refreshed).toEqual(['r1']);
  });

  it('does not use a pair it could not save, and saves it before the next use', async () => {
    const attempts: string[] = [];
    let fail = true;
    const { tokens, refreshed } = source({
      save: async (p) => {
        attempts.push(p.accessToken);
        if (fail) throw new Error('disk full');
      },
    });
    await expect(tokens.renew('Bearer a1')).rejects.toMatchObject({ code: 'ZENDESK_TOKEN_SAVE_FAILED' });
    fail = false;
    expect(await tokens.authorization()).toBe('Bearer a2');
    expect(attempts).toEqual(['a2', 'a2']);
    expect(refreshed).toEqual(['r1']); // the rotated pair was kept, not refreshed again
  });

  it('a refused refresh asks for a new authorization', async () => {
    const { tokens } = source({ fail: true });
    await expect(tokens.renew('Bearer a1')).rejects.toMatchObject({
      code: 'ZENDESK_AUTH_FAILED',
      message: expect.stringContaining('authorize Zendesk again'),
    });
  });
});
