/**
 * Shapes of the GraphQL fields the client reads, each turned into the client's own
 * types by the schema itself.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';
import { EMAIL_ALREADY_USED, IAdvizeUserError, Operator } from './types';

/** [doc] LegacyId is the numeric user id; [inferred] it may arrive as an Int or a string of digits. */
export const legacyId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String);

const optionalText = z
  .string()
  .nullish()
  .transform((s) => (s ? s : undefined));

const userError = z.object({ __typename: z.string(), message: z.string() });

/**
 * The first user error, preferring EmailAlreadyUsed: it is the one the provisioning layer acts on
 * (skip and report the existing operator), even if other fields were wrong too.
 */
function mainUserError(errors: z.infer<typeof userError>[]): IAdvizeUserError {
  const chosen = errors.find((e) => e.__typename === EMAIL_ALREADY_USED) ?? errors[0];
  return { type: chosen.__typename, message: chosen.message };
}

export const professionalCreatePayload = z
  .object({
    professional: z.object({ id: legacyId }).nullish(),
    userErrors: z.array(userError),
  })
  .refine((p) => p.userErrors.length > 0 || p.professional, 'neither a professional nor userErrors')
  .transform((p): Result<{ id: string }, IAdvizeUserError> =>
    p.userErrors.length > 0 ? err(mainUserError(p.userErrors)) : ok({ id: p.professional!.id }),
  );

export const professionalPayload = z
  .object({
    id: legacyId,
    // Nullable in the schema ([doc] Professional.email: String); '' never matches a lookup.
    email: z
      .string()
      .nullish()
      .transform((s) => s ?? ''),
    firstName: optionalText,
    lastName: z.string().nullish(),
    // The chat name; `pseudo` is its deprecated former name, served only until a sunset date.
    userName: optionalText,
    externalId: optionalText,
  })
  .nullable()
  .transform((p): Operator | undefined =>
    p === null
      ? undefined
      : {
          id: p.id,
          email: p.email,
          firstName: p.firstName,
          lastName: p.lastName ?? '',
          pseudo: p.userName,
          externalId: p.externalId,
        },
  );
