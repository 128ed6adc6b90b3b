import { CREATE, closeSandboxes, createInput, gql, login, startTestSandbox } from './test-helpers';

afterEach(closeSandboxes);

type CreateData = {
  data: {
    professionalCreate: {
      professional: {
        id: number;
        email: string;
        firstName: string | null;
        lastName: string;
        pseudo: string;
        externalId: string | null;
      } | null;
      userErrors: { __typename: string; message: string }[];
    };
  };
};

async function setup() {
  const sandbox = await startTestSandbox();
  const token = await login(sandbox.url);
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await gql(sandbox.url, token, CREATE, { input: createInput(overrides) });
    expect(res.status).toBe(200);
    return (res.json() as CreateData).data.professionalCreate;
  };
  return { sandbox, token, create };
}

describe('POST /graphql professionalCreate', () => {
  it('creates an operator with a numeric id and an sso key', async () => {
    const { sandbox, create } = await setup();
    const payload = await create({ externalId: '005xx0000012345' });
    expect(payload.userErrors).toEqual([]);
    expect(payload.professional).toEqual({
      id: expect.any(Number),
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      pseudo: 'ada',
      externalId: '005xx0000012345',
    });
    const stored = sandbox.state.operatorByEmail('ADA@example.com');
    expect(stored).toMatchObject({
      id: payload.professional!.id,
      role: 'operator',
      ssoKey: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(sandbox.state.counters).toMatchObject({
      graphql: 1,
      created: 1,
      byOperation: { professionalCreate: 1 },
    });
  });

  it('refuses a taken email in any case with EmailAlreadyUsed, creating nothing', async () => {
    const { sandbox, create } = await setup();
    await create();
    const again = await create({ email: 'ADA@Example.COM' });
    expect(again.professional).toBeNull();
    expect(again.userErrors).toEqual([
      { __typename: 'EmailAlreadyUsedProfessionalCreateUserError', message: expect.any(String) },
    ]);
    expect(
      sandbox.state.operators().filter((op) => op.email.toLowerCase() === 'ada@example.com'),
    ).toHaveLength(1);
    // The API user is an operator too: its email is taken.
    expect((await create({ email: 'admin@iadvize.sandbox' })).userErrors[0].__typename).toBe(
      'EmailAlreadyUsedProfessionalCreateUserError',
    );
  });

  it('returns typed user errors for invalid values, with HTTP 200', async () => {
    const { sandbox, create } = await setup();
    expect((await create({ email: 'not-an-email' })).userErrors.map((e) => e.__typename)).toEqual([
      'InvalidEmailProfessionalCreateUserError',
    ]);
    expect((await create({ firstName: '' })).userErrors.map((e) => e.__typename)).toEqual([
      'FirstNameIsEmptyProfessionalCreateUserError',
    ]);
    expect((await create({ lastName: ' ', pseudo: '' })).userErrors.map((e) => e.__typename)).toEqual([
      'LastNameIsEmptyProfessionalCreateUserError',
      'PseudoIsEmptyProfessionalCreateUserError',
    ]);
    expect((await create({ roleName: 'expert' })).userErrors.map((e) => e.__typename)).toEqual([
      'InvalidRoleNameProfessionalCreateUserError',
    ]);
    expect((await create({ externalId: '' })).userErrors.map((e) => e.__typename)).toEqual([
      'ExternalIdIsEmptyProfessionalCreateUserError',
    ]);
    expect((await create({ password: 'short' })).userErrors.map((e) => e.__typename)).toEqual([
      'InvalidPasswordProfessionalCreateUserError',
    ]);
    expect(
      (await create({ password: 'long-enough-1', samlUserId: 'x' })).userErrors.map((e) => e.__typename),
    ).toEqual(['PasswordAndSAMLUserIdProfessionalCreateUserError']);
    // firstName is optional: omitted or null is fine.
    expect((await create({ firstName: null })).professional).toMatchObject({ firstName: null });
    expect(sandbox.state.counters.created).toBe(1);
  });

  it('reports schema violations in top-level errors, as graphql-js does', async () => {
    const { sandbox, token } = await setup();
    const missing = await gql(sandbox.url, token, CREATE, { input: { email: 'a@b.co', lastName: 'X' } });
    expect(missing.status).toBe(200);
    const body = missing.json() as { data?: unknown; errors: { message: string }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/pseudo.*required|Field "pseudo" of required type/);

    const badLocale = await gql(sandbox.url, token, CREATE, {
      input: createInput({ interfaceLanguage: 'english' }),
    });
    expect((badLocale.json() as { errors: { message: string }[] }).errors[0].message).toMatch(
      /Locale cannot represent/,
    );

    const syntax = await gql(sandbox.url, token, 'mutation {');
    expect((syntax.json() as { errors: { message: string }[] }).errors[0].message).toMatch(/Syntax Error/);
    expect(sandbox.state.counters.created).toBe(0);
  });

  it('accepts spoken languages and legacy ids as ints or digit strings', async () => {
    const { sandbox, create } = await setup();
    const payload = await create({
      spokenLanguages: ['fr', 'en'],
      groupId: '12',
      skillIds: [3, '4'],
      interfaceLanguage: 'fr_FR',
    });
    expect(payload.userErrors).toEqual([]);
    expect(sandbox.state.operatorByEmail('ada@example.com')).toMatchObject({
      spokenLanguages: ['fr', 'en'],
      groupId: 12,
      skillIds: [3, 4],
    });
  });

  it('reads a professional by id, null when unknown', async () => {
    const { sandbox, token } = await setup();
    const op = sandbox.state.seedOperator({
      email: 'grace@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    const q =
      'query P($id: LegacyId!) { professional(id: $id) { id email firstName lastName pseudo userName externalId } }';
    const found = await gql(sandbox.url, token, q, { id: String(op.id) });
    expect(found.json()).toEqual({
      data: {
        professional: {
          id: op.id,
          email: 'grace@example.com',
          firstName: 'Grace',
          lastName: 'Hopper',
          pseudo: 'Grace',
          userName: 'Grace',
          externalId: null,
        },
      },
    });
    const unknown = await gql(sandbox.url, token, q, { id: 999 });
    expect(unknown.json()).toEqual({ data: { professional: null } });
    expect(sandbox.state.counters.byOperation.professional).toBe(2);
  });

  it('answers 401 invalid_token without or with a dead token, and 400 for a non-GraphQL body', async () => {
    const { sandbox, token } = await setup();
    const none = await gql(sandbox.url, undefined, CREATE, { input: createInput() });
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ error_description: 'access token not valid', error: 'invalid_token' });
    sandbox.state.expireAllTokens();
    expect((await gql(sandbox.url, token, CREATE, { input: createInput() })).status).toBe(401);
    expect(sandbox.state.counters.created).toBe(0);

    const fresh = await login(sandbox.url);
    const notJson = await fetch(`${sandbox.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fresh}` },
      body: '{"query": ',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      errors: [{ message: expect.stringMatching(/^Invalid JSON body/) }],
    });
    const noQuery = await fetch(`${sandbox.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fresh}` },
      body: '{"variables": {}}',
    });
    expect(noQuery.status).toBe(400);
  });
});

describe('the schema, as iAdvize publishes it', () => {
  const INTROSPECT = `{
    __type(name: "Professional") {
      interfaces { name }
      fields(includeDeprecated: true) {
        name isDeprecated deprecationReason
        type { kind name ofType { kind name } }
      }
    }
    user: __type(name: "User") { kind possibleTypes { name } fields(includeDeprecated: true) { name } }
  }`;
  type Field = {
    name: string;
    isDeprecated: boolean;
    deprecationReason: string | null;
    type: { kind: string; name: string | null; ofType: { kind: string; name: string } | null };
  };

  it('has Professional implement User, with the nullability and deprecations of the published schema', async () => {
    const { sandbox, token } = await setup();
    const res = await gql(sandbox.url, token, INTROSPECT, {});
    const data = (
      res.json() as {
        data: {
          __type: { interfaces: { name: string }[]; fields: Field[] };
          user: { kind: string; possibleTypes: { name: string }[]; fields: { name: string }[] };
        };
      }
    ).data;
    expect(data.__type.interfaces.map((i) => i.name)).toEqual(['User']);
    expect(data.user).toMatchObject({ kind: 'INTERFACE', possibleTypes: [{ name: 'Professional' }] });
    const field = (name: string) => data.__type.fields.find((f) => f.name === name);
    // isDeleted is a nullable Boolean in User; createdAt and deletedAt are DateTime.
    expect(field('isDeleted')?.type).toEqual({ kind: 'SCALAR', name: 'Boolean', ofType: null });
    expect(field('createdAt')?.type).toEqual({ kind: 'SCALAR', name: 'DateTime', ofType: null });
    expect(field('deletedAt')?.type).toEqual({ kind: 'SCALAR', name: 'DateTime', ofType: null });
    expect(field('lastName')?.type).toEqual({
      kind: 'NON_NULL',
      name: null,
      ofType: { kind: 'SCALAR', name: 'String' },
    });
    for (const [name, replacement] of [
      ['pseudo', 'userName'],
      ['samlUserId', 'samlId'],
      ['roleName', 'role'],
      ['interfaceLanguage', 'countryPreferences'],
      ['spokenLanguages', 'countryPreferences'],
    ])
      expect([name, field(name)?.isDeprecated, field(name)?.deprecationReason]).toEqual([
        name,
        true,
        expect.stringContaining(`'${replacement}'`),
      ]);
    expect(data.user.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'id',
        'email',
        'lastName',
        'firstName',
        'pseudo',
        'userName',
        'createdAt',
        'isDeleted',
      ]),
    );
  });

  it('answers the fields that replace the deprecated ones', async () => {
    const { sandbox, token, create } = await setup();
    const created = await create({ samlUserId: 'saml-ada', password: undefined });
    const res = await gql(
      sandbox.url,
      token,
      `query P($id: LegacyId!) { professional(id: $id) { userName pseudo samlId samlUserId isDeleted deletedAt createdAt } }`,
      { id: created.professional?.id },
    );
    expect((res.json() as { data: unknown }).data).toEqual({
      professional: {
        userName: 'ada',
        pseudo: 'ada',
        samlId: 'saml-ada',
        samlUserId: 'saml-ada',
        isDeleted: false,
        deletedAt: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
  });
});
