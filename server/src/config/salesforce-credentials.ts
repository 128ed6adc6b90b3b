/**
 * The Salesforce credentials of the chosen flow: the JWT bearer flow's user and private key, or the
 * refresh-token flow's token. Read on their own, so their problems are reported on the first start
 * together with every other one.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';
import { checkPrivateKey } from '../salesforce/private-key';
import { issuesOf, type Env } from './env-values';

const jwtSchema = z.object({
  SF_USERNAME: z.string().min(1),
  SF_PRIVATE_KEY: z.string().min(1).optional(),
  SF_PRIVATE_KEY_FILE: z.string().min(1).optional(),
});

const refreshSchema = z.object({
  SF_REFRESH_TOKEN: z.string().min(1),
  SF_CLIENT_SECRET: z.string().min(1).optional(),
});

export type SalesforceCredentials =
  | { flow: 'jwt'; username: string; privateKeyPem: string }
  | { flow: 'refresh_token'; refreshToken: string; clientSecret?: string };

/** The key from SF_PRIVATE_KEY (newlines may be written `\n`) or SF_PRIVATE_KEY_FILE, checked. */
function readPrivateKey(env: Env, readFile: (path: string) => string): Result<string, string> {
  if (env.SF_PRIVATE_KEY) {
    const key = checkPrivateKey(env.SF_PRIVATE_KEY.replace(/\\n/g, '\n'));
    return key.ok ? key : err(`SF_PRIVATE_KEY: ${key.error}`);
  }
  const path = env.SF_PRIVATE_KEY_FILE;
  if (!path) return err('SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE: one is required for the jwt flow');
  let text: string;
  try {
    text = readFile(path);
  } catch {
    return err(`SF_PRIVATE_KEY_FILE: cannot read ${path}`);
  }
  const key = checkPrivateKey(text);
  return key.ok ? key : err(`SF_PRIVATE_KEY_FILE: ${path} is ${key.error}`);
}

/** `flow` is SF_AUTH_FLOW as given; anything but refresh_token is read as the default, jwt. */
export function readSalesforceCredentials(
  env: Env,
  flow: string | undefined,
  readFile: (path: string) => string,
): Result<SalesforceCredentials, string[]> {
  if (flow === 'refresh_token') {
    const parsed = refreshSchema.safeParse(env);
    if (!parsed.success) return err(issuesOf(parsed.error));
    return ok({
      flow: 'refresh_token',
      refreshToken: parsed.data.SF_REFRESH_TOKEN,
      ...(parsed.data.SF_CLIENT_SECRET ? { clientSecret: parsed.data.SF_CLIENT_SECRET } : {}),
    });
  }
  const parsed = jwtSchema.safeParse(env);
  const key = readPrivateKey(env, readFile);
  const problems = [...(parsed.success ? [] : issuesOf(parsed.error)), ...(key.ok ? [] : [key.error])];
  if (!parsed.success || !key.ok) return err(problems);
  return ok({ flow: 'jwt', username: parsed.data.SF_USERNAME, privateKeyPem: key.value });
}
