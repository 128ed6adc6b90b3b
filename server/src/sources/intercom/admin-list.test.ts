import { parseAdminPage } from './admin-list';
import { readJson } from './responses';
import { collectTeammates, TeammateListing } from './teammate';

const admin = (over: Record<string, unknown> = {}) => ({
  type: 'admin',
  id: '101',
  name: 'Ada',
  email: 'ada@example.com',
  away_mode_enabled: false,
  away_mode_reassign: false,
  has_inbox_seat: true,
  team_ids: [],
  ...over,
});

function collect(records: unknown[]): TeammateListing {
  const listing: TeammateListing = { teammates: [], errors: [], skippedNonAdmins: 0 };
  collectTeammates(records, listing, new Set());
  return listing;
}

describe('parseAdminPage', () => {
  it('accepts the admin.list envelope with or without pages', () => {
    expect(parseAdminPage({ type: 'admin.list', admins: [] })).toEqual({ ok: true, value: { records: [] } });
    expect(
      parseAdminPage({ type: 'admin.list', admins: [1], pages: { next: 'https://x/admins?page=2' } }),
    ).toEqual({
      ok: true,
      value: { records: [1], next: 'https://x/admins?page=2' },
    });
    expect(parseAdminPage({ type: 'admin.list', admins: [], pages: { next: null } }).ok).toBe(true);
  });

  it('fails the whole page on a wrong envelope or a next page it cannot follow', () => {
    for (const bad of [
      null,
      [],
      { type: 'list', data: [] },
      { type: 'admin.list' },
      { type: 'admin.list', admins: {} },
    ]) {
      const r = parseAdminPage(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INTERCOM_BAD_RESPONSE');
    }
    const cursor = parseAdminPage({
      type: 'admin.list',
      admins: [],
      pages: { next: { starting_after: 'x' } },
    });
    expect(cursor.ok).toBe(false);
  });
});

describe('collectTeammates', () => {
  it('keeps good admins and turns each malformed one into a per-record error', () => {
    const listing = collect([
      admin(),
      admin({ id: '102', email: undefined }),
      admin({ id: 'abc' }),
      admin({ id: '104', name: '' }),
      null,
      'garbage',
      admin({ id: 105, email: ' grace@example.com ', away_mode_enabled: null, team_ids: null }),
    ]);
    expect(listing.teammates.map((t) => [t.sourceUserId, t.email])).toEqual([
      ['101', 'ada@example.com'],
      ['105', 'grace@example.com'],
    ]);
    expect(listing.teammates[1].flags).toMatchObject({ awayModeEnabled: false, teamIds: [] });
    expect(listing.errors.map((e) => [e.index, e.sourceUserId])).toEqual([
      [1, '102'],
      [2, 'abc'],
      [3, '104'],
      [4, undefined],
      [5, undefined],
    ]);
    expect(listing.errors[0].message).toMatch(/^malformed admin: email/);
  });

  it('skips non-admin entries (1.x teams) on purpose and flags duplicate ids', () => {
    const listing = collect([admin(), { type: 'team', id: '9', name: 'Support', admin_ids: [101] }, admin()]);
    expect(listing.teammates).toHaveLength(1);
    expect(listing.skippedNonAdmins).toBe(1);
    expect(listing.errors).toEqual([
      { index: 2, sourceUserId: '101', message: 'duplicate admin id in the listing' },
    ]);
  });
});

describe('readJson', () => {
  const res = (status: number, body: string) => ({ status, headers: new Headers(), body });

  it('maps 401 to INTERCOM_AUTH_FAILED with the error.list message', () => {
    const r = readJson(
      res(
        401,
        JSON.stringify({
          type: 'error.list',
          errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
        }),
      ),
    );
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'INTERCOM_AUTH_FAILED',
        detail: 'unauthorized: Access Token Invalid',
      }),
    });
  });

  it('maps other 4xx to INTERCOM_REQUEST_REJECTED and HTML 200 to INTERCOM_BAD_RESPONSE', () => {
    const r403 = readJson(res(403, '<html><title>Forbidden</title></html>'));
    expect(r403).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'INTERCOM_REQUEST_REJECTED',
        detail: 'HTTP 403 an HTML page ("Forbidden")',
      }),
    });
    const html = readJson(res(200, '<html><title>Maintenance</title></html>'));
    expect(html.ok || html.error.code).toBe('INTERCOM_BAD_RESPONSE');
    expect(readJson(res(200, '{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });
});
