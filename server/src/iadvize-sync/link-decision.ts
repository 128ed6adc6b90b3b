import { createHash, timingSafeEqual } from 'node:crypto';
import type { Operator } from '../iadvize/types';
import { err, ok, type Result } from '../lib/result';

/** iAdvize operator ids are numbers (the "Operator ID" shown in People > Management). */
const DIGITS = /^\d{1,18}$/;

/**
 * The Operator ID as iAdvize writes it, or why the typed value is not one. Only the canonical form
 * is compared, looked up or written: "0100004" and "100004" name one operator in iAdvize but are two
 * values to Salesforce's unique field, which would let two users hold one operator.
 */
export function parseOperatorId(typed: string | null): Result<string, string> {
  const value = typed?.trim() ?? '';
  if (!DIGITS.test(value))
    return err(`"${value}" is not an iAdvize Operator ID: it is a number, shown in People > Management.`);
  const canonical = String(BigInt(value));
  if (canonical !== value)
    return err(`"${value}" is not written as iAdvize writes Operator IDs: type ${canonical}.`);
  return ok(canonical);
}

/** Compares two secrets in constant time, whatever their lengths (hashing equalises them). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export type LinkCheck = { linked: true; message: string } | { linked: false; reason: string };

export interface LinkFacts {
  /** The id as the admin typed it (parseOperatorId decides whether it is one). */
  operatorId: string;
  typedToken: string | null;
  operator: Operator | undefined;
  /** Another Salesforce user already holding this operator id, if any. */
  holderId: string | undefined;
  /** False without a REST key: iAdvize exposes the SSO key only there. */
  canReadSsoKey: boolean;
  /** The Salesforce user asking: an operator carrying its id as externalId was created for it. */
  userId: string;
}

/**
 * Whether a typed Operator ID (and SSO token) may be linked, or the exact reason not. A typed id is
 * never trusted on its own: the SSO token must match, unless the operator is the one the companion
 * created for this very user (its externalId is the user's id).
 */
export function checkLink(facts: LinkFacts): LinkCheck {
  const { typedToken, operator, holderId } = facts;
  const id = parseOperatorId(facts.operatorId);
  if (!id.ok) return { linked: false, reason: id.error };
  const operatorId = id.value;
  if (holderId)
    return {
      linked: false,
      reason: `Operator ${operatorId} is already linked to Salesforce user ${holderId}.`,
    };
  if (!operator) return { linked: false, reason: `iAdvize has no operator with ID ${operatorId}.` };
  if (operator.externalId === facts.userId)
    return { linked: true, message: `Linked to iAdvize operator ${operatorId}, created for this user.` };
  if (!typedToken)
    return { linked: false, reason: `Type the SSO token of operator ${operatorId} to link it.` };
  if (!facts.canReadSsoKey) {
    return {
      linked: false,
      reason:
        'The SSO token cannot be checked: the User Sync companion has no iAdvize REST API key. Ask the person who runs it to add one.',
    };
  }
  if (!operator.ssoKey || !sameSecret(typedToken.trim(), operator.ssoKey)) {
    return { linked: false, reason: `The SSO token does not match iAdvize operator ${operatorId}.` };
  }
  return { linked: true, message: `Linked to iAdvize operator ${operatorId}.` };
}
