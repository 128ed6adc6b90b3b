/** What `npm run deploy` was asked to do, and the sf command lines that do it. Pure. */
export interface DeployOptions {
  targetOrg: string;
  /** Validate everything in the org (tests included) without saving anything. */
  checkOnly: boolean;
  /** Who gets the admin permission sets (default: the user the CLI is logged in as). */
  admin?: string;
  /** The companion's integration user, when it exists already. */
  integrationUser?: string;
}

export const ADMIN_PERMISSION_SETS = [
  'User_Sync_Manage_Integrations',
  'User_Sync_Activate_Users',
  'User_Sync_Admin',
];
export const INTEGRATION_PERMISSION_SET = 'User_Sync_Integration';

export const USAGE = `Deploys User Sync to an org: the metadata (running the local Apex tests), the permission sets, the
iAdvize section of the User layout.

Usage: npm run deploy -- --target-org <alias> [--check-only] [--admin <username>] [--integration-user <username>]

  --target-org, -o    org alias or username known to the sf CLI (sf org login web --alias <alias>)
  --check-only        validate the deploy and its tests in the org without saving anything
  --admin             who gets the admin permission sets (default: the logged-in user)
  --integration-user  the companion's user, given User_Sync_Integration`;

export type ParsedDeployArgs = { options: DeployOptions } | { help: true } | { error: string };

export function parseDeployArgs(argv: string[]): ParsedDeployArgs {
  const options: DeployOptions = { targetOrg: '', checkOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i] ?? '';
    if (flag === '--help' || flag === '-h') return { help: true };
    else if (flag === '--target-org' || flag === '-o') options.targetOrg = value();
    else if (flag === '--check-only') options.checkOnly = true;
    else if (flag === '--admin') options.admin = value();
    else if (flag === '--integration-user') options.integrationUser = value();
    else return { error: `Unknown argument: ${flag}` };
  }
  if (!options.targetOrg) return { error: 'Missing --target-org <alias>' };
  return { options };
}

export function metadataDeployCommand(o: DeployOptions): string[] {
  return [
    'project',
    'deploy',
    o.checkOnly ? 'validate' : 'start',
    '--source-dir',
    'force-app',
    '--target-org',
    o.targetOrg,
    '--test-level',
    'RunLocalTests',
    '--wait',
    '60',
  ];
}

export function assignCommand(o: DeployOptions, names: string[], onBehalfOf?: string): string[] {
  return [
    'org',
    'assign',
    'permset',
    ...names.flatMap((name) => ['--name', name]),
    '--target-org',
    o.targetOrg,
    ...(onBehalfOf ? ['--on-behalf-of', onBehalfOf] : []),
  ];
}
