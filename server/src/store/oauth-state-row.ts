import type { OAuthState } from './store';

/** An oauth_states row as both stores return it (created_at is the store's own type). */
export interface OAuthStateRow<CreatedAt> {
  provider: string;
  subdomain: string | null;
  code_verifier: string | null;
  browser_hash: string | null;
  scope: string | null;
  created_at: CreatedAt;
}

/** The authorization a taken row holds, or undefined when it was started more than `maxAgeMs` before `now`. */
export function oauthStateOf(
  state: string,
  row: OAuthStateRow<unknown>,
  createdAtMs: number,
  maxAgeMs: number,
  now: Date,
): OAuthState | undefined {
  if (now.getTime() - createdAtMs > maxAgeMs) return undefined;
  return {
    state,
    provider: row.provider,
    ...(row.subdomain === null ? {} : { subdomain: row.subdomain }),
    ...(row.code_verifier === null ? {} : { codeVerifier: row.code_verifier }),
    ...(row.browser_hash === null ? {} : { browserHash: row.browser_hash }),
    ...(row.scope === null ? {} : { scope: row.scope }),
  };
}
