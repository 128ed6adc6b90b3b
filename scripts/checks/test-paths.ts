import * as path from 'node:path';

/** The project's real Salesforce source. */
export const FORCE_APP = path.resolve(__dirname, '..', '..', 'force-app');

/** A deliberately broken source directory kept under fixtures/broken (never deployed, never formatted). */
export function brokenFixture(name: string): string {
  return path.join(__dirname, 'fixtures', 'broken', name);
}
