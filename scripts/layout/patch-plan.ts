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

export const USAGE = `Adds the iAdvize fields to the org's User page layout (retrieve, patch, deploy).

Usage: tsx scripts/patch-user-layout.ts --target-org <alias> [--layout "${DEFAULT_LAYOUT}"] [--dry-run] [--no-deploy]

  --target-org, -o  org alias or username known to the sf CLI (sf org login web --alias <alias>)
  --layout          full name of the User layout to patch (default "${DEFAULT_LAYOUT}")
  --dry-run         validate the deploy in the org without saving it
  --no-deploy       only retrieve and patch; print where the patched file is`;

export type ParsedArgs = { options: PatchOptions } | { help: true } | { error: string };

export function parsePatchArgs(argv: string[]): ParsedArgs {
  const options: PatchOptions = { targetOrg: '', layout: DEFAULT_LAYOUT, dryRun: false, noDeploy: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--target-org':
      case '-o':
        options.targetOrg = value() ?? '';
        break;
      case '--layout':
        options.layout = value() ?? '';
        break;
      case '--dry-run':
        options.dryRun = true;
        break;
      case '--no-deploy':
        options.noDeploy = true;
        break;
      default:
        return { error: `Unknown argument: ${arg}` };
    }
  }
  if (!options.targetOrg) return { error: 'Missing --target-org <alias>' };
  if (!/^User-.+/.test(options.layout)) {
    return {
      error: `--layout must be a User layout full name such as "${DEFAULT_LAYOUT}" (got "${options.layout}")`,
    };
  }
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
