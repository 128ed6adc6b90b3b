import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_API_VERSION = '62.0';

/**
 * The `sourceApiVersion` of the sfdx-project.json found in `dir` or above it, or DEFAULT_API_VERSION.
 * Tools are always given the version explicitly: left to itself, source-deploy-retrieve looks the
 * latest version up online and stalls when offline.
 */
export function sourceApiVersion(dir: string): string {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, 'sfdx-project.json');
    if (fs.existsSync(candidate)) {
      const version = (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { sourceApiVersion?: unknown })
        .sourceApiVersion;
      return typeof version === 'string' && /^\d+\.0$/.test(version) ? version : DEFAULT_API_VERSION;
    }
    if (path.dirname(current) === current) return DEFAULT_API_VERSION;
  }
}
