import type { SalesforceSandbox, SalesforceSandboxOptions } from '../sandbox/salesforce';
import { startSandboxStack, type JwtAuthConfig } from '../sandbox/stack';

export interface SalesforceFixture {
  sandbox: SalesforceSandbox;
  jwtAuth: JwtAuthConfig;
  integrationUserId: string;
  /** Closes every sandbox of the stack (the iAdvize one too). */
  close(): Promise<void>;
}

/** The sandbox stack with a short long-poll hold, so streaming tests run fast. */
export async function startSalesforceFixture(
  options: SalesforceSandboxOptions = {},
): Promise<SalesforceFixture> {
  const stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400, ...options } });
  return {
    sandbox: stack.salesforce,
    jwtAuth: stack.companionAuth,
    integrationUserId: stack.integrationUserId,
    close: () => stack.close(),
  };
}
