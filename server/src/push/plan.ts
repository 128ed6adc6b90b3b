/**
 * What to do with one changed user once Zendesk was asked about it (or did not need to be): report
 * it, leave it (not in Zendesk and insert mode off), create it, update it, or nothing (what changed
 * was only "only if empty" attributes Zendesk already holds). An update carries the id, the name and
 * the changed attributes only; a creation carries everything. An email is sent on creation only:
 * Zendesk adds another email to an existing user as a second identity instead of replacing it, so a
 * difference is reported instead. Pure.
 */
import type { ZendeskPushUser } from '../sources/zendesk/push-types';
import type { Attribute } from './attributes';
import type { Change } from './diff';
import type { PushSettings, UserPayload, UserProblem } from './types';

type Changed = Extract<Change, { kind: 'changed' }>;

export type UserPlan =
  | { kind: 'problem'; problem: UserProblem }
  | { kind: 'not_in_zendesk' }
  /** Nothing to send; the snapshot may be taken now, save the keys in `withheld`. */
  | { kind: 'settled'; zendeskId: number; withheld: string[]; problem?: UserProblem }
  | {
      kind: 'update';
      zendeskId: number;
      body: Record<string, unknown>;
      withheld: string[];
      problem?: UserProblem;
    }
  | { kind: 'create'; body: Record<string, unknown> };

/** The user as Zendesk was found: absent (null), found, or not asked (undefined: the id is known). */
export type Lookup = ZendeskPushUser | null | undefined;

const empty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Whether the user must be looked up in Zendesk before a plan can be made. */
export function needsLookup(
  change: Changed,
  settings: PushSettings,
  attributes: readonly Attribute[],
): boolean {
  if (change.zendeskId === null) return true;
  if (settings.matchKey === 'external_id' && change.emailChanged) return true;
  const onlyIfEmpty = new Set(attributes.filter((a) => a.mapping.mode === 'only_if_empty').map((a) => a.key));
  return change.attributes.some((k) => onlyIfEmpty.has(k));
}

/** The value Zendesk holds for an attribute key. */
function current(user: ZendeskPushUser, key: string): unknown {
  if (key.startsWith('user_fields.')) return user.userFields[key.slice('user_fields.'.length)];
  if (key === 'external_id') return user.externalId;
  return user.standard[key];
}

/** Writes attribute values into a Zendesk user object (`user_fields` nested). */
function put(body: Record<string, unknown>, key: string, value: unknown): void {
  if (!key.startsWith('user_fields.')) {
    body[key] = value;
    return;
  }
  const fields = (body.user_fields ??= {}) as Record<string, unknown>;
  fields[key.slice('user_fields.'.length)] = value;
}

const problem = (p: UserPayload, code: UserProblem['code'], reason: string): UserProblem => ({
  userId: p.userId,
  label: p.label,
  code,
  reason,
});

/** Problems found before Zendesk is asked anything: no name, nothing to find the user by. */
export function precheck(p: UserPayload, settings: PushSettings): UserProblem | undefined {
  if (!p.name)
    return problem(
      p,
      'PUSH_USER_NO_NAME',
      `no ${settings.nameField}: Zendesk needs a name, the user was not sent`,
    );
  if (!p.key)
    return problem(
      p,
      'PUSH_USER_NO_KEY',
      settings.matchKey === 'email'
        ? 'no email to find the user by in Zendesk'
        : `no ${settings.externalIdField} (the external id) to find the user by in Zendesk`,
    );
  return undefined;
}

function createBody(p: UserPayload, settings: PushSettings): Record<string, unknown> {
  const body: Record<string, unknown> = { name: p.name };
  if (p.email) body.email = p.email;
  if (settings.matchKey === 'external_id') body.external_id = p.key;
  if (!settings.sendVerificationEmail) body.skip_verify_email = true;
  for (const [key, value] of Object.entries(p.attributes)) if (!empty(value)) put(body, key, value);
  return body;
}

export function planUser(
  p: UserPayload,
  change: Changed,
  lookup: Lookup,
  settings: PushSettings,
  attributes: readonly Attribute[],
): UserPlan {
  const early = precheck(p, settings);
  if (early) return { kind: 'problem', problem: early };
  if (lookup === null) {
    if (settings.matchKey === 'email' && change.keyChanged && change.previousZendeskId !== null)
      return {
        kind: 'problem',
        problem: problem(
          p,
          'PUSH_EMAIL_DIFFERS',
          `the Salesforce email changed to ${p.email} since the last push; Zendesk user ${change.previousZendeskId} keeps its email and no second user is created`,
        ),
      };
    if (!settings.insertMode) return { kind: 'not_in_zendesk' };
    return { kind: 'create', body: createBody(p, settings) };
  }
  const zendeskId = lookup?.id ?? change.zendeskId;
  if (zendeskId === null) throw new Error('a user to update needs a Zendesk id or a lookup');
  const withheld: string[] = [];
  let note: UserProblem | undefined;
  if (lookup?.email && p.email && lookup.email.trim().toLowerCase() !== p.email) {
    withheld.push('$email');
    note = problem(
      p,
      'PUSH_EMAIL_DIFFERS',
      `Zendesk user ${zendeskId} has the email ${lookup.email}, Salesforce ${p.email}: the email was not sent (Zendesk would add it as a second identity)`,
    );
  }
  const body: Record<string, unknown> = { id: zendeskId, name: p.name };
  const modes = new Map(attributes.map((a) => [a.key, a.mapping.mode]));
  let sending = change.nameChanged;
  for (const key of change.attributes) {
    // "Only if empty": sent while Zendesk holds nothing; once it holds a value, the attribute is done.
    if (modes.get(key) === 'only_if_empty' && lookup && !empty(current(lookup, key))) continue;
    put(body, key, p.attributes[key]);
    sending = true;
  }
  if (!sending) return { kind: 'settled', zendeskId, withheld, ...(note && { problem: note }) };
  return { kind: 'update', zendeskId, body, withheld, ...(note && { problem: note }) };
}
