/**
 * The tenant's users ("operators" in REST v2, "professionals" in GraphQL): one record per account,
 * one account per email ("one email address can only be related to one account").
 */
import { randomBytes } from 'node:crypto';

export type SandboxRole = 'operator' | 'manager' | 'admin';

export interface SandboxOperator {
  /** The numeric "Operator ID" (REST `id`, GraphQL `LegacyId`). */
  readonly id: number;
  readonly email: string;
  readonly firstName?: string;
  readonly lastName: string;
  readonly pseudo: string;
  readonly role: SandboxRole;
  readonly externalId?: string;
  /** REST `sso_key`, the "SSO token". */
  readonly ssoKey: string;
  readonly interfaceLanguage: string;
  readonly spokenLanguages: readonly string[];
  readonly groupId?: number;
  readonly projectIds: readonly number[];
  readonly skillIds: readonly number[];
  readonly samlUserId?: string;
  readonly createdAt: string;
}

export type NewOperator = Omit<SandboxOperator, 'id' | 'ssoKey' | 'createdAt'>;

/** Email comparison key. Case-insensitive: chosen here (iAdvize does not document the case rules). */
export const emailKey = (email: string): string => email.trim().toLowerCase();

/**
 * Inferred: ids are sequential integers. They start high so that they look like real Operator IDs
 * and are never mistaken for array indexes in tests.
 */
const FIRST_ID = 100_001;

export class OperatorStore {
  private readonly byId = new Map<number, SandboxOperator>();
  private readonly idByEmail = new Map<string, number>();
  private nextId = FIRST_ID;

  constructor(private readonly now: () => number) {}

  /** Adds an operator; throws on a taken email (callers check first, so this is a bug if it happens). */
  add(fields: NewOperator): SandboxOperator {
    const key = emailKey(fields.email);
    if (this.idByEmail.has(key)) throw new Error(`an operator already uses ${fields.email}`);
    const operator: SandboxOperator = {
      ...fields,
      email: fields.email.trim(),
      id: this.nextId++,
      // Inferred format: the docs never show an sso_key; 40 hex characters is a plausible opaque secret.
      ssoKey: randomBytes(20).toString('hex'),
      createdAt: new Date(this.now()).toISOString(),
    };
    this.byId.set(operator.id, operator);
    this.idByEmail.set(key, operator.id);
    return operator;
  }

  get(id: number): SandboxOperator | undefined {
    return this.byId.get(id);
  }

  byEmail(email: string): SandboxOperator | undefined {
    const id = this.idByEmail.get(emailKey(email));
    return id === undefined ? undefined : this.byId.get(id);
  }

  bySamlUserId(samlUserId: string): SandboxOperator | undefined {
    return this.all().find((op) => op.samlUserId === samlUserId);
  }

  /** All operators in id order (a Map keeps insertion order, and ids only grow). */
  all(): SandboxOperator[] {
    return [...this.byId.values()];
  }
}
