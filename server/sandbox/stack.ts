import { generateKeyPairSync } from 'node:crypto';
import type { Config, IAdvizeConfig, SalesforceAuthConfig } from '../src/config';
import {
  DEFAULT_ADMIN,
  DEFAULT_REST_API_KEY,
  startIAdvizeSandbox,
  type IAdvizeSandbox,
  type IAdvizeSandboxOptions,
} from './iadvize';
import {
  DEFAULT_ACCESS_TOKEN as INTERCOM_ACCESS_TOKEN,
  startIntercomSandbox,
  type IntercomSandbox,
  type IntercomSandboxOptions,
} from './intercom';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from './salesforce';
import { startZendeskSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from './zendesk';

export const COMPANION_CLIENT_ID = '3MVG9UserSync.Companion.Sandbox';
export const INTEGRATION_USERNAME = 'integration@usersync.sandbox';

export type JwtAuthConfig = Extract<SalesforceAuthConfig, { flow: 'jwt' }>;

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
  /** A complete companion configuration against this stack. */
  companionConfig(
    databasePath: string,
    overrides?: { iadvize?: Partial<IAdvizeConfig>; port?: number },
  ): Config;
  close(): Promise<void>;
}

export interface SandboxStackOptions {
  salesforce?: SalesforceSandboxOptions;
  iadvize?: IAdvizeSandboxOptions;
  zendesk?: ZendeskSandboxOptions;
  intercom?: IntercomSandboxOptions;
}

/**
 * The built-in sandbox as the companion sees real services: a Salesforce org with a connected app
 * trusting a key pair made for this run (nothing on disk, nothing to leak) and an integration user,
 * and an iAdvize account with an API user and a REST key.
 */
export async function startSandboxStack(options: SandboxStackOptions = {}): Promise<SandboxStack> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
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
    startZendeskSandbox(options.zendesk),
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
  return {
    salesforce,
    iadvize,
    zendesk,
    intercom,
    companionAuth,
    iadvizeConfig,
    integrationUserId,
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
    }),
    close: async () => {
      await Promise.all([salesforce.close(), iadvize.close(), zendesk.close(), intercom.close()]);
    },
  };
}
