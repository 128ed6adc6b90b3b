import { EMAIL_ALREADY_USED } from './types';
import { ada, clientFor, closeAll, sandbox } from './test-sandbox';

afterEach(closeAll);

describe('IAdvizeClient.createOperator', () => {
  it('creates an operator and returns its Operator ID', async () => {
    const s = await sandbox();
    const result = await clientFor(s).createOperator({ ...ada, externalId: '005000000000001' });
    const stored = s.state.operatorByEmail(ada.email);
    expect(result).toEqual({ ok: true, value: { id: String(stored!.id) } });
    expect(stored).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      pseudo: 'ada',
      role: 'operator',
      externalId: '005000000000001',
      interfaceLanguage: 'en',
    });
  });

  it('sends the configured defaults and omits blank optional fields', async () => {
    const s = await sandbox();
    const client = clientFor(s, {
      defaults: { interfaceLanguage: 'fr', spokenLanguages: ['fr', 'en'], groupId: '12', skillIds: ['3'] },
    });
    expect((await client.createOperator({ ...ada, firstName: '  ', externalId: '' })).ok).toBe(true);
    expect(s.state.operatorByEmail(ada.email)).toMatchObject({
      firstName: undefined,
      externalId: undefined,
      interfaceLanguage: 'fr',
      spokenLanguages: ['fr', 'en'],
      groupId: 12,
      skillIds: [3],
    });
  });

  it('refuses a taken email in any case with EmailAlreadyUsed, and creates no second operator', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    expect((await client.createOperator(ada)).ok).toBe(true);
    const again = await client.createOperator({ ...ada, email: 'ADA@EXAMPLE.com' });
    expect(again).toEqual({ ok: false, error: { type: EMAIL_ALREADY_USED, message: expect.any(String) } });
    expect(s.state.operators().filter((op) => op.email.toLowerCase() === ada.email)).toHaveLength(1);
  });

  it('returns InvalidEmail as a typed error', async () => {
    const s = await sandbox();
    expect(await clientFor(s).createOperator({ ...ada, email: 'ada-at-example' })).toEqual({
      ok: false,
      error: { type: 'InvalidEmailProfessionalCreateUserError', message: expect.any(String) },
    });
    expect(s.state.counters.created).toBe(0);
  });

  it('refuses input it cannot send without calling iAdvize', async () => {
    const s = await sandbox();
    const input = { ...ada, email: null } as unknown as typeof ada;
    expect(await clientFor(s).createOperator(input)).toEqual({
      ok: false,
      error: { type: 'InvalidInputClientError', message: expect.stringContaining('email') },
    });
    expect(s.state.counters.graphql).toBe(0);
  });
});

describe('IAdvizeClient lookups (REST v2)', () => {
  it('finds operators by email, exactly and ignoring case, with the SSO key', async () => {
    const s = await sandbox();
    const seeded = s.state.seedOperator({
      email: 'Grace@Example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      pseudo: 'gh',
      externalId: 'x1',
    });
    s.state.seedOperator({ email: 'grace@example.org', lastName: 'Other' });
    const client = clientFor(s);
    expect(await client.findOperatorsByEmail(' grace@EXAMPLE.com ')).toEqual([
      {
        id: String(seeded.id),
        email: 'Grace@Example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        pseudo: 'gh',
        ssoKey: seeded.ssoKey,
        externalId: 'x1',
      },
    ]);
    expect(await client.findOperatorsByEmail('nobody@example.com')).toEqual([]);
    expect(s.state.counters.rest).toBe(2);
  });

  it('keeps exact matches only when the email contains the * wildcard', async () => {
    const s = await sandbox();
    const star = s.state.seedOperator({ email: 'a*b@example.com', lastName: 'Star' });
    s.state.seedOperator({ email: 'axxb@example.com', lastName: 'Broadened' });
    expect((await clientFor(s).findOperatorsByEmail('A*B@example.com')).map((op) => op.id)).toEqual([
      String(star.id),
    ]);
  });

  it('reads an operator by id with its SSO key; undefined for an unknown or non-numeric id', async () => {
    const s = await sandbox();
    const seeded = s.state.seedOperator({ email: 'grace@example.com', lastName: 'Hopper' });
    const client = clientFor(s);
    expect(await client.getOperator(String(seeded.id))).toMatchObject({
      id: String(seeded.id),
      lastName: 'Hopper',
      ssoKey: seeded.ssoKey,
    });
    expect(await client.getOperator('456')).toBeUndefined();
    expect(await client.getOperator('not-an-id')).toBeUndefined();
    expect(s.state.counters.rest).toBe(2);
  });

  it('reports a refused REST key clearly', async () => {
    const s = await sandbox();
    const client = clientFor(s, { restKey: 'wrong-key' });
    await expect(client.findOperatorsByEmail(ada.email)).rejects.toMatchObject({
      code: 'IADVIZE_REST_KEY_REFUSED',
      operation: 'GET /operator',
      message: 'iAdvize refused the REST v2 API key: GET /operator: Forbidden',
    });
    await expect(client.getOperator('100001')).rejects.toMatchObject({ code: 'IADVIZE_REST_KEY_REFUSED' });
  });
});

describe('IAdvizeClient without a REST key', () => {
  it('says what it cannot do, looks up by id over GraphQL and refuses lookups by email', async () => {
    const s = await sandbox();
    const seeded = s.state.seedOperator({
      email: 'grace@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    const client = clientFor(s, { restKey: undefined });
    expect(client.capabilities).toEqual({ findByEmail: false, getById: 'graphql', ssoKey: false });
    expect(await client.getOperator(String(seeded.id))).toEqual({
      id: String(seeded.id),
      email: 'grace@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      pseudo: 'Grace',
      externalId: undefined,
    });
    expect(await client.getOperator('456')).toBeUndefined();
    await expect(client.findOperatorsByEmail('grace@example.com')).rejects.toMatchObject({
      code: 'IADVIZE_REST_KEY_MISSING',
    });
    expect(s.state.counters.rest).toBe(0);
  });

  it('has every capability with a REST key', async () => {
    const s = await sandbox();
    expect(clientFor(s).capabilities).toEqual({ findByEmail: true, getById: 'rest', ssoKey: true });
  });
});

describe('IAdvizeClient configuration', () => {
  it('rejects a bad configuration at construction', () => {
    expect(() => clientFor({ url: 'ftp://nope' })).toThrow(/CONFIG|valid configuration/);
    expect(() =>
      clientFor({ url: 'http://127.0.0.1:1' }, { credentials: { username: '', password: 'x' } }),
    ).toThrow(/credentials.username/);
  });
});
