import { loadConfig } from '../src/config';
import { companionEnvFile } from './env-file';

describe('companionEnvFile', () => {
  it('round-trips through the companion configuration', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB\n-----END PRIVATE KEY-----\n';
    const text = companionEnvFile(
      {
        flow: 'jwt',
        loginUrl: 'http://127.0.0.1:4100',
        clientId: 'cid',
        username: 'int@x.test',
        privateKeyPem: pem,
      },
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
      privateKeyPem: pem.trim(),
    });
    expect(config.ok && config.value.databasePath).toBe('./data/sandbox.db');
  });
});
