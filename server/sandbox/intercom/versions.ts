/**
 * The `Intercom-Version` header: optional, "by default, it's equal to the version
 * set in the app package"; documented values are 1.0 … 2.16 (2.16 OpenAPI enum), 2.17 (shown on the
 * rate-limit and webhook pages) and `Unstable` (preview). An unknown value is refused with 400
 * `intercom_version_invalid` ([secondary], see error-list.ts).
 */
import { NextFunction, Request, Response } from 'express';
import { VERSION_INVALID, sendErrorList } from './error-list';

export const DOCUMENTED_VERSIONS: readonly string[] = [
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  ...Array.from({ length: 18 }, (_, minor) => `2.${minor}`),
  'Unstable',
];

/** The app package's version when a request sends none: 2.11, the value in Intercom's own model example. */
export const DEFAULT_APP_VERSION = '2.11';

/** Orders versions: 'Unstable' is newer than every numbered one. */
export function versionAtLeast(version: string, wanted: string): boolean {
  const rank = (v: string): [number, number] => {
    if (v === 'Unstable') return [Number.MAX_SAFE_INTEGER, 0];
    const [major, minor] = v.split('.').map(Number);
    return [major, minor];
  };
  const [a, b] = rank(version);
  const [c, d] = rank(wanted);
  return a > c || (a === c && b >= d);
}

/** Resolves the header into res.locals.version, or answers the documented 400. */
export function intercomVersion(supported: ReadonlySet<string>, appVersion: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.header('intercom-version')?.trim();
    const version = header === undefined || header === '' ? appVersion : header;
    if (!supported.has(version)) {
      return sendErrorList(res, 400, VERSION_INVALID.code, VERSION_INVALID.message);
    }
    res.locals.version = version;
    next();
  };
}
