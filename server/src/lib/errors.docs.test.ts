/**
 * The error catalogue and its documentation move together: docs/errors.md has one row per code of
 * ERRORS, with the same HTTP status, and no row for a code that no longer exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS, type ErrorCode } from './errors';

const PAGE = join(__dirname, '..', '..', '..', 'docs', 'errors.md');

/** `| `CODE` | 502 | meaning | what to do |` rows of the page's tables. */
function documentedRows(markdown: string): Map<string, { status: number; meaning: string; action: string }> {
  const rows = new Map<string, { status: number; meaning: string; action: string }>();
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    if (rows.has(m[1])) throw new Error(`docs/errors.md lists ${m[1]} twice`);
    rows.set(m[1], { status: Number(m[2]), meaning: m[3].trim(), action: m[4].trim() });
  }
  return rows;
}

describe('docs/errors.md', () => {
  const rows = documentedRows(readFileSync(PAGE, 'utf8'));

  it('documents every catalogue code with its status, meaning and what to do', () => {
    const missing = (Object.keys(ERRORS) as ErrorCode[]).filter((code) => !rows.has(code));
    expect(missing).toEqual([]);
    for (const [code, entry] of Object.entries(ERRORS)) {
      const row = rows.get(code)!;
      expect([code, row.status]).toEqual([code, entry.status]);
      expect([code, row.meaning.length > 10, row.action.length > 10]).toEqual([code, true, true]);
    }
  });

  it('lists no code the catalogue does not have', () => {
    expect([...rows.keys()].filter((code) => !(code in ERRORS))).toEqual([]);
  });
});
