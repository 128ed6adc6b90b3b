/**
 * Connecting Zendesk and Intercom through the admin's browser: optional as a group (none of its
 * variables set), and then complete enough to run at least one provider's flow.
 */
import { z } from 'zod';
import { parseKey, type SealingKey } from '../lib/crypto-box';
import { err, ok, type Result } from '../lib/result';
import { issuesOf, url, type Env } from './env-values';

// Optional as a group (readOAuth): none set, or enough to run at least one provider's flow.
const OAUTH_KEYS = [
  'TOKEN_ENCRYPTION_KEY',
  'PUBLIC_URL',
  'ZENDESK_CLIENT_ID',
  'ZENDESK_CLIENT_SECRET',
  'INTERCOM_CLIENT_ID',
  'INTERCOM_CLIENT_SECRET',
  'INTERCOM_OAUTH_URL',
] as const;

const oauthSchema = z.object({
  TOKEN_ENCRYPTION_KEY: z.string().optional(),
  // Callbacks are `${PUBLIC_URL}/oauth/{provider}/callback`: a query or fragment would break them.
  PUBLIC_URL: url.refine((u) => !/[?#]/.test(u), 'must not have a query or fragment').optional(),
  ZENDESK_CLIENT_ID: z.string().trim().min(1).optional(),
  ZENDESK_CLIENT_SECRET: z.string().min(1).optional(),
  INTERCOM_CLIENT_ID: z.string().trim().min(1).optional(),
  INTERCOM_CLIENT_SECRET: z.string().min(1).optional(),
  INTERCOM_OAUTH_URL: url.optional(),
});

/**
 * Connecting the sources through the admin's browser (connect/). Present only when the sealing key,
 * the public URL and at least one provider's OAuth client are all set: the router is mounted then.
 */
export interface OAuthConfig {
  /** TOKEN_ENCRYPTION_KEY: seals the stored tokens; a derived key signs the connect links. */
  key: SealingKey;
  /** The companion's address as the admin's browser reaches it (connect links, OAuth callbacks). */
  publicUrl: string;
  zendesk?: { clientId: string; clientSecret: string };
  /** `oauthUrl` (INTERCOM_OAUTH_URL) replaces Intercom's consent and token hosts (sandbox). */
  intercom?: { clientId: string; clientSecret: string; oauthUrl?: string };
}

/** One provider's client: both halves or neither. */
function clientOf(
  id: string | undefined,
  secret: string | undefined,
  prefix: 'ZENDESK' | 'INTERCOM',
): Result<{ clientId: string; clientSecret: string } | undefined, string[]> {
  if (id === undefined && secret === undefined) return ok(undefined);
  if (id === undefined) return err([`${prefix}_CLIENT_ID: is required with ${prefix}_CLIENT_SECRET`]);
  if (secret === undefined) return err([`${prefix}_CLIENT_SECRET: is required with ${prefix}_CLIENT_ID`]);
  return ok({ clientId: id, clientSecret: secret });
}

export function readOAuth(env: Env): Result<OAuthConfig | undefined, string[]> {
  // An empty value counts as unset, as a blank line in a .env file means.
  const given = Object.fromEntries(OAUTH_KEYS.map((k) => [k, env[k] === '' ? undefined : env[k]]));
  if (Object.values(given).every((v) => v === undefined)) return ok(undefined);
  const parsed = oauthSchema.safeParse(given);
  if (!parsed.success) return err(issuesOf(parsed.error));
  const v = parsed.data;
  const problems: string[] = [];
  const group = 'to connect sources (with PUBLIC_URL and a provider client)';
  const key = v.TOKEN_ENCRYPTION_KEY === undefined ? undefined : parseKey(v.TOKEN_ENCRYPTION_KEY);
  if (!key) problems.push(`TOKEN_ENCRYPTION_KEY: is required ${group}`);
  else if (!key.ok) problems.push(`TOKEN_ENCRYPTION_KEY: ${key.error}`);
  if (!v.PUBLIC_URL)
    problems.push(
      'PUBLIC_URL: is required to connect sources (the address the admin browser reaches the companion at)',
    );
  const zendesk = clientOf(v.ZENDESK_CLIENT_ID, v.ZENDESK_CLIENT_SECRET, 'ZENDESK');
  const intercom = clientOf(v.INTERCOM_CLIENT_ID, v.INTERCOM_CLIENT_SECRET, 'INTERCOM');
  if (!zendesk.ok) problems.push(...zendesk.error);
  if (!intercom.ok) problems.push(...intercom.error);
  if (zendesk.ok && intercom.ok && !zendesk.value && !intercom.value)
    problems.push(
      'ZENDESK_CLIENT_ID or INTERCOM_CLIENT_ID: at least one provider OAuth client is required to connect sources',
    );
  if (problems.length > 0 || !key?.ok || !v.PUBLIC_URL || !zendesk.ok || !intercom.ok) return err(problems);
  return ok({
    key: key.value,
    publicUrl: v.PUBLIC_URL,
    ...(zendesk.value && { zendesk: zendesk.value }),
    ...(intercom.value && {
      intercom: { ...intercom.value, ...(v.INTERCOM_OAUTH_URL && { oauthUrl: v.INTERCOM_OAUTH_URL }) },
    }),
  });
}
