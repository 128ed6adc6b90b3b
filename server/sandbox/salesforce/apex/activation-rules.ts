/**
 * UserSyncActivationRules, UserSyncNewUserRules and UserSyncRowResult of force-app: licences left,
 * which rows may be activated, usernames and aliases proposed for new users, save errors explained,
 * and the per-row results the Pending users tab shows. Pure.
 */
export const MAX_ROWS = 200;
const MESSAGE_LENGTH = 255;
export const CREATED_LINKING_MESSAGE = 'Salesforce user created; linking…';
const ALIAS_LENGTH = 8;
const USERNAME_LENGTH = 80;
const MAX_SUFFIX = 9;
const USERNAME_FORMAT = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const SAVE_ERROR_HINTS: Record<string, string> = {
  DUPLICATE_USERNAME:
    'This username is taken (usernames are unique across every Salesforce org): change it and create again.',
  LICENSE_LIMIT_EXCEEDED:
    'No licence is left for this profile (or a feature licence it needs): free one or choose another profile.',
  DUPLICATE_COMM_NICKNAME:
    'This nickname is taken in the org: change the alias or the username and create again.',
  INVALID_EMAIL_ADDRESS: 'The email address is not valid: fix it in the source, then create again.',
  REQUIRED_FIELD_MISSING: 'A required value is missing.',
  INSUFFICIENT_ACCESS_OR_READONLY:
    'You cannot create or change this record: creating users needs the Manage Users permission.',
};

export interface RowResult {
  recordId: string;
  success: boolean;
  message: string | null;
}

const blank = (v: unknown) => v === null || v === undefined || String(v).trim() === '';

export function licencesLeft(total: unknown, used: unknown): number {
  return Math.max(0, (Number(total) || 0) - (Number(used) || 0));
}

export function licenceShortfall(licenceName: string, needed: number, left: number): string | null {
  if (needed <= left) return null;
  return `Not enough ${licenceName} licences: ${needed} user${needed === 1 ? '' : 's'} to create, ${left} left. Nothing was created: free licences, choose another profile or select fewer users.`;
}

export function activationProblem(row: Record<string, unknown> | undefined): string | null {
  if (!row) return 'This directory row no longer exists: refresh the list.';
  if (row.Status__c !== 'Pending')
    return `Only Pending users can be activated; this one is ${String(row.Status__c)}.`;
  return null;
}

export function linkTargetProblem(user: Record<string, unknown> | undefined): string | null {
  if (!user) return 'No Salesforce user with this Id: choose another.';
  if (user.IsActive !== true)
    return `${String(user.Name)} is an inactive Salesforce user: reactivate them first or choose another.`;
  if (user.UserType !== 'Standard')
    return `${String(user.Name)} is not an internal Salesforce user: choose another.`;
  return null;
}

export function clip(message: string | null): string | null {
  if (message === null || message.length <= MESSAGE_LENGTH) return message;
  return `${message.slice(0, MESSAGE_LENGTH - 1)}…`;
}

export function describeSaveError(statusCode: string, message: string | null): string {
  const advice = SAVE_ERROR_HINTS[statusCode];
  return clip(`${statusCode}: ${advice ? `${advice} ` : ''}${message ?? ''}`.trim()) as string;
}

export function rowResults(ids: string[], failures: Map<string, string>, doneMessage: string): RowResult[] {
  return ids.map((id) => {
    const failure = failures.get(id);
    return { recordId: id, success: failure === undefined, message: failure ?? doneMessage };
  });
}

export function splitName(fullName: unknown): [string | null, string | null] {
  const name = String(fullName ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) return [null, null];
  const lastSpace = name.lastIndexOf(' ');
  if (lastSpace < 0) return [null, name.slice(0, 80)];
  return [name.slice(0, lastSpace).slice(0, 40), name.slice(lastSpace + 1).slice(0, 80)];
}

export function isValidUsername(username: string): boolean {
  return !blank(username) && username.length <= USERNAME_LENGTH && USERNAME_FORMAT.test(username);
}

export function usernameCandidates(email: unknown): string[] {
  const base = String(email ?? '')
    .trim()
    .toLowerCase();
  if (!isValidUsername(base)) return [];
  const [local, domain] = [base.slice(0, base.indexOf('@')), base.slice(base.indexOf('@') + 1)];
  const candidates = [base];
  for (let suffix = 2; suffix <= MAX_SUFFIX; suffix++) candidates.push(`${local}+${suffix}@${domain}`);
  return candidates;
}

export function proposeUsername(email: unknown, taken: Set<string>): string | null {
  return usernameCandidates(email).find((c) => isValidUsername(c) && !taken.has(c)) ?? null;
}

export function proposeAlias(firstName: string | null, lastName: string | null, email: unknown): string {
  const clean = (v: string) => v.toLowerCase().replace(/[^a-z0-9]/g, '');
  const fromName = clean(
    (blank(firstName) ? '' : (firstName as string).trim().slice(0, 1)) + (lastName ?? ''),
  );
  if (fromName) return fromName.slice(0, ALIAS_LENGTH);
  const local = String(email ?? '');
  const fromEmail = clean(local.includes('@') ? local.slice(0, local.indexOf('@')) : local);
  return fromEmail ? fromEmail.slice(0, ALIAS_LENGTH) : 'user';
}

export interface NewUserRequest {
  externalUserId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  username: string | null;
  alias: string | null;
}

export function requestProblem(
  request: NewUserRequest,
  taken: Set<string>,
  seen: Set<string>,
): string | null {
  if (blank(request.lastName) || blank(request.email)) return 'A last name and an email are required.';
  const username = (request.username ?? '').trim().toLowerCase();
  if (!isValidUsername(username))
    return 'The username must look like an email address (at most 80 characters).';
  if (taken.has(username)) return `The username ${username} is already used in this org: choose another.`;
  if (seen.has(username))
    return `The username ${username} is given to two users: choose another for one of them.`;
  if (blank(request.alias) || (request.alias as string).trim().length > ALIAS_LENGTH)
    return 'The alias must be 1 to 8 characters.';
  seen.add(username);
  return null;
}
