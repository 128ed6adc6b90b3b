import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Config, IAdvizeConfig, OAuthConfig, SalesforceAuthConfig } from '../src/config';
import { parseKey } from '../src/lib/crypto-box';
import {
  DEFAULT_ADMIN,
  DEFAULT_REST_API_KEY,
  startIAdvizeSandbox,
  type IAdvizeSandbox,
  type IAdvizeSandboxOptions,
} from './iadvize';
import {
  DEFAULT_ACCESS_TOKEN as INTERCOM_ACCESS_TOKEN,
  DEFAULT_OAUTH_CLIENT as INTERCOM_OAUTH_CLIENT,
  startIntercomSandbox,
  type IntercomSandbox,
  type IntercomSandboxOptions,
} from './intercom';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from './salesforce';
import { startZendeskSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from './zendesk';

export const COMPANION_CLIENT_ID = '3MVG9UserSync.Companion.Sandbox';
export const INTEGRATION_USERNAME = 'integration@usersync.sandbox';
/** The Zendesk OAuth client registered in the sandbox account for the companion. */
export const ZENDESK_OAUTH_CLIENT = {
  clientId: 'user-sync-companion',
  clientSecret: 'sandbox-zendesk-secret',
};
/** Where `npm start` listens with the sandbox environment (PORT and HOST defaults). */
export const DEFAULT_COMPANION_URL = 'http://127.0.0.1:3000';

export type JwtAuthConfig = Extract<SalesforceAuthConfig, { flow: 'jwt' }>;

/**
 * Connecting the sources against the sandbox: the providers redirect to `publicUrl`, which is why it
 * is fixed before the simulators start (the Zendesk one only accepts registered redirect URIs).
 */
export interface SandboxOAuth {
  /** TOKEN_ENCRYPTION_KEY for this stack, as the environment writes it. */
  keyText: string;
  publicUrl: string;
  zendesk: { clientId: string; clientSecret: string };
  intercom: { clientId: string; clientSecret: string };
}

export interface SandboxStack {
  salesforce: SalesforceSandbox;
  iadvize: IAdvizeSandbox;
  zendesk: ZendeskSandbox;
  intercom: IntercomSandbox;
  /** How the companion authenticates to the sandbox org: JWT bearer, as in production. */
  companionAuth: JwtAuthConfig;
  /** How the companion reaches the iAdvize sandbox (GraphQL, token and REST v2 on one host). */
  iadvizeConfig: IAdvizeConfig;
  integrationUserId: string;
  oauth: SandboxOAuth;
  /**
   * A complete companion configuration against this stack; `oauth: true` adds the connect flow
   * (the companion must then listen where `oauth.publicUrl` says).
   */
  companionConfig(
    databasePath: string,
    overrides?: { iadvize?: Partial<IAdvizeConfig>; port?: number; oauth?: boolean },
  ): Config;
  close(): Promise<void>;
}

export interface SandboxStackOptions {
  salesforce?: SalesforceSandboxOptions;
  iadvize?: IAdvizeSandboxOptions;
  zendesk?: ZendeskSandboxOptions;
  intercom?: IntercomSandboxOptions;
  /** The companion's public URL, registered with the Zendesk sandbox for the OAuth redirect. */
  companionUrl?: string;
}

/**
 * The built-in sandbox as the companion sees real services: a Salesforce org with a connected app
 * trusting a key pair made for this run (nothing on disk, nothing to leak) and an integration user,
 * and an iAdvize account with an API user and a REST key.
 */
export async function startSandboxStack(options: SandboxStackOptions = {}): Promise<SandboxStack> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const companionUrl = (options.companionUrl ?? DEFAULT_COMPANION_URL).replace(/\/+$/, '');
  const [salesforce, iadvize, zendesk, intercom] = await Promise.all([
    startSalesforceSandbox({
      ...options.salesforce,
      connectedApps: [
        {
          clientId: COMPANION_CLIENT_ID,
          certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
        ...(options.salesforce?.connectedApps ?? []),
      ],
    }),
    startIAdvizeSandbox(options.iadvize),
    startZendeskSandbox({
      ...options.zendesk,
      oauthClients: [
        { ...ZENDESK_OAUTH_CLIENT, redirectUris: [`${companionUrl}/oauth/zendesk/callback`] },
        ...(options.zendesk?.oauthClients ?? []),
      ],
    }),
    startIntercomSandbox(options.intercom),
  ]);
  const integrationUserId = salesforce.org.addUser({
    Username: INTEGRATION_USERNAME,
    FirstName: 'User Sync',
    LastName: 'Integration',
    Email: INTEGRATION_USERNAME,
    Alias: 'usync',
  });
  const companionAuth: JwtAuthConfig = {
    flow: 'jwt',
    loginUrl: salesforce.url,
    clientId: COMPANION_CLIENT_ID,
    username: INTEGRATION_USERNAME,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const admin = options.iadvize?.admin ?? DEFAULT_ADMIN;
  const iadvizeConfig: IAdvizeConfig = {
    username: admin.email,
    password: admin.password,
    graphqlUrl: iadvize.url,
    sdPlatform: false,
    restKey: options.iadvize?.restApiKey ?? DEFAULT_REST_API_KEY,
    restUrl: `${iadvize.url}/api/2`,
    linkExisting: false,
    concurrency: 8,
    interfaceLanguage: 'en',
  };
  const oauth: SandboxOAuth = {
    // A key made for this stack: tokens sealed by an earlier sandbox run are refused, not misread.
    keyText: randomBytes(32).toString('base64'),
    publicUrl: companionUrl,
    zendesk: { ...ZENDESK_OAUTH_CLIENT },
    intercom: { ...INTERCOM_OAUTH_CLIENT },
  };
  const oauthConfig = (): OAuthConfig => {
    const key = parseKey(oauth.keyText);
    if (!key.ok) throw new Error(key.error);
    return {
      key: key.value,
      publicUrl: oauth.publicUrl,
      zendesk: oauth.zendesk,
      intercom: { ...oauth.intercom, oauthUrl: intercom.url },
    };
  };
  return {
    salesforce,
    iadvize,
    zendesk,
    intercom,
    companionAuth,
    iadvizeConfig,
    integrationUserId,
    oauth,
    companionConfig: (databasePath, overrides = {}) => ({
      port: overrides.port ?? 0,
      host: '127.0.0.1',
      logLevel: 'info',
      databasePath,
      salesforce: {
        apiVersion: salesforce.apiVersion,
        auth: companionAuth,
        initialReplayId: -2,
        streamingEnabled: true,
      },
      iadvize: { ...iadvizeConfig, ...overrides.iadvize },
      sources: {
        zendesk: { accessToken: zendesk.state.issueAccessToken(), baseUrl: zendesk.url },
        intercom: {
          accessToken: options.intercom?.accessToken ?? INTERCOM_ACCESS_TOKEN,
          baseUrl: intercom.url,
        },
      },
      ...(overrides.oauth && { oauth: oauthConfig() }),
    }),
    close: async () => {
      await Promise.all([salesforce.close(), iadvize.close(), zendesk.close(), intercom.close()]);
    },
  };
}
