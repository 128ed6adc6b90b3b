import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { companionEnvFile } from './env-file';
import { startSandboxStack } from './stack';

/**
 * `npm run sandbox`: the simulators as standalone servers, for trying the companion by hand.
 * Writes .env.sandbox for the companion; start it with `set -a; . ./.env.sandbox; npm start`.
 */
async function main(): Promise<void> {
  const stack = await startSandboxStack({
    salesforce: { port: Number(process.env.SANDBOX_SALESFORCE_PORT ?? 4100) },
    iadvize: { port: Number(process.env.SANDBOX_IADVIZE_PORT ?? 4200) },
  });
  const envPath = resolve(process.cwd(), '.env.sandbox');
  const env = companionEnvFile(stack.companionAuth, stack.iadvizeConfig, {
    DATABASE_PATH: './data/sandbox.db',
  });
  writeFileSync(envPath, env, { mode: 0o600 });
  console.log(`Salesforce sandbox: ${stack.salesforce.url} (org ${stack.salesforce.orgId})`);
  console.log(
    `  admin user: ${stack.salesforce.org.adminUsername}; integration user: ${stack.companionAuth.username}`,
  );
  console.log(
    `iAdvize sandbox: ${stack.iadvize.url} (token /oauth2/token, GraphQL /graphql, REST v2 /api/2)`,
  );
  console.log(`Companion environment written to ${envPath}`);
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
