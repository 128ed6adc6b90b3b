import { chmodSync, writeFileSync } from 'node:fs';
import type { IAdvizeConfig } from '../src/config';
import type { JwtAuthConfig, SandboxOAuth } from './stack';

/**
 * The companion's environment for the sandbox: the private key on one line with escaped newlines
 * (config.ts turns them back).
 */
export function companionEnv(
  auth: JwtAuthConfig,
  iadvize?: IAdvizeConfig,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SF_LOGIN_URL: auth.loginUrl,
    SF_AUTH_FLOW: 'jwt',
    SF_CLIENT_ID: auth.clientId,
    SF_USERNAME: auth.username,
    SF_PRIVATE_KEY: auth.privateKeyPem.trim().replace(/\n/g, '\\n'),
    ...(iadvize && {
      IADVIZE_USERNAME: iadvize.username,
      IADVIZE_PASSWORD: iadvize.password,
      IADVIZE_GRAPHQL_URL: iadvize.graphqlUrl,
      IADVIZE_REST_URL: iadvize.restUrl,
      ...(iadvize.restKey && { IADVIZE_REST_KEY: iadvize.restKey }),
    }),
    ...extra,
  };
}

/**
 * The variables that let the companion connect the sandbox's Zendesk and Intercom through the
 * browser (OAuth), with the source hosts pointed at the simulators. For `extra` above.
 */
export function companionOAuthEnv(
  oauth: SandboxOAuth,
  hosts: { zendeskUrl: string; intercomUrl: string },
): Record<string, string> {
  return {
    TOKEN_ENCRYPTION_KEY: oauth.keyText,
    PUBLIC_URL: oauth.publicUrl,
    ZENDESK_CLIENT_ID: oauth.zendesk.clientId,
    ZENDESK_CLIENT_SECRET: oauth.zendesk.clientSecret,
    ZENDESK_BASE_URL: hosts.zendeskUrl,
    INTERCOM_CLIENT_ID: oauth.intercom.clientId,
    INTERCOM_CLIENT_SECRET: oauth.intercom.clientSecret,
    INTERCOM_BASE_URL: hosts.intercomUrl,
    INTERCOM_OAUTH_URL: hosts.intercomUrl,
  };
}

/** The same environment as a dotenv file: written to a git-ignored file, never printed. */
export function companionEnvFile(
  auth: JwtAuthConfig,
  iadvize?: IAdvizeConfig,
  extra: Record<string, string> = {},
): string {
  return Object.entries(companionEnv(auth, iadvize, extra))
    .map(([key, value]) => `${key}="${value}"`)
    .join('\n')
    .concat('\n');
}

/**
 * Writes the environment readable by its owner only. `writeFileSync`'s mode applies only to a file
 * it creates: a file left by an earlier run keeps its mode unless it is set again.
 */
export function writeEnvFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}
