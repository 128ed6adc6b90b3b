/**
 * A connect link opens one flow: the first start request uses it up, and a source that connected
 * after it was issued no longer honours it. Whoever later finds a link in a record's history, a
 * browser's, or a proxy's log cannot start a flow with it.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../lib/result';
import type { ConnectLinkStore } from '../store/store';
import { issuedAtMs, verifyLink, type LinkClaims, type LinkFailure, type LinkKey } from './signed-link';
import type { Provider } from './types';

/** A start request's link: signed by us for `provider`, unexpired, and not used before. */
export async function openLink(
  query: unknown,
  provider: Provider,
  o: { store: ConnectLinkStore; linkKey: LinkKey; now: () => number },
): Promise<Result<LinkClaims, LinkFailure>> {
  const nowMs = o.now();
  const link = verifyLink(query, provider, o.linkKey, nowMs);
  if (!link.ok) return link;
  const use = await useLink(o.store, link.value, nowMs);
  return use.ok ? link : use;
}

async function useLink(
  store: ConnectLinkStore,
  claims: LinkClaims,
  nowMs: number,
): Promise<Result<void, LinkFailure>> {
  const use = await store.useConnectLink(
    {
      provider: claims.provider,
      // Only a hash is kept: the store never holds anything a link could be rebuilt from.
      nonceHash: createHash('sha256').update(claims.nonce).digest('base64url'),
      issuedAt: new Date(issuedAtMs(claims)),
      expiresAt: new Date(claims.expires * 1000),
    },
    new Date(nowMs),
  );
  if (use === 'fresh') return ok(undefined);
  const detail = use === 'used' ? 'it was opened before' : 'the source was connected after it was issued';
  return err({ code: 'OAUTH_LINK_USED', detail });
}
