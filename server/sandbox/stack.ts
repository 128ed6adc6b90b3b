import { generateKeyPairSync } from 'node:crypto';
import type { SalesforceAuthConfig } from '../src/config';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from './salesforce';

export const COMPANION_CLIENT_ID = '3MVG9UserSync.Companion.Sandbox';
export const INTEGRATION_USERNAME = 'integration@usersync.sandbox';

export type JwtAuthConfig = Extract<SalesforceAuthConfig, { flow: 'jwt' }>;

export interface SandboxStack {
  salesforce: SalesforceSandbox;
  /** How the companion authenticates to the sandbox org: JWT bearer, as in production. */
  companionAuth: JwtAuthConfig;
  integrationUserId: string;
  close(): Promise<void>;
}

/**
 * The built-in sandbox as the companion sees a real org: a connected app trusting a key pair made
 * for this run (nothing on disk, nothing to leak) and an integration user the app runs as.
 */
export async function startSandboxStack(
  options: { salesforce?: SalesforceSandboxOptions } = {},
): Promise<SandboxStack> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const salesforce = await startSalesforceSandbox({
    ...options.salesforce,
    connectedApps: [
      {
        clientId: COMPANION_CLIENT_ID,
        certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
      ...(options.salesforce?.connectedApps ?? []),
    ],
  });
  const integrationUserId = salesforce.org.addUser({
    Username: INTEGRATION_USERNAME,
    FirstName: 'User Sync',
    LastName: 'Integration',
    Email: INTEGRATION_USERNAME,
    Alias: 'usync',
  });
  return {
    salesforce,
    integrationUserId,
    companionAuth: {
      flow: 'jwt',
      loginUrl: salesforce.url,
      clientId: COMPANION_CLIENT_ID,
      username: INTEGRATION_USERNAME,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    close: () => salesforce.close(),
  };
}
