import type { CreateOperatorInput, Operator } from '../iadvize/types';
import { err, ok, type Result } from '../lib/result';
import type { SyncUser } from './sync-user';

// Deliberately loose: one @, no spaces, a dot in the domain. iAdvize has the last word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The mapping iAdvize documents for its Salesforce connector
 * (https://help.iadvize.com/hc/en-gb/articles/360012546739): First Name ← FirstName, Last Name ←
 * LastName, Email ← Email, User Name (pseudo) ← Alias. The Salesforce User Id goes into iAdvize's
 * externalId so that the companion recognises its own operator after a crash.
 */
export function operatorInputFor(user: SyncUser): Result<CreateOperatorInput, string> {
  const email = user.Email?.trim() ?? '';
  if (email === '') return err('The user has no email: iAdvize needs one to create an operator.');
  if (!EMAIL.test(email)) return err(`The email "${email}" is not a valid address.`);
  const lastName = user.LastName?.trim() ?? '';
  if (lastName === '') return err('The user has no last name: iAdvize needs one to create an operator.');
  const pseudo = user.Alias?.trim() || [user.FirstName, lastName].filter(Boolean).join(' ');
  return ok({
    email: email.toLowerCase(),
    firstName: user.FirstName?.trim() || null,
    lastName,
    pseudo,
    externalId: user.Id,
  });
}

export type TakenEmailDecision =
  | { kind: 'ours'; operator: Operator }
  | { kind: 'link'; operator: Operator }
  | { kind: 'skip'; operator?: Operator };

/**
 * The email already belongs to an iAdvize operator. It is this user's own operator only when it
 * carries the user's id as externalId (the companion puts it there when it creates one): then a
 * redelivered request finishes quietly. An Operator ID typed on the user proves nothing and is
 * checked on the link path instead. Otherwise nothing is created; the operator is linked only when
 * linking existing operators was switched on.
 */
export function decideTakenEmail(
  user: SyncUser,
  candidates: Operator[],
  linkExisting: boolean,
): TakenEmailDecision {
  const ours = candidates.find((op) => op.externalId === user.Id);
  if (ours) return { kind: 'ours', operator: ours };
  const existing = candidates[0];
  if (existing && linkExisting) return { kind: 'link', operator: existing };
  return { kind: 'skip', operator: existing };
}

export function skippedMessage(operator: Operator | undefined): string {
  const which = operator ? `operator ${operator.id}` : 'an operator';
  return `Not created: this email already belongs to iAdvize ${which}. To use it, type its Operator ID and SSO token on this user.`;
}
