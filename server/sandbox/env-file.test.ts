import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../src/config';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companionEnvFile, companionOAuthEnv, writeEnvFile } from './env-file';

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('companionEnvFile', () => {
  it('round-trips through the companion configuration', () => {
    const text = companionEnvFile(
      {
        flow: 'jwt',
        loginUrl: 'http://127.0.0.1:4100',
        clientId: 'cid',
        username: 'int@x.test',
        privateKeyPem: PEM,
      },
      undefined,
      { DATABASE_PATH: './data/sandbox.db' },
    );
    expect(text.trim().split('\n')).toHaveLength(6);
    const env = Object.fromEntries(
      text
        .trim()
        .split('\n')
        .map((line) => {
          const [, key, value] = /^(\w+)="(.*)"$/.exec(line)!;
          return [key, value];
        }),
    );
    const config = loadConfig(env);
    expect(config.ok && config.value.salesforce.auth).toEqual({
      flow: 'jwt',
      loginUrl: 'http://127.0.0.1:4100',
      clientId: 'cid',
      username: 'int@x.test',
      privateKeyPem: PEM.trim(),
    });
    expect(config.ok && config.value.databasePath).toBe('./data/sandbox.db');
  });

  it('carries the iAdvize settings when given', () => {
    const auth = {
      flow: 'jwt' as const,
      loginUrl: 'http://127.0.0.1:4100',
      clientId: 'c',
      username: 'u',
      privateKeyPem: PEM,
    };
    const iadvize = {
      username: 'admin@iadvize.test',
      password: 'pw',
      graphqlUrl: 'http://127.0.0.1:4200',
      sdPlatform: false,
      restKey: 'rk',
      restUrl: 'http://127.0.0.1:4200/api/2',
      linkExisting: false,
      concurrency: 8,
      interfaceLanguage: 'en',
    };
    const text = companionEnvFile(auth, iadvize);
    const env = Object.fromEntries(
      text
        .trim()
        .split('\n')
        .map((l) => /^(\w+)="(.*)"$/.exec(l)!.slice(1, 3)),
    );
    const config = loadConfig(env);
    expect(config.ok && config.value.iadvize).toEqual(iadvize);
  });

  it('carries the OAuth settings for the sandbox providers when given', () => {
    const auth = {
      flow: 'jwt' as const,
      loginUrl: 'http://127.0.0.1:4100',
      clientId: 'c',
      username: 'u',
      privateKeyPem: PEM,
    };
    const oauth = {
      keyText: Buffer.alloc(32, 1).toString('base64'),
      publicUrl: 'http://127.0.0.1:3000',
      zendesk: { clientId: 'zc', clientSecret: 'zs' },
      intercom: { clientId: 'ic', clientSecret: 'is' },
    };
    const text = companionEnvFile(
      auth,
      undefined,
      companionOAuthEnv(oauth, { zendeskUrl: 'http://127.0.0.1:4300', intercomUrl: 'http://127.0.0.1:4400' }),
    );
    const env = Object.fromEntries(
      text
        .trim()
        .split('\n')
        .map((l) => /^(\w+)="(.*)"$/.exec(l)!.slice(1, 3)),
    );
    const config = loadConfig(env);
    if (!config.ok) throw new Error(config.error.join('\n'));
    expect(config.value.oauth).toEqual({
      key: Buffer.alloc(32, 1),
      publicUrl: 'http://127.0.0.1:3000',
      zendesk: { clientId: 'zc', clientSecret: 'zs' },
      intercom: { clientId: 'ic', clientSecret: 'is', oauthUrl: 'http://127.0.0.1:4400' },
    });
    expect(config.value.sources.zendesk.baseUrl).toBe('http://127.0.0.1:4300');
  });
});

describe('writeEnvFile', () => {
  it('leaves the file readable by its owner only, also when it existed with a looser mode', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'env-')), '.env.sandbox');
    writeFileSync(path, 'OLD=1\n');
    chmodSync(path, 0o644);
    writeEnvFile(path, 'NEW=1\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('NEW=1\n');
  });
});
