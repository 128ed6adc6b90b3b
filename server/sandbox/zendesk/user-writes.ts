/**
 * Writing one user object, as the create-or-update and update endpoints (single and bulk) apply it
 * (https://developer.zendesk.com/api-reference/ticketing/users/users/). A user object is checked
 * whole before anything is applied: a refused one changes nothing.
 *
 * Documented: create-or-update finds an existing user "identified by e-mail address or external ID";
 * a new user gets the end-user role unless one is given; `name` is required on create; email is
 * writable on create only (an update with another email adds a secondary identity);
 * `skip_verify_email: true` sends no verification email; external id lookups ignore case.
 * Chosen here: the external id is tried before the email; unknown properties and unknown custom field
 * keys are ignored; tags are lower-cased; the error texts other than the RecordInvalid envelope.
 */
import { fieldValue, type UserFieldStore } from './user-fields';
import type { UserPatch, UserStore, ZendeskRole, ZendeskUser } from './users';

export type WriteOutcome =
  | { status: 'Created' | 'Updated'; user: ZendeskUser }
  | { status: 'Failed'; error: string; details: string; field: string };

export interface WriterDeps {
  users: UserStore;
  fields: UserFieldStore;
  /** Counts the verification emails Zendesk would have sent (tests check none went out). */
  onVerificationEmail: () => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const ROLES = new Set<ZendeskRole>(['end-user', 'agent', 'admin']);
const TEXT = ['alias', 'details', 'notes', 'phone', 'time_zone', 'locale'] as const;

// Named apart from any user property: a patch may well carry `details` (a Zendesk user attribute).
type Refusal = { refusedField: string; message: string };

const asText = (v: unknown): string | null | undefined =>
  v === undefined
    ? undefined
    : v === null
      ? null
      : typeof v === 'string' || typeof v === 'number'
        ? String(v)
        : undefined;

/** The patch a user object asks for (email apart), or the first thing wrong with it. */
function patchOf(
  raw: Record<string, unknown>,
  target: ZendeskUser | undefined,
  deps: WriterDeps,
): UserPatch | Refusal {
  const patch: UserPatch = {};
  if ('name' in raw) {
    if (typeof raw.name !== 'string' || raw.name.trim() === '')
      return { refusedField: 'name', message: 'Name: is too short (minimum is 1 character)' };
    patch.name = raw.name.trim();
  } else if (!target) return { refusedField: 'name', message: 'Name: is too short (minimum is 1 character)' };
  for (const key of TEXT) {
    if (!(key in raw)) continue;
    const value = asText(raw[key]);
    if (value === undefined) return { refusedField: key, message: `${key}: is invalid` };
    if ((key === 'time_zone' || key === 'locale') && value === null) continue;
    (patch as Record<string, unknown>)[key] = value;
  }
  if ('tags' in raw) {
    if (!Array.isArray(raw.tags) || !raw.tags.every((t) => typeof t === 'string'))
      return { refusedField: 'tags', message: 'Tags: must be a list of tags' };
    patch.tags = [...new Set((raw.tags as string[]).map((t) => t.trim().toLowerCase()).filter(Boolean))];
  }
  if ('organization_id' in raw) {
    const org = raw.organization_id;
    if (org !== null && !(typeof org === 'number' && Number.isInteger(org) && org > 0))
      return { refusedField: 'organization_id', message: 'Organization: is invalid' };
    patch.organization_id = org as number | null;
  }
  if ('role' in raw) {
    if (!ROLES.has(raw.role as ZendeskRole)) return { refusedField: 'role', message: 'Role: is invalid' };
    patch.role = raw.role as ZendeskRole;
  }
  if ('external_id' in raw) {
    const ext = asText(raw.external_id);
    if (ext === undefined) return { refusedField: 'external_id', message: 'External: is invalid' };
    const holder = ext === null ? undefined : deps.users.byExternalId(ext);
    if (holder && holder.id !== target?.id)
      return { refusedField: 'external_id', message: 'External: has already been taken' };
    // The id that found the user, in another case, leaves the stored one as it is.
    if (ext?.toLowerCase() !== target?.external_id?.toLowerCase()) patch.external_id = ext;
  }
  if ('user_fields' in raw && raw.user_fields !== null) {
    if (typeof raw.user_fields !== 'object' || Array.isArray(raw.user_fields))
      return { refusedField: 'user_fields', message: 'User fields: must be an object' };
    const values: Record<string, unknown> = { ...(target?.user_fields ?? {}) };
    for (const [key, value] of Object.entries(raw.user_fields as Record<string, unknown>)) {
      const field = deps.fields.byKey(key);
      if (!field) continue;
      const checked = fieldValue(field, value);
      if ('error' in checked) return { refusedField: key, message: checked.error };
      values[field.key] = checked.value;
    }
    patch.user_fields = values;
  }
  return patch;
}

const refused = (r: Refusal, creating: boolean): WriteOutcome => ({
  status: 'Failed',
  error: creating ? 'UserCreateError' : 'UserUpdateError',
  details: r.message,
  field: r.refusedField,
});

const isRefusal = (p: UserPatch | Refusal): p is Refusal => 'refusedField' in p;

/** Creates a user from a user object. */
export function createUser(raw: Record<string, unknown>, deps: WriterDeps): WriteOutcome {
  const email = raw.email;
  if (email !== undefined && email !== null && (typeof email !== 'string' || !EMAIL.test(email.trim())))
    return refused(
      { refusedField: 'email', message: `Email: ${String(email)} is not properly formatted` },
      true,
    );
  if (typeof email === 'string' && deps.users.byEmail(email))
    return refused(
      { refusedField: 'email', message: `Email: ${email} is already being used by another user` },
      true,
    );
  const patch = patchOf(raw, undefined, deps);
  if (isRefusal(patch)) return refused(patch, true);
  const verified = raw.skip_verify_email === true || raw.verified === true;
  const user = deps.users.add({
    name: patch.name!,
    email: typeof email === 'string' ? email.trim() : null,
    role: patch.role ?? 'end-user',
    external_id: patch.external_id ?? null,
    verified,
  });
  if (!verified && user.email) deps.onVerificationEmail();
  const { name: _n, role: _r, external_id: _e, ...rest } = patch;
  if (Object.keys(rest).length) deps.users.update(user.id, rest);
  return { status: 'Created', user };
}

/** Updates `target` from a user object; another email becomes a secondary identity. */
export function updateUser(
  target: ZendeskUser,
  raw: Record<string, unknown>,
  deps: WriterDeps,
): WriteOutcome {
  const email = raw.email;
  if (email !== undefined && email !== null && (typeof email !== 'string' || !EMAIL.test(email.trim())))
    return refused(
      { refusedField: 'email', message: `Email: ${String(email)} is not properly formatted` },
      false,
    );
  if (typeof email === 'string') {
    const holder = deps.users.byEmail(email);
    if (holder && holder.id !== target.id)
      return refused(
        { refusedField: 'email', message: `Email: ${email} is already being used by another user` },
        false,
      );
  }
  const patch = patchOf(raw, target, deps);
  if (isRefusal(patch)) return refused(patch, false);
  const user = deps.users.update(target.id, patch);
  if (typeof email === 'string' && user.email?.toLowerCase() !== email.trim().toLowerCase())
    deps.users.addSecondaryEmail(user.id, email.trim());
  return { status: 'Updated', user };
}

/** Create-or-update: the user with this external id, else with this email, else a new one. */
export function createOrUpdateUser(raw: Record<string, unknown>, deps: WriterDeps): WriteOutcome {
  const ext = asText(raw.external_id);
  const byExternalId = ext ? deps.users.byExternalId(ext) : undefined;
  const byEmail = typeof raw.email === 'string' ? deps.users.byEmail(raw.email) : undefined;
  const existing = byExternalId ?? byEmail;
  if (!ext && typeof raw.email !== 'string')
    return refused(
      { refusedField: 'email', message: 'Email or external id: one is needed to find the user' },
      true,
    );
  return existing ? updateUser(existing, raw, deps) : createUser(raw, deps);
}
