import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  startSalesforceSandbox,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../sandbox/salesforce';
import type { SalesforceAuthConfig } from '../src/config';

export const CLIENT_ID = '3MVG9companion.test.client';
export const INTEGRATION_USERNAME = 'integration@usersync.test';

export interface SalesforceFixture {
  sandbox: SalesforceSandbox;
  jwtAuth: Extract<SalesforceAuthConfig, { flow: 'jwt' }>;
  integrationUserId: string;
}

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** A sandbox org with a connected app trusting a fresh key pair, and an integration user. */
export async function startSalesforceFixture(
  options: SalesforceSandboxOptions = {},
): Promise<SalesforceFixture> {
  keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const sandbox = await startSalesforceSandbox({
    cometdTimeoutMs: 400,
    ...options,
    connectedApps: [{ clientId: CLIENT_ID, certificatePem: publicKeyPem }, ...(options.connectedApps ?? [])],
  });
  const integrationUserId = sandbox.org.addUser({
    Username: INTEGRATION_USERNAME,
    LastName: 'Integration',
    Email: 'integration@usersync.test',
  });
  return {
    sandbox,
    integrationUserId,
    jwtAuth: {
      flow: 'jwt',
      loginUrl: sandbox.url,
      clientId: CLIENT_ID,
      username: INTEGRATION_USERNAME,
      privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  };
}
