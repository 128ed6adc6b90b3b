import { createHash, timingSafeEqual } from 'node:crypto';
import type { Operator } from '../iadvize/types';

/** iAdvize operator ids are numbers (the "Operator ID" shown in People > Management). */
export const OPERATOR_ID = /^\d{1,18}$/;

/** Compares two secrets in constant time, whatever their lengths (hashing equalises them). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export type LinkCheck = { linked: true; message: string } | { linked: false; reason: string };

export interface LinkFacts {
  operatorId: string;
  typedToken: string | null;
  operator: Operator | undefined;
  /** Another Salesforce user already holding this operator id, if any. */
  holderId: string | undefined;
  /** False without a REST key: iAdvize exposes the SSO key only there. */
  canReadSsoKey: boolean;
}

/** Whether a manually typed Operator ID and SSO token may be linked, or the exact reason not. */
export function checkLink(facts: LinkFacts): LinkCheck {
  const { operatorId, typedToken, operator, holderId } = facts;
  if (!OPERATOR_ID.test(operatorId)) {
    return {
      linked: false,
      reason: `"${operatorId}" is not an iAdvize Operator ID: it is a number, shown in People > Management.`,
    };
  }
  if (holderId)
    return {
      linked: false,
      reason: `Operator ${operatorId} is already linked to Salesforce user ${holderId}.`,
    };
  if (!operator) return { linked: false, reason: `iAdvize has no operator with ID ${operatorId}.` };
  if (!typedToken)
    return { linked: false, reason: `Type the SSO token of operator ${operatorId} to link it.` };
  if (!facts.canReadSsoKey) {
    return {
      linked: false,
      reason:
        'The SSO token cannot be checked: the companion has no iAdvize REST API key (IADVIZE_REST_KEY).',
    };
  }
  if (!operator.ssoKey || !sameSecret(typedToken.trim(), operator.ssoKey)) {
    return { linked: false, reason: `The SSO token does not match iAdvize operator ${operatorId}.` };
  }
  return { linked: true, message: `Linked to iAdvize operator ${operatorId}.` };
}
