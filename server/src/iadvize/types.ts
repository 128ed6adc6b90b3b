/** The iAdvize vocabulary the rest of the companion uses, independent of the wire formats. */

/** An iAdvize user (REST "operator", GraphQL "professional"). */
export interface Operator {
  /** The numeric "Operator ID", as text (it is stored in a Salesforce Text field). */
  id: string;
  email: string;
  firstName?: string;
  lastName: string;
  /** The chat-visible "User Name"; the Salesforce Alias. */
  pseudo?: string;
  /** REST v2 `sso_key`, the "SSO token"; absent when read through GraphQL. */
  ssoKey?: string;
  externalId?: string;
}

/** The documented Salesforce → iAdvize mapping, plus an optional external id. */
export interface CreateOperatorInput {
  email: string;
  firstName?: string | null;
  lastName: string;
  pseudo: string;
  externalId?: string | null;
}

/**
 * A business refusal of a mutation. `type` is the GraphQL `__typename` of the `UserError`, e.g.
 * `EmailAlreadyUsedProfessionalCreateUserError`; `InvalidInputClientError` is the client's own type
 * for input it cannot send at all (a missing email, say).
 */
export interface IAdvizeUserError {
  type: string;
  message: string;
}

export const EMAIL_ALREADY_USED = 'EmailAlreadyUsedProfessionalCreateUserError';
export const INVALID_INPUT_CLIENT_ERROR = 'InvalidInputClientError';

/**
 * What this client can do with its configuration. GraphQL documents no "user by email" query and
 * exposes no SSO key, so without a REST v2 key:
 * - lookups by email are impossible: `professionalCreate`'s EmailAlreadyUsed error is the only
 *   duplicate detection;
 * - lookups by id use the GraphQL `professional(id:)` query (inferred, see requests.ts), without ssoKey;
 * - the SSO token can neither be written back nor checked for manual links.
 */
export interface IAdvizeCapabilities {
  findByEmail: boolean;
  getById: 'rest' | 'graphql';
  ssoKey: boolean;
}

export type IAdvizeRole = 'operator' | 'manager' | 'admin';

/** Fields of ProfessionalCreateInput the Salesforce user does not provide. */
export interface OperatorDefaults {
  /** Default 'operator': the seed creates agents; admins promote them in iAdvize. */
  roleName: IAdvizeRole;
  /** Required `Locale`; default 'en'. Its exact format is undocumented: check it on a tenant. */
  interfaceLanguage: string;
  /**
   * Default [] (the documented default): languages are completed in the iAdvize admin, as iAdvize's
   * own connector leaves them.
   */
  spokenLanguages: string[];
  groupId?: string;
  /** Default [] (documented default). */
  projectIds: string[];
  /** Default [] (documented default). */
  skillIds: string[];
}

export const DEFAULT_OPERATOR_DEFAULTS: OperatorDefaults = {
  roleName: 'operator',
  interfaceLanguage: 'en',
  spokenLanguages: [],
  projectIds: [],
  skillIds: [],
};
