import type { SpawnSyncReturns } from 'node:child_process';
import { javaMajor, javaProblem } from './java';

const answer = (fields: Partial<SpawnSyncReturns<string>>) => () =>
  ({ status: 0, stdout: '', stderr: '', ...fields }) as SpawnSyncReturns<string>;

describe('the Java check of npm test', () => {
  it('reads the major version of old and new banners', () => {
    expect(javaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajor('java version "1.8.0_392"')).toBe(8);
    expect(javaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajor('no banner')).toBeUndefined();
  });

  it('passes a Java 11 or newer, and names what to install otherwise, in one line', () => {
    expect(javaProblem(answer({ stderr: 'openjdk version "17.0.15" 2025-04-15' }))).toBeUndefined();
    const missing = javaProblem(
      answer({ status: null, error: Object.assign(new Error('spawn java ENOENT')) }),
    );
    expect(missing).toMatch(
      /^npm test needs Java 11 or newer .* java was not found: install a Java runtime \(Debian: apt-get install default-jre-headless/,
    );
    const old = javaProblem(answer({ stderr: 'java version "1.8.0_392"' }));
    expect(old).toContain('and java is 8:');
    for (const line of [missing, old]) expect(line).not.toContain('\n');
  });
});
