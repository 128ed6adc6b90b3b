/**
 * What changed for a user since the last push Zendesk confirmed: a fingerprint per attribute (its
 * mapping and its value, so that a changed mapping counts as a change of what it touches) and a hash
 * of them all. Only fingerprints are kept, never values: the store holds no personal data. Pure.
 */
import { createHash } from 'node:crypto';
import type { Attribute } from './attributes';
import type { PushSettings, Snapshot, UserPayload } from './types';

const digest = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** Stable JSON: object keys sorted, so equal values always print alike. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Fingerprints of a payload: `$key`, `$name`, `$email` and one per attribute key. */
export function fingerprintsOf(
  payload: UserPayload,
  settings: Pick<PushSettings, 'matchKey' | 'externalIdField' | 'nameField'>,
  attributes: readonly Attribute[],
): Record<string, string> {
  const keyField = settings.matchKey === 'email' ? 'Email' : settings.externalIdField;
  const prints: Record<string, string> = {
    $key: digest(`${keyField}\u0000${payload.key}`),
    $name: digest(`${settings.nameField}\u0000${payload.name}`),
    $email: digest(String(payload.email)),
  };
  for (const a of attributes) {
    const m = a.mapping;
    prints[a.key] = digest(
      `${m.salesforceField}\u0000${m.mode}\u0000${a.kind}\u0000${stableJson(payload.attributes[a.key])}`,
    );
  }
  return prints;
}

export const hashOf = (prints: Record<string, string>): string => digest(stableJson(prints));

export type Change =
  | { kind: 'unchanged' }
  | {
      kind: 'changed';
      /** Attribute keys whose mapping or value changed (all of them for a user never pushed). */
      attributes: string[];
      nameChanged: boolean;
      emailChanged: boolean;
      keyChanged: boolean;
      /** The Zendesk id last confirmed for this user and this key, if any. */
      zendeskId: number | null;
      /** The Zendesk id last confirmed for this user, whatever its key was then. */
      previousZendeskId: number | null;
    };

/** A payload against its last confirmed snapshot. */
export function compare(
  prints: Record<string, string>,
  hash: string,
  snapshot: Snapshot | undefined,
): Change {
  if (snapshot && snapshot.hash === hash) return { kind: 'unchanged' };
  const before = snapshot?.fingerprints ?? {};
  const attributes = Object.keys(prints).filter((k) => !k.startsWith('$') && prints[k] !== before[k]);
  const keyChanged = snapshot !== undefined && before.$key !== prints.$key;
  return {
    kind: 'changed',
    attributes,
    nameChanged: before.$name !== prints.$name,
    emailChanged: snapshot !== undefined && before.$email !== prints.$email,
    keyChanged,
    zendeskId: keyChanged ? null : (snapshot?.zendeskId ?? null),
    previousZendeskId: snapshot?.zendeskId ?? null,
  };
}
