/**
 * Everything `npm run sandbox` runs, in one process: the four simulators seeded with a team, the
 * companion connected to them (OAuth included, so Connect works end to end from the app), and the
 * User Sync app on the Salesforce sandbox's Lightning page. The browser tests start the same.
 */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCompanion, type Companion } from '../src/companion';
import { createLogger } from '../src/lib/logger';
import { freePort } from '../test/free-port';
import { DEFAULT_OUT_DIR } from './lightning/paths';
import { startSandboxStack, type SandboxStack } from './stack';
import {
  intercomOwner,
  seedTeam,
  TEAM_LICENSES,
  TEAM_SALESFORCE_LICENSES,
  ZENDESK_SUBDOMAIN,
  type SeededTeam,
} from './team';

export interface AppSandbox {
  stack: SandboxStack;
  /** Undefined with `companion: false` (the companion is then started by hand). */
  companion?: Companion;
  team: SeededTeam;
  /** The User Sync app on the sandbox org, as the admin. */
  appUrl: string;
  /** The companion's public URL (connect links, OAuth callbacks). */
  companionUrl: string;
  /** Where the companion's store and JSON log are. */
  dataDir: string;
  close(): Promise<void>;
}

export interface AppSandboxOptions {
  /** Ports of the Salesforce sandbox (the app's URL) and of the companion; 0 or absent: any free one. */
  salesforcePort?: number;
  companionPort?: number;
  /** Where the Lightning bundle is (default .lightning/). */
  bundleDir?: string;
  /** Start the companion in this process (default true). */
  companion?: boolean;
  /** How long the org holds a streaming long-poll (default Salesforce's 110 s). */
  cometdTimeoutMs?: number;
}

export async function startAppSandbox(options: AppSandboxOptions = {}): Promise<AppSandbox> {
  const companionPort = options.companionPort || (await freePort());
  const companionUrl = `http://127.0.0.1:${companionPort}`;
  const seeded: { team?: SeededTeam } = {};
  const stack = await startSandboxStack({
    salesforce: {
      port: options.salesforcePort ?? 0,
      salesforceLicenses: TEAM_SALESFORCE_LICENSES,
      licenses: TEAM_LICENSES,
      cometdTimeoutMs: options.cometdTimeoutMs,
      lightning: {
        bundleDir: options.bundleDir ?? DEFAULT_OUT_DIR,
        // Asked when a page is served: the team is seeded by then.
        users: () => seeded.team?.lightningUsers ?? [],
      },
    },
    zendesk: { subdomain: ZENDESK_SUBDOMAIN, consentPage: true },
    intercom: { owner: intercomOwner() },
    companionUrl,
  });
  const team = seedTeam(stack);
  seeded.team = team;
  const dataDir = mkdtempSync(join(tmpdir(), 'user-sync-sandbox-'));
  let companion: Companion | undefined;
  if (options.companion !== false) {
    const config = stack.companionConfig(join(dataDir, 'companion.db'), { port: companionPort, oauth: true });
    // No token from the environment: the sources are used once connected from the app.
    config.sources = {
      zendesk: { baseUrl: config.sources.zendesk.baseUrl },
      intercom: { baseUrl: config.sources.intercom.baseUrl },
    };
    const logger = createLogger(
      { level: config.logLevel },
      createWriteStream(join(dataDir, 'companion.log')),
    );
    companion = await startCompanion(config, logger);
  }
  return {
    stack,
    companion,
    team,
    appUrl: `${stack.salesforce.url}/lightning/app/c__User_Sync`,
    companionUrl,
    dataDir,
    async close() {
      await companion?.stop();
      await stack.close();
    },
  };
}
