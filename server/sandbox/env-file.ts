import type { JwtAuthConfig } from './stack';

/**
 * The companion's environment for the sandbox, as a dotenv file: the private key on one line with
 * escaped newlines (config.ts turns them back). Written to a git-ignored file, never printed.
 */
export function companionEnvFile(auth: JwtAuthConfig, extra: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    SF_LOGIN_URL: auth.loginUrl,
    SF_AUTH_FLOW: 'jwt',
    SF_CLIENT_ID: auth.clientId,
    SF_USERNAME: auth.username,
    SF_PRIVATE_KEY: auth.privateKeyPem.trim().replace(/\n/g, '\\n'),
    ...extra,
  };
  return Object.entries(values)
    .map(([key, value]) => `${key}="${value}"`)
    .join('\n')
    .concat('\n');
}
