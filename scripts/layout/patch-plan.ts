import { parseCommandLine, usage, type CommandSpec } from '../../server/src/lib/command-line';
import { TARGET_ORG_OPTION } from '../deploy/deploy-plan';
/** What patch-user-layout was asked to do. */
export interface PatchOptions {
  targetOrg: string;
  /** Layout full name, `<Object>-<Layout Name>`. */
  layout: string;
  /** Validate the deploy without saving it (sf's own --dry-run). */
  dryRun: boolean;
  /** Stop after writing the patched file. */
  noDeploy: boolean;
}

export const DEFAULT_LAYOUT = 'User-User Layout';

export const PATCH_COMMAND = {
  command: 'npm run patch:layout --',
  summary: "Adds the iAdvize fields to the org's User page layout (retrieve, patch, deploy).",
  options: {
    'target-org': TARGET_ORG_OPTION,
    layout: {
      type: 'string',
      value: '<full name>',
      default: DEFAULT_LAYOUT,
      description: 'The User layout to patch',
    },
    'dry-run': { type: 'boolean', description: 'Validate the deploy in the org without saving it' },
    'no-deploy': { type: 'boolean', description: 'Only retrieve and patch; print where the patched file is' },
  },
} satisfies CommandSpec;

export type ParsedArgs =
  { options: PatchOptions } | { help: true; text: string } | { error: string; text: string };

export function parsePatchArgs(argv: string[]): ParsedArgs {
  const parsed = parseCommandLine(PATCH_COMMAND, argv);
  if (parsed.kind === 'help') return { help: true, text: parsed.text };
  if (parsed.kind === 'error') return { error: parsed.message, text: parsed.text };
  const v = parsed.values;
  const options: PatchOptions = {
    targetOrg: v['target-org'],
    layout: v.layout,
    dryRun: v['dry-run'],
    noDeploy: v['no-deploy'],
  };
  if (!/^User-.+/.test(options.layout))
    return {
      error: `--layout must be a User layout full name such as "${DEFAULT_LAYOUT}" (got "${options.layout}")`,
      text: usage(PATCH_COMMAND),
    };
  return { options };
}

export function retrieveCommand(options: PatchOptions, outputDir: string): string[] {
  return [
    'project',
    'retrieve',
    'start',
    '--metadata',
    `Layout:${options.layout}`,
    '--target-org',
    options.targetOrg,
    '--output-dir',
    outputDir,
  ];
}

export function deployCommand(options: PatchOptions, metadataDir: string): string[] {
  const command = [
    'project',
    'deploy',
    'start',
    '--metadata-dir',
    metadataDir,
    '--target-org',
    options.targetOrg,
    '--wait',
    '10',
  ];
  return options.dryRun ? [...command, '--dry-run'] : command;
}

/** package.xml of a metadata-format directory holding one layout. */
export function layoutPackageXml(layout: string, apiVersion: string): string {
  const member = layout.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Package xmlns="http://soap.sforce.com/2006/04/metadata">',
    '    <types>',
    `        <members>${member}</members>`,
    '        <name>Layout</name>',
    '    </types>',
    `    <version>${apiVersion}</version>`,
    '</Package>',
    '',
  ].join('\n');
}
