import { createHash } from 'node:crypto';
import type { SourceUser } from './types';

/**
 * A hash of what the source says about a user: a row is rewritten only when it changes. Volatile
 * values (timestamps, listing order) are left out, or every run would rewrite every row.
 */
export function payloadHash(user: SourceUser): string {
  const stable = [
    user.name.trim(),
    user.email ?? '',
    user.primaryIdentifier ?? '',
    user.role,
    user.active ? '1' : '0',
  ];
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex');
}
