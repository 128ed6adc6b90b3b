import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..');
const STAND_IN = join(__dirname, 'deploy', 'fixtures', 'sf-stand-in.cjs');

/** Runs `npm run deploy`'s script with a stand-in `sf` first on PATH; returns what it printed and ran. */
function deploy(args: string[], scenario = 'ok', withSf = true) {
  const bin = mkdtempSync(join(tmpdir(), 'sf-bin-'));
  const log = join(bin, 'commands.jsonl');
  writeFileSync(log, '');
  if (withSf) {
    // The real script is found as `sf` on PATH, as the real CLI would be; it runs with this node.
    writeFileSync(join(bin, 'sf'), `#!/bin/sh\nexec "${process.execPath}" "${join(bin, 'sf.cjs')}" "$@"\n`);
    chmodSync(join(bin, 'sf'), 0o755);
    copyFileSync(STAND_IN, join(bin, 'sf.cjs'));
  }
  const run = spawnSync(
    process.execPath,
    ['--require', 'tsx/cjs', join(REPO, 'scripts', 'deploy.ts'), ...args],
    {
      cwd: REPO,
      encoding: 'utf8',
      env: {
        HOME: process.env.HOME ?? '',
        PATH: withSf ? `${bin}:/usr/bin:/bin` : '/nonexistent',
        SF_STAND_IN_LOG: log,
        SF_STAND_IN_SCENARIO: scenario,
        SF_STAND_IN_LAYOUT: join(__dirname, 'layout', 'fixtures', 'User-User Layout.layout-meta.xml'),
      },
    },
  );
  const commands = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as string[]).filter((a) => a !== '--json').join(' '));
  return {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    commands: commands.filter((c) => c !== '--version'),
  };
}

describe('npm run deploy (with a stand-in sf on PATH)', () => {
  it('deploys with the local tests, assigns the permission sets, patches the layout, and says so', () => {
    const { code, stdout, commands } = deploy(['--target-org', 'acme', '--integration-user', 'int@acme.com']);
    expect(code).toBe(0);
    expect(commands).toEqual([
      'project deploy start --source-dir force-app --target-org acme --test-level RunLocalTests --wait 60',
      'org assign permset --name User_Sync_Manage_Integrations --name User_Sync_Activate_Users --name User_Sync_Admin --target-org acme',
      'org assign permset --name User_Sync_Integration --target-org acme --on-behalf-of int@acme.com',
      expect.stringMatching(
        /^project retrieve start --metadata Layout:User-User Layout --target-org acme --output-dir /,
      ),
      expect.stringMatching(/^project deploy start --metadata-dir .* --target-org acme --wait 10$/),
    ]);
    expect(stdout).toContain('Deployed force-app (128 components, 73 tests run).');
    expect(stdout).toContain('Assigned User_Sync_Integration to int@acme.com.');
    expect(stdout).toContain('"User-User Layout" now has the iAdvize section.');
  });

  it('--check-only validates everything and saves nothing', () => {
    const { code, stdout, commands } = deploy(['--target-org', 'acme', '--check-only']);
    expect(code).toBe(0);
    expect(commands[0]).toBe(
      'project deploy validate --source-dir force-app --target-org acme --test-level RunLocalTests --wait 60',
    );
    expect(commands.some((c) => c.startsWith('org assign'))).toBe(false);
    expect(commands[commands.length - 1]).toMatch(/--dry-run$/);
    expect(stdout).toContain('Validated force-app');
    expect(stdout).toContain('validated (dry run, nothing saved)');
  });

  it('prints a failed deploy’s component and test errors readably, and stops', () => {
    const { code, stderr, commands } = deploy(['--target-org', 'acme'], 'deploy-fails');
    expect(code).toBe(1);
    expect(stderr).toContain(
      '  - ApexClass UserSyncRunsController (classes/UserSyncRunsController.cls:42): Variable does not exist: Sample__c',
    );
    expect(stderr).toContain('  - test UserSyncRunRules_Tests.parsesSample: System.AssertException');
    expect(commands).toHaveLength(1);
  });

  it('says in one line how to install sf when it is missing', () => {
    const { code, stderr } = deploy(['--target-org', 'acme'], 'ok', false);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringContaining('npm install --global @salesforce/cli'),
    ]);
  });
});
