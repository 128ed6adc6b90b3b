import { resolve } from 'node:path';
import { readCommandLine } from '../src/lib/command-line';

/**
 * `npm run sandbox`: the User Sync app on a sandbox org, with everything behind it running on
 * 127.0.0.1 — the Salesforce, Zendesk, Intercom and iAdvize simulators seeded with a team, and the
 * companion. Prints one line, the app's URL; Ctrl-C stops it all.
 *
 * `npm run sandbox -- --no-companion` leaves the companion out and writes .env.sandbox for it instead:
 * `set -a; . ./.env.sandbox; npm start` runs it by hand against the same sandbox.
 */
const { values } = readCommandLine({
  command: 'npm run sandbox --',
  summary:
    'Serves the User Sync app on a sandbox org at http://127.0.0.1:4100/ (SANDBOX_SALESFORCE_PORT), with the Zendesk, Intercom and iAdvize simulators seeded with a team and the companion on PORT (default 3000). Ctrl-C stops it all.',
  options: {
    'no-companion': {
      type: 'boolean',
      description:
        'Leave the companion out and write its environment to .env.sandbox (then: set -a; . ./.env.sandbox; npm start)',
    },
  },
});

async function main(): Promise<void> {
  const withCompanion = !values['no-companion'];
  // Loaded after the command line is read: the simulators and the companion take seconds to load.
  const { startAppSandbox } = await import('./app-sandbox');
  const { companionEnvFile, companionOAuthEnv, writeEnvFile } = await import('./env-file');
  const { buildLightningBundle, bundleIsStale } = await import('./lightning/build');
  if (bundleIsStale()) {
    process.stderr.write('Building the User Sync app for the sandbox (once, about half a minute)…\n');
    await buildLightningBundle();
  }
  const sandbox = await startAppSandbox({
    salesforcePort: Number(process.env.SANDBOX_SALESFORCE_PORT ?? 4100),
    // `npm start` listens on PORT (default 3000): the providers send the admin's browser back there.
    companionPort: Number(process.env.PORT ?? 3000),
    companion: withCompanion,
  });
  if (!withCompanion) {
    const { stack } = sandbox;
    const envPath = resolve(process.cwd(), '.env.sandbox');
    writeEnvFile(
      envPath,
      companionEnvFile(stack.companionAuth, stack.iadvizeConfig, {
        DATABASE_PATH: './data/sandbox.db',
        ...companionOAuthEnv(stack.oauth, { zendeskUrl: stack.zendesk.url, intercomUrl: stack.intercom.url }),
      }),
    );
    process.stderr.write(
      `Companion environment written to ${envPath}: set -a; . ./.env.sandbox; npm start\n`,
    );
  }
  console.log(
    `Open ${sandbox.stack.salesforce.url}/ for the User Sync app on the sandbox org (Ctrl-C stops it all; companion log in ${sandbox.dataDir}).`,
  );
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('Sandbox failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
