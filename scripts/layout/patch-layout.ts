/**
 * Retrieve, patch, deploy: adds the iAdvize section to the org's User layout through the sf CLI. A
 * Layout deploy replaces the whole layout, so the project ships none: it patches the org's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sourceApiVersion } from '../checks/project-config';
import { readDeploy } from '../deploy/deploy-report';
import { PROJECT_ROOT, shown, type SfRunner } from '../deploy/sf-cli';
import { addIAdvizeSection } from './add-iadvize-section';
import { deployCommand, layoutPackageXml, retrieveCommand, type PatchOptions } from './patch-plan';

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

function run(sf: SfRunner, args: string[], log: (line: string) => void): void {
  log(`$ ${shown(args)}`);
  const result = sf([...args, '--json']);
  const outcome = readDeploy(result.json, result.exitCode);
  if (!outcome.ok)
    throw new Error(
      `${shown(args.slice(0, 3))} failed:\n${outcome.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
}

/** Returns what happened, in a sentence; throws with the reason when a step fails. */
export function patchUserLayout(options: PatchOptions, sf: SfRunner, log: (line: string) => void): string {
  // Inside the project (sf requires it) but outside its package directories; tmp/ is git-ignored.
  fs.mkdirSync(path.join(PROJECT_ROOT, 'tmp'), { recursive: true });
  const workDir = fs.mkdtempSync(path.join(PROJECT_ROOT, 'tmp', 'user-layout-'));
  try {
    const done = retrievePatchDeploy(options, workDir, sf, log);
    if (!options.noDeploy) fs.rmSync(workDir, { recursive: true, force: true });
    return done;
  } catch (error) {
    log(`Working files kept in ${workDir}`);
    throw error;
  }
}

function retrievePatchDeploy(
  options: PatchOptions,
  workDir: string,
  sf: SfRunner,
  log: (l: string) => void,
): string {
  const retrieved = path.join(workDir, 'retrieved');
  run(sf, retrieveCommand(options, retrieved), log);
  const fileName = `${options.layout}.layout-meta.xml`;
  const layoutFile = fs.existsSync(retrieved) ? findFile(retrieved, fileName) : undefined;
  if (!layoutFile)
    throw new Error(`The org returned no layout "${options.layout}" (no ${fileName} under ${retrieved}).`);

  const original = fs.readFileSync(layoutFile, 'utf8');
  const patched = addIAdvizeSection(original);
  if (patched === original)
    return `"${options.layout}" already shows every iAdvize field: nothing to deploy.`;
  fs.writeFileSync(layoutFile, patched);
  if (options.noDeploy) return `Patched layout written to ${layoutFile} (not deployed).`;

  const deployDir = path.join(workDir, 'deploy');
  fs.mkdirSync(path.join(deployDir, 'layouts'), { recursive: true });
  fs.writeFileSync(path.join(deployDir, 'layouts', `${options.layout}.layout`), patched);
  fs.writeFileSync(
    path.join(deployDir, 'package.xml'),
    layoutPackageXml(options.layout, sourceApiVersion(PROJECT_ROOT)),
  );
  run(sf, deployCommand(options, deployDir), log);
  return options.dryRun
    ? `"${options.layout}" validated (dry run, nothing saved).`
    : `"${options.layout}" now has the iAdvize section.`;
}
