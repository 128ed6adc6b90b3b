import { resolve } from 'node:path';
import { companionEnvFile, companionOAuthEnv, writeEnvFile } from './env-file';
import { startSandboxStack } from './stack';

/**
 * `npm run sandbox`: the simulators as standalone servers, for trying the companion by hand.
 * Writes .env.sandbox for the companion; start it with `set -a; . ./.env.sandbox; npm start`.
 */
async function main(): Promise<void> {
  const stack = await startSandboxStack({
    salesforce: { port: Number(process.env.SANDBOX_SALESFORCE_PORT ?? 4100) },
    iadvize: { port: Number(process.env.SANDBOX_IADVIZE_PORT ?? 4200) },
    // `npm start` listens on PORT (default 3000): the providers send the admin's browser back there.
    companionUrl: process.env.SANDBOX_COMPANION_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
  });
  const envPath = resolve(process.cwd(), '.env.sandbox');
  const env = companionEnvFile(stack.companionAuth, stack.iadvizeConfig, {
    DATABASE_PATH: './data/sandbox.db',
    ...companionOAuthEnv(stack.oauth, { zendeskUrl: stack.zendesk.url, intercomUrl: stack.intercom.url }),
  });
  writeEnvFile(envPath, env);
  console.log(`Salesforce sandbox: ${stack.salesforce.url} (org ${stack.salesforce.orgId})`);
  console.log(
    `  admin user: ${stack.salesforce.org.adminUsername}; integration user: ${stack.companionAuth.username}`,
  );
  console.log(
    `iAdvize sandbox: ${stack.iadvize.url} (token /oauth2/token, GraphQL /graphql, REST v2 /api/2)`,
  );
  console.log(
    `Zendesk sandbox: ${stack.zendesk.url} (subdomain ${stack.zendesk.subdomain}, OAuth auto-approves)`,
  );
  console.log(`Intercom sandbox: ${stack.intercom.url} (OAuth auto-approves)`);
  console.log(
    `Companion environment written to ${envPath} (OAuth: connect links point at ${stack.oauth.publicUrl})`,
  );
  console.log('  start the companion with: set -a; . ./.env.sandbox; npm start');
  console.log('Ctrl-C stops the sandbox.');
  const stop = () => void stack.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('Sandbox failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
