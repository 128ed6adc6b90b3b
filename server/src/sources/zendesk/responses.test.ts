import {
  parseCustomRoles,
  parseTokenResponse,
  parseUserRecord,
  parseUsersPage,
  failureOf,
} from './responses';
import { inSelection, nextPage, plannedListings } from './team-users';

const reply = (status: number, body: unknown) => ({
  status,
  headers: new Headers(),
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const USER = {
  id: 361,
  name: 'Ada',
  email: 'ada@acme.test',
  role: 'agent',
  role_type: 0,
  custom_role_id: 77,
  active: true,
  suspended: false,
  external_id: null,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-02T00:00:00Z',
  extra: 'ignored',
};

describe('parseUserRecord', () => {
  it('maps the documented fields', () => {
    expect(parseUserRecord(USER)).toEqual({
      ok: true,
      value: {
        id: 361,
        name: 'Ada',
        email: 'ada@acme.test',
        role: 'agent',
        roleType: 0,
        customRoleId: 77,
        active: true,
        suspended: false,
        externalId: null,
        createdAt: '2025-01-01T00:00:00Z',
        updatedAt: '2025-01-02T00:00:00Z',
      },
    });
  });

  it('turns a malformed record into a reason, keeping the id when readable', () => {
    expect(parseUserRecord({ ...USER, role: 'owner' })).toEqual({
      ok: false,
      error: { id: 361, reason: expect.stringContaining('role') },
    });
    expect(parseUserRecord({ ...USER, id: '361' })).toEqual({
      ok: false,
      error: { reason: expect.stringContaining('id') },
    });
    expect(parseUserRecord(null).ok).toBe(false);
    expect(parseUserRecord({ ...USER, id: 2 ** 60 }).ok).toBe(false);
  });

  it('reads numeric external ids as text', () => {
    const r = parseUserRecord({ ...USER, external_id: 42 });
    expect(r.ok && r.value.externalId).toBe('42');
  });
});

describe('parseUsersPage', () => {
  it('reads links.next, has_more and after_cursor, and tolerates their absence', () => {
    expect(
      parseUsersPage(
        reply(200, { users: [USER], meta: { has_more: true, after_cursor: 'c1' }, links: { next: 'n' } }),
      ),
    ).toEqual({
      ok: true,
      value: { records: [USER], next: 'n', hasMore: true, afterCursor: 'c1' },
    });
    expect(parseUsersPage(reply(200, { users: [] }))).toEqual({
      ok: true,
      value: { records: [], next: null, hasMore: undefined, afterCursor: null },
    });
  });

  it('refuses HTML pages and bodies that are not a users page', () => {
    const html = parseUsersPage(reply(200, '<html><head><title>Maintenance</title></head></html>'));
    expect(html).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'ZENDESK_BAD_RESPONSE',
        detail: expect.stringContaining('"Maintenance"'),
      }),
    });
    expect(parseUsersPage(reply(200, { user: USER }))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ZENDESK_BAD_RESPONSE' }),
    });
  });

  it('classifies error statuses, edge-protection bodies included', () => {
    expect(failureOf(reply(401, { error: "Couldn't authenticate you" }))).toMatchObject({
      code: 'ZENDESK_AUTH_FAILED',
    });
    expect(
      failureOf(reply(403, { error: 'Forbidden', description: 'You do not have access' })),
    ).toMatchObject({
      code: 'ZENDESK_REQUEST_REJECTED',
      detail: 'HTTP 403 Forbidden: You do not have access',
    });
    expect(
      failureOf(
        reply(429, {
          detail: 'Rate limited by Zendesk edge protection',
          status: '429',
          title: 'Automated response',
        }),
      ),
    ).toMatchObject({
      code: 'ZENDESK_RATE_LIMITED',
      retryable: true,
      detail: 'HTTP 429 Automated response: Rate limited by Zendesk edge protection',
    });
    expect(failureOf(reply(503, '<html>down</html>'))).toMatchObject({
      code: 'ZENDESK_UNAVAILABLE',
      retryable: true,
    });
  });
});

describe('parseCustomRoles and parseTokenResponse', () => {
  it('reads custom roles', () => {
    expect(
      parseCustomRoles(
        reply(200, { custom_roles: [{ id: 5, name: 'Tier 2', description: null, role_type: 0 }] }),
      ),
    ).toEqual({
      ok: true,
      value: [{ id: 5, name: 'Tier 2', description: null }],
    });
    expect(parseCustomRoles(reply(403, { error: 'Forbidden' })).ok).toBe(false);
  });

  it('reads a token pair with absolute expiries', () => {
    const r = parseTokenResponse(
      reply(200, {
        access_token: 'a',
        refresh_token: 'r',
        token_type: 'bearer',
        scope: 'read',
        expires_in: 1800,
        refresh_token_expires_in: 2_592_000,
      }),
      1_000,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        accessToken: 'a',
        refreshToken: 'r',
        expiresAtMs: 1_801_000,
        refreshExpiresAtMs: 2_592_001_000,
        scope: 'read',
      },
    });
  });

  it('treats OAuth refusals as authentication failures and a pair without refresh token as unreadable', () => {
    expect(
      parseTokenResponse(reply(400, { error: 'invalid_grant', error_description: 'expired' }), 0),
    ).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'ZENDESK_AUTH_FAILED',
        detail: expect.stringContaining('invalid_grant'),
      }),
    });
    expect(parseTokenResponse(reply(200, { access_token: 'a', expires_in: 10 }), 0)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ZENDESK_BAD_RESPONSE' }),
    });
  });
});

describe('selection', () => {
  const filter = { roles: ['admin' as const], customRoleIds: [77] };

  it('keeps chosen roles and chosen custom-role agents only', () => {
    expect(inSelection({ role: 'admin', customRoleId: null }, filter)).toBe(true);
    expect(inSelection({ role: 'agent', customRoleId: 77 }, filter)).toBe(true);
    expect(inSelection({ role: 'agent', customRoleId: 78 }, filter)).toBe(false);
    expect(inSelection({ role: 'agent', customRoleId: null }, filter)).toBe(false);
    expect(
      inSelection({ role: 'end-user', customRoleId: 77 }, { roles: ['agent'], customRoleIds: [77] }),
    ).toBe(false);
  });

  it('plans one listing for the roles and one per custom role, unless agents are all chosen', () => {
    expect(plannedListings('https://a.zendesk.com', filter)).toEqual([
      'https://a.zendesk.com/api/v2/users?role%5B%5D=admin&page%5Bsize%5D=100&include_boundary_indicators=true',
      'https://a.zendesk.com/api/v2/users?permission_set=77&page%5Bsize%5D=100&include_boundary_indicators=true',
    ]);
    expect(
      plannedListings('https://a.zendesk.com', { roles: ['agent'], customRoleIds: [77, 78] }),
    ).toHaveLength(1);
  });
});

describe('nextPage', () => {
  const here = 'https://a.zendesk.com/api/v2/users?role%5B%5D=agent&page%5Bsize%5D=100';
  const full = Array.from({ length: 100 }, () => USER);
  const page = (
    p: Partial<{ records: unknown[]; next: string | null; hasMore: boolean; afterCursor: string | null }>,
  ) => ({
    records: full,
    next: null,
    afterCursor: null,
    ...p,
  });

  it('stops on has_more false, although Zendesk still sends a next link and an after_cursor', () => {
    expect(
      nextPage(here, page({ hasMore: false, next: `${here}&page%5Bafter%5D=c9`, afterCursor: 'c9' })),
    ).toEqual({
      kind: 'done',
    });
  });

  it('follows links.next while has_more is true, or builds the URL from after_cursor', () => {
    expect(
      nextPage(here, page({ hasMore: true, next: 'https://a.zendesk.com/n', afterCursor: 'c1' })),
    ).toEqual({
      kind: 'next',
      url: 'https://a.zendesk.com/n',
    });
    expect(nextPage(here, page({ hasMore: true, afterCursor: 'c1' }))).toEqual({
      kind: 'next',
      url: `${here}&page%5Bafter%5D=c1`,
    });
  });

  it('calls a page that says has_more with no way forward incomplete, not the end', () => {
    expect(nextPage(here, page({ hasMore: true }))).toEqual({ kind: 'stuck' });
  });

  it('without has_more, ends on a short page and continues a full one only where it can', () => {
    expect(nextPage(here, page({ records: [USER], next: `${here}&page%5Bafter%5D=c1` }))).toEqual({
      kind: 'done',
    });
    expect(nextPage(here, page({ next: 'https://a.zendesk.com/n' }))).toEqual({
      kind: 'next',
      url: 'https://a.zendesk.com/n',
    });
    expect(nextPage(here, page({}))).toEqual({ kind: 'stuck' });
  });
});
