import { parseCommandLine, type CommandSpec } from '../../server/src/lib/command-line';

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

/** The org every sf step targets; patch:layout takes the same option. */
export const TARGET_ORG_OPTION = {
  type: 'string',
  short: 'o',
  value: '<alias>',
  required: true,
  description: 'Org alias or username known to the sf CLI (sf org login web --alias <alias>)',
} as const;

export const DEPLOY_COMMAND = {
  command: 'npm run deploy --',
  summary:
    'Deploys User Sync to an org: the metadata (running the local Apex tests), the permission sets, the iAdvize section of the User layout.',
  options: {
    'target-org': TARGET_ORG_OPTION,
    'check-only': {
      type: 'boolean',
      description: 'Validate the deploy and its tests in the org without saving anything',
    },
    admin: {
      type: 'string',
      value: '<username>',
      description: 'Who gets the admin permission sets (default: the logged-in user)',
    },
    'integration-user': {
      type: 'string',
      value: '<username>',
      description: "The companion's user, given User_Sync_Integration",
    },
  },
} satisfies CommandSpec;

export type ParsedDeployArgs =
  { options: DeployOptions } | { help: true; text: string } | { error: string; text: string };

export function parseDeployArgs(argv: string[]): ParsedDeployArgs {
  const parsed = parseCommandLine(DEPLOY_COMMAND, argv);
  if (parsed.kind === 'help') return { help: true, text: parsed.text };
  if (parsed.kind === 'error') return { error: parsed.message, text: parsed.text };
  const v = parsed.values;
  return {
    options: {
      targetOrg: v['target-org'],
      checkOnly: v['check-only'],
      ...(v.admin !== undefined && { admin: v.admin }),
      ...(v['integration-user'] !== undefined && { integrationUser: v['integration-user'] }),
    },
  };
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
