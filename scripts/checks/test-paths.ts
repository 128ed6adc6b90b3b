import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/** The project's real Salesforce source. */
export const FORCE_APP = path.resolve(__dirname, '..', '..', 'force-app');

/** A deliberately broken source directory kept under fixtures/broken (never deployed, never formatted). */
export function brokenFixture(name: string): string {
  return path.join(__dirname, 'fixtures', 'broken', name);
}

/** How many Apex classes and triggers force-app holds. */
export function forceAppApexFileCount(): number {
  return (readdirSync(FORCE_APP, { recursive: true }) as string[]).filter((file) =>
    /\.(cls|trigger)$/.test(file),
  ).length;
}
