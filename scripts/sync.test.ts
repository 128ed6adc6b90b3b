import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { companionEnv, companionOAuthEnv } from '../server/sandbox/env-file';
import { TokenVault } from '../server/src/connect/token-vault';
import { parseKey } from '../server/src/lib/crypto-box';
import { SqliteStore } from '../server/src/store/sqlite-store';
import { startSandboxStack, type SandboxStack } from '../server/sandbox/stack';

const REPO = resolve(__dirname, '..');

/** Runs `scripts/sync.ts` as the operator would, and returns its exit code and output. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', '--max-old-space-size=512', join(REPO, 'scripts', 'sync.ts'), ...args],
      {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run sync (command line)', () => {
  let stack: SandboxStack;
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await startSandboxStack();
    const sources = stack.companionConfig(':memory:').sources;
    env = companionEnv(stack.companionAuth, undefined, {
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'sync-cli-')), 'companion.db'),
      ZENDESK_ACCESS_TOKEN: sources.zendesk.accessToken!,
      ZENDESK_BASE_URL: sources.zendesk.baseUrl!,
    });
    for (let i = 0; i < 120; i++)
      stack.zendesk.state.addUser({ name: `Agent ${i}`, email: `agent${i}@acme.test`, role: 'agent' });
  });
  afterAll(() => stack.close());

  const rows = () => stack.salesforce.org.query('SELECT Source_Key__c FROM External_User__c');

  it('explains a missing settings record', async () => {
    const { code, stderr } = await runCli(['--source', 'zendesk'], env);
    expect(code).toBe(1);
    expect(stderr).toContain('No User_Sync_Source__c record for zendesk');
  });

  it('dry run: prints progress and what it would do, changes nothing; then a real run applies it', async () => {
    stack.salesforce.org.insert('User_Sync_Source__c', [
      {
        Name: 'Zendesk',
        Source__c: 'zendesk',
        Enabled__c: true,
        Zendesk_Subdomain__c: 'acme',
        Zendesk_Roles__c: 'agent;admin',
      },
    ]);
    const dry = await runCli(['--source', 'zendesk', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('page 2: 120 team users listed');
    expect(dry.stdout).toContain('Succeeded: Dry run: 120 created');
    expect(dry.stdout).toMatch(/would create: zendesk:\d+ Agent 0 → Pending/);
    expect(rows()).toHaveLength(0);

    const real = await runCli(['--source', 'zendesk'], env);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Succeeded: 120 created');
    expect(rows()).toHaveLength(120);
  });

  it('uses the tokens Connect stored, as the scheduler does (no ZENDESK_ACCESS_TOKEN)', async () => {
    // What a connection through the app leaves in the companion's store: a sealed, rotating pair.
    const oauth = companionOAuthEnv(stack.oauth, {
      zendeskUrl: stack.zendesk.url,
      intercomUrl: stack.intercom.url,
    });
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sync-cli-')), 'companion.db');
    const store = SqliteStore.open(databasePath);
    const key = parseKey(oauth.TOKEN_ENCRYPTION_KEY);
    if (!key.ok) throw new Error(key.error);
    const issued = stack.zendesk.state.issueTokenPair(stack.oauth.zendesk.clientId);
    await new TokenVault(store, key.value).save('zendesk', {
      subdomain: 'acme',
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAtMs: Date.now() + issued.expiresIn * 1000,
      scope: issued.scope,
    });
    await store.close();
    const { ZENDESK_ACCESS_TOKEN: _environmentToken, ...withoutToken } = env;
    const result = await runCli(['--source', 'zendesk', '--dry-run'], {
      ...withoutToken,
      ...oauth,
      DATABASE_PATH: databasePath,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('page 2: 120 team users listed');
  });

  it('refuses an unknown option with the usage', async () => {
    const { code, stderr } = await runCli(['--source', 'zendesk', '--force'], env);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe("npm run sync: Unknown option '--force'");
    expect(stderr).toContain('Usage: npm run sync -- [options]');
  });
});
