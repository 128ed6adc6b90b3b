import type { IAdvizeConfig } from '../src/config';
import type { JwtAuthConfig } from './stack';

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
