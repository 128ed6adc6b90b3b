/**
 * The business rules of GraphQL `professionalCreate`, apart from the schema: they
 * decide which `UserError`s come back in `data.professionalCreate.userErrors` (HTTP 200). Nothing is
 * created when any error is found.
 */
import { OperatorStore, SandboxOperator, SandboxRole } from './operators';

/** The input once graphql-js has coerced it (defaults applied, LegacyIds as numbers). */
export interface ProfessionalCreateArgs {
  email: string;
  password?: string | null;
  lastName: string;
  firstName?: string | null;
  pseudo: string;
  roleName: string;
  externalId?: string | null;
  interfaceLanguage: string;
  groupId?: number | null;
  samlUserId?: string | null;
  spokenLanguages: string[];
  projectIds: number[];
  skillIds: number[];
}

export interface UserErrorValue {
  __typename: string;
  message: string;
}

export type ProfessionalCreateOutcome =
  { professional: SandboxOperator; userErrors: [] } | { professional: null; userErrors: UserErrorValue[] };

/** Every user-error type the sandbox can return; the schema declares one object type per entry. */
export const USER_ERROR_TYPES = {
  // Documented (https://developers.iadvize.com/bundles/devplatformapp/graphqldoc/usererror.doc.html).
  EmailAlreadyUsedProfessionalCreateUserError:
    'Returned when the provided email is already used by another user.',
  InvalidEmailProfessionalCreateUserError: 'Returned when the provided email is not a valid email address.',
  FirstNameIsEmptyProfessionalCreateUserError: 'Returned when a first name is provided but empty.',
  ExternalIdIsEmptyProfessionalCreateUserError: 'Returned when an external id is provided but empty.',
  SAMLUserIdAlreadyUsedProfessionalCreateUserError:
    'Returned when the SAML user id is already used by another user.',
  SAMLUserIdIsEmptyProfessionalCreateUserError: 'Returned when a SAML user id is provided but empty.',
  // Inferred names, following the documented "<Field>IsEmpty…" pattern: the docs list no error for
  // an empty required String, yet the API cannot accept one.
  LastNameIsEmptyProfessionalCreateUserError: 'Inferred: returned when the last name is empty.',
  PseudoIsEmptyProfessionalCreateUserError: 'Inferred: returned when the pseudo is empty.',
  InvalidRoleNameProfessionalCreateUserError:
    'Inferred: returned when roleName is not operator, manager or admin.',
  InvalidPasswordProfessionalCreateUserError:
    'Inferred: returned when a password shorter than 10 characters is provided.',
  PasswordAndSAMLUserIdProfessionalCreateUserError:
    'Inferred: password and samlUserId are mutually exclusive (documented rule).',
} as const;

export type UserErrorType = keyof typeof USER_ERROR_TYPES;

const ROLES: readonly string[] = ['operator', 'manager', 'admin'] satisfies SandboxRole[];
// Inferred: a pragmatic shape check; iAdvize's exact email rules are not published.
// Inferred: iAdvize's exact rule is undocumented. Stricter than Salesforce's User.Email check in one
// respect real validators share: the top-level domain has at least two characters (letters first).
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/;
// From the ProfessionalUpdateInput doc: "The password must be at least 10 characters long".
const MIN_PASSWORD = 10;

const error = (type: UserErrorType, message: string): UserErrorValue => ({ __typename: type, message });
const blank = (s: string | null | undefined): boolean => typeof s === 'string' && s.trim() === '';
const given = (s: string | null | undefined): s is string => typeof s === 'string';

/** All user errors for this input, in field order; an empty list means the input is acceptable. */
export function professionalCreateErrors(
  input: ProfessionalCreateArgs,
  store: OperatorStore,
): UserErrorValue[] {
  const errors: UserErrorValue[] = [];
  const email = input.email.trim();
  if (!EMAIL.test(email)) {
    errors.push(error('InvalidEmailProfessionalCreateUserError', `"${email}" is not a valid email address`));
  } else if (store.byEmail(email)) {
    errors.push(
      error(
        'EmailAlreadyUsedProfessionalCreateUserError',
        'This email address is already used by another user',
      ),
    );
  }
  if (blank(input.lastName))
    errors.push(error('LastNameIsEmptyProfessionalCreateUserError', 'The last name must not be empty'));
  if (blank(input.firstName))
    errors.push(error('FirstNameIsEmptyProfessionalCreateUserError', 'The first name must not be empty'));
  if (blank(input.pseudo))
    errors.push(error('PseudoIsEmptyProfessionalCreateUserError', 'The pseudo must not be empty'));
  if (!ROLES.includes(input.roleName)) {
    errors.push(
      error(
        'InvalidRoleNameProfessionalCreateUserError',
        'The role name must be either "operator", "manager" or "admin"',
      ),
    );
  }
  if (blank(input.externalId))
    errors.push(error('ExternalIdIsEmptyProfessionalCreateUserError', 'The external id must not be empty'));
  if (given(input.password) && given(input.samlUserId)) {
    errors.push(
      error(
        'PasswordAndSAMLUserIdProfessionalCreateUserError',
        'Only one of password and samlUserId can be set',
      ),
    );
  } else if (given(input.password) && input.password.length < MIN_PASSWORD) {
    errors.push(
      error(
        'InvalidPasswordProfessionalCreateUserError',
        `The password must be at least ${MIN_PASSWORD} characters long`,
      ),
    );
  }
  if (blank(input.samlUserId))
    errors.push(error('SAMLUserIdIsEmptyProfessionalCreateUserError', 'The SAML user id must not be empty'));
  else if (given(input.samlUserId) && store.bySamlUserId(input.samlUserId)) {
    errors.push(
      error(
        'SAMLUserIdAlreadyUsedProfessionalCreateUserError',
        'This SAML user id is already used by another user',
      ),
    );
  }
  return errors;
}

/** Validates, then creates. The password is not kept: only the API user logs in to the sandbox. */
export function professionalCreate(
  input: ProfessionalCreateArgs,
  store: OperatorStore,
): ProfessionalCreateOutcome {
  const userErrors = professionalCreateErrors(input, store);
  if (userErrors.length > 0) return { professional: null, userErrors };
  const professional = store.add({
    email: input.email.trim(),
    lastName: input.lastName.trim(),
    firstName: input.firstName?.trim() || undefined,
    pseudo: input.pseudo.trim(),
    role: input.roleName as SandboxRole,
    externalId: input.externalId?.trim() || undefined,
    interfaceLanguage: input.interfaceLanguage,
    spokenLanguages: [...input.spokenLanguages],
    groupId: input.groupId ?? undefined,
    projectIds: [...input.projectIds],
    skillIds: [...input.skillIds],
    samlUserId: input.samlUserId ?? undefined,
  });
  return { professional, userErrors: [] };
}
