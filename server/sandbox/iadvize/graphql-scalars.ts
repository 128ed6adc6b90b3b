/**
 * The custom scalars of the iAdvize schema that ProfessionalCreateInput uses. The
 * docs name them but do not define them, so their formats are inferred:
 * - LegacyId: the numeric id shared with REST v2 (the "Operator ID"). Serialised as an Int; accepts an
 *   Int or a string of digits as input, as legacy numeric ids are often passed around as strings.
 * - Locale: the interface language, `en`, `fr`, or with a region: `fr_FR` / `fr-FR`.
 * - Language: a spoken language, ISO 639-1 lower case (`en`, `fr`), as REST's `language_list` (ISO2).
 */
import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';

function stringScalar(
  name: string,
  description: string,
  pattern: RegExp,
  example: string,
): GraphQLScalarType<string, string> {
  const check = (value: unknown): string => {
    if (typeof value === 'string' && pattern.test(value)) return value;
    throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value)}; expected e.g. "${example}"`);
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string`, { nodes: ast });
      return check(ast.value);
    },
  });
}

function legacyId(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) && Number.isSafeInteger(Number(value)))
    return Number(value);
  throw new GraphQLError(`LegacyId cannot represent ${JSON.stringify(value)}; expected a positive integer`);
}

export const LegacyIdScalar = new GraphQLScalarType<number, number>({
  name: 'LegacyId',
  description: 'A numeric identifier shared with the REST API v2 (for users: the Operator ID).',
  serialize: legacyId,
  parseValue: legacyId,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING)
      return legacyId(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw new GraphQLError('LegacyId must be an integer or a string of digits', { nodes: ast });
  },
});

export const LocaleScalar = stringScalar(
  'Locale',
  'A language, optionally with a region: "en", "fr_FR".',
  /^[a-z]{2}(?:[_-][A-Z]{2})?$/,
  'en',
);

export const LanguageScalar = stringScalar(
  'Language',
  'An ISO 639-1 language code: "en", "fr".',
  /^[a-z]{2}$/,
  'fr',
);

/**
 * DateTime, as the User interface's `createdAt` / `deletedAt` use it. Chosen here: an ISO 8601 UTC
 * string ("2025-01-31T10:00:00.000Z"); the published schema names the scalar without defining it.
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO 8601 date and time in UTC.',
  serialize: (value: unknown) => {
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
    throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
  },
  parseValue: () => {
    throw new GraphQLError('DateTime is not accepted as input here');
  },
});
