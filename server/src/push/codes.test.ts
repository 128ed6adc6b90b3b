/** Every code a push message ends with ("… [PUSH_SEGMENT_INVALID]") is one of the catalogue's. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS } from '../lib/errors';

describe('push messages', () => {
  it('name only catalogue codes', () => {
    const named = new Set<string>();
    for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')))
      for (const m of readFileSync(join(__dirname, file), 'utf8').matchAll(
        /\[((?:PUSH|ZENDESK|OAUTH)_[A-Z0-9_]+)\]/g,
      ))
        named.add(m[1]);
    expect(named.size).toBeGreaterThan(3);
    expect([...named].filter((code) => !(code in ERRORS))).toEqual([]);
  });
});
