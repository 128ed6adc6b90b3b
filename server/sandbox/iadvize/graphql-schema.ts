/**
 * The slice of the iAdvize GraphQL schema the companion uses, built with graphql-js so that parsing,
 * validation, variable coercion and error shapes are the reference implementation's. Types as
 * published at https://graphql.iadvize.dev/types/ProfessionalCreateInput,
 * https://graphql.iadvize.dev/types/Professional and the `User` interface and `UserError`
 * implementors of https://developers.iadvize.com/bundles/devplatformapp/graphqldoc/.
 *
 * Published: ProfessionalCreateInput's fields and types; the UserError interface and its listed
 * implementors; Professional implementing User, with the shared fields' nullability (`isDeleted` is
 * a nullable Boolean) and the deprecations (pseudo → userName, samlUserId → samlId, roleName → role,
 * interfaceLanguage and spokenLanguages → countryPreferences).
 * Chosen here: the payload type's name and its field names (`professional`, `userErrors`), the
 * `professional(id:)` query (the published docs show no user query), the nullability of the payload,
 * the user-error types marked as such in professional-create.ts, and the fields left out (group,
 * role, channels, countryPreferences, skills, avatar…).
 */
import {
  GraphQLBoolean,
  GraphQLFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLNullableType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  GraphQLType,
} from 'graphql';
import { DateTimeScalar, LanguageScalar, LegacyIdScalar, LocaleScalar } from './graphql-scalars';
import { SandboxOperator } from './operators';
import {
  ProfessionalCreateArgs,
  USER_ERROR_TYPES,
  UserErrorValue,
  professionalCreate,
} from './professional-create';
import { Tenant } from './state';

export interface GraphqlContext {
  tenant: Tenant;
}

const nonNull = <T extends GraphQLNullableType>(t: T) => new GraphQLNonNull(t);
const listOf = <T extends GraphQLType>(t: T) => new GraphQLList(t);

const UserError = new GraphQLInterfaceType({
  name: 'UserError',
  description: 'Represents an error in the input of a mutation.',
  fields: {
    message: {
      type: nonNull(GraphQLString),
      description: 'Error message providing more details about the error.',
    },
  },
  resolveType: (value: UserErrorValue) => value.__typename,
});

const userErrorTypes = Object.entries(USER_ERROR_TYPES).map(
  ([name, description]) =>
    new GraphQLObjectType({
      name,
      description,
      interfaces: [UserError],
      fields: { message: { type: nonNull(GraphQLString) } },
    }),
);

const deprecated = {
  pseudo: "Use 'userName' field instead",
  samlUserId: "Use 'samlId' field instead.",
  roleName: "Use 'role' field instead",
  countryPreferences: "Use 'countryPreferences' field instead",
};

/** The fields every kind of iAdvize user shares (the published `User` interface, in part). */
const userFields: GraphQLFieldConfigMap<SandboxOperator, GraphqlContext> = {
  id: { type: nonNull(LegacyIdScalar), description: 'User id' },
  email: { type: GraphQLString, description: 'User email' },
  lastName: { type: nonNull(GraphQLString), description: 'User last name' },
  firstName: { type: GraphQLString, description: 'User first name' },
  pseudo: { type: GraphQLString, deprecationReason: deprecated.pseudo },
  userName: { type: GraphQLString, resolve: (op) => op.pseudo },
  createdAt: { type: DateTimeScalar, description: 'User creation datetime' },
  isDeleted: { type: GraphQLBoolean, resolve: () => false },
  deletedAt: { type: DateTimeScalar, resolve: () => null },
  interfaceLanguage: { type: LocaleScalar, deprecationReason: deprecated.countryPreferences },
  spokenLanguages: {
    type: nonNull(listOf(nonNull(LanguageScalar))),
    deprecationReason: deprecated.countryPreferences,
  },
};

const User = new GraphQLInterfaceType({
  name: 'User',
  fields: () =>
    Object.fromEntries(
      Object.entries(userFields).map(([name, f]) => [
        name,
        { type: f.type, description: f.description, deprecationReason: f.deprecationReason },
      ]),
    ),
  resolveType: () => 'Professional',
});

const Professional = new GraphQLObjectType<SandboxOperator, GraphqlContext>({
  name: 'Professional',
  description: "A professional agent employed by a brand ('Admin', 'Manager' or 'Operator').",
  interfaces: [User],
  fields: {
    ...userFields,
    externalId: { type: GraphQLString },
    samlUserId: { type: GraphQLString, deprecationReason: deprecated.samlUserId },
    samlId: { type: GraphQLString, resolve: (op) => op.samlUserId },
    roleName: {
      type: GraphQLString,
      deprecationReason: deprecated.roleName,
      resolve: (op) => op.role,
    },
  },
});

const ProfessionalCreateInput = new GraphQLInputObjectType({
  name: 'ProfessionalCreateInput',
  description: 'Contains input data for the professionalCreate mutation to create a professional user',
  fields: {
    email: { type: nonNull(GraphQLString) },
    password: {
      type: GraphQLString,
      deprecationReason: 'The user receives an invitation email to set a password.',
    },
    lastName: { type: nonNull(GraphQLString) },
    firstName: { type: GraphQLString },
    pseudo: { type: nonNull(GraphQLString) },
    roleName: {
      type: nonNull(GraphQLString),
      description: 'Must be either "operator", "manager" or "admin"',
    },
    externalId: { type: GraphQLString },
    interfaceLanguage: { type: nonNull(LocaleScalar) },
    groupId: { type: LegacyIdScalar },
    samlUserId: { type: GraphQLString },
    spokenLanguages: { type: nonNull(listOf(nonNull(LanguageScalar))), defaultValue: [] },
    projectIds: { type: nonNull(listOf(nonNull(LegacyIdScalar))), defaultValue: [] },
    skillIds: { type: nonNull(listOf(nonNull(LegacyIdScalar))), defaultValue: [] },
  },
});

const ProfessionalCreatePayload = new GraphQLObjectType({
  name: 'ProfessionalCreatePayload',
  fields: {
    professional: { type: Professional, description: 'The created user; null when userErrors is not empty.' },
    userErrors: { type: nonNull(listOf(nonNull(UserError))) },
  },
});

const query: GraphQLFieldConfigMap<unknown, GraphqlContext> = {
  professional: {
    type: Professional,
    args: { id: { type: nonNull(LegacyIdScalar) } },
    resolve: (_root, args: { id: number }, { tenant }) => {
      tenant.count('professional');
      return tenant.store.get(args.id) ?? null;
    },
  },
};

const mutation: GraphQLFieldConfigMap<unknown, GraphqlContext> = {
  professionalCreate: {
    type: ProfessionalCreatePayload,
    args: { input: { type: nonNull(ProfessionalCreateInput) } },
    resolve: (_root, args: { input: ProfessionalCreateArgs }, { tenant }) => {
      tenant.count('professionalCreate');
      const outcome = professionalCreate(args.input, tenant.store);
      if (outcome.professional) tenant.counters.created += 1;
      return outcome;
    },
  },
};

export function buildIAdvizeSchema(): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: query }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: mutation }),
    // Implementors are not reachable from a field, so they must be listed for graphql-js to know them.
    types: userErrorTypes,
  });
}
