/**
 * Adds the iAdvize section to the org's User page layout. A Layout deploy replaces the whole layout,
 * so the project ships none: this retrieves the org's layout with the sf CLI, adds the six iAdvize
 * fields where they are missing (scripts/layout/add-iadvize-section.ts) and deploys it back.
 * Run `tsx scripts/patch-user-layout.ts --help` for the options.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addIAdvizeSection } from './layout/add-iadvize-section';
import {
  deployCommand,
  layoutPackageXml,
  parsePatchArgs,
  PatchOptions,
  retrieveCommand,
  USAGE,
} from './layout/patch-plan';
import { sourceApiVersion } from './checks/project-config';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const SF = process.platform === 'win32' ? 'sf.cmd' : 'sf';
const SF_ENV = { ...process.env, SF_DISABLE_AUTOUPDATE: 'true', SF_DISABLE_TELEMETRY: 'true' };

function sf(args: string[]): void {
  console.log(`$ sf ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`);
  const run = spawnSync(SF, args, { cwd: PROJECT_ROOT, env: SF_ENV, stdio: 'inherit' });
  if (run.error) throw new Error(`Could not run sf: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`sf ${args.slice(0, 3).join(' ')} failed (exit ${run.status}).`);
}

function requireSf(): void {
  const probe = spawnSync(SF, ['--version'], { env: SF_ENV, stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'The Salesforce CLI (sf) was not found on PATH.\n' +
        'Install it (npm install --global @salesforce/cli), authorise the org ' +
        '(sf org login web --alias <alias>), then run this again.',
    );
  }
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    } else if (entry.name === name) {
      return full;
    }
  }
  return undefined;
}

function patch(options: PatchOptions): void {
  requireSf();
  // Inside the project (sf requires it) but outside its package directories; tmp/ is git-ignored.
  fs.mkdirSync(path.join(PROJECT_ROOT, 'tmp'), { recursive: true });
  const workDir = fs.mkdtempSync(path.join(PROJECT_ROOT, 'tmp', 'user-layout-'));
  try {
    retrievePatchDeploy(options, workDir);
  } catch (error) {
    console.error(`Working files kept in ${workDir}`);
    throw error;
  }
}

function retrievePatchDeploy(options: PatchOptions, workDir: string): void {
  const retrieved = path.join(workDir, 'retrieved');
  sf(retrieveCommand(options, retrieved));

  const fileName = `${options.layout}.layout-meta.xml`;
  const layoutFile = fs.existsSync(retrieved) ? findFile(retrieved, fileName) : undefined;
  if (!layoutFile)
    throw new Error(`The org returned no layout "${options.layout}" (no ${fileName} under ${retrieved}).`);

  const original = fs.readFileSync(layoutFile, 'utf8');
  const patched = addIAdvizeSection(original);
  if (patched === original) {
    console.log(`"${options.layout}" already shows every iAdvize field: nothing to deploy.`);
    fs.rmSync(workDir, { recursive: true, force: true });
    return;
  }
  fs.writeFileSync(layoutFile, patched);
  if (options.noDeploy) {
    console.log(`Patched layout written to ${layoutFile} (not deployed).`);
    return;
  }

  const deployDir = path.join(workDir, 'deploy');
  fs.mkdirSync(path.join(deployDir, 'layouts'), { recursive: true });
  fs.writeFileSync(path.join(deployDir, 'layouts', `${options.layout}.layout`), patched);
  fs.writeFileSync(
    path.join(deployDir, 'package.xml'),
    layoutPackageXml(options.layout, sourceApiVersion(PROJECT_ROOT)),
  );
  sf(deployCommand(options, deployDir));
  console.log(
    options.dryRun
      ? `"${options.layout}" validated (dry run, nothing saved).`
      : `"${options.layout}" now has the iAdvize section.`,
  );
  fs.rmSync(workDir, { recursive: true, force: true });
}

function main(argv: string[]): number {
  const parsed = parsePatchArgs(argv);
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  try {
    patch(parsed.options);
    return 0;
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
