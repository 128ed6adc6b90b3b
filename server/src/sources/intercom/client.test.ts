import { CompanionError } from '../../lib/errors';
import { IntercomError } from './errors';
import { INTERCOM_VERSION } from './requests';
import { clientFor, closeAll, fakeClock, sandbox } from './test-sandbox';

afterEach(closeAll);

describe('listTeammates against the sandbox', () => {
  it('sends the pinned Intercom-Version and maps every admin to a neutral teammate', async () => {
    const s = await sandbox();
    const ada = s.state.addAdmin({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      away_mode_enabled: true,
      has_inbox_seat: false,
      team_ids: [4],
      role: { id: '9', name: 'Support' },
    });
    const listing = await clientFor(s, fakeClock()).listTeammates();

    expect(s.state.requests()).toEqual([
      { method: 'GET', path: '/admins', intercomVersion: INTERCOM_VERSION },
    ]);
    expect(INTERCOM_VERSION).toBe('2.16');
    expect(listing.errors).toEqual([]);
    expect(listing.teammates).toHaveLength(2); // the owner and Ada
    // Away and seatless are flags, not deactivation: Intercom has no status field.
    expect(listing.teammates.find((t) => t.sourceUserId === ada.id)).toEqual({
      sourceUserId: ada.id,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      active: true,
      flags: {
        awayModeEnabled: true,
        awayModeReassign: false,
        hasInboxSeat: false,
        teamIds: [4],
        role: { id: '9', name: 'Support' },
      },
    });
  });

  it('leaves a removed teammate out of the list; by id it is undefined', async () => {
    const s = await sandbox();
    const bob = s.state.addAdmin({ name: 'Bob', email: 'bob@example.com' });
    const client = clientFor(s, fakeClock());
    expect((await client.findTeammate(bob.id))?.email).toBe('bob@example.com');
    s.state.removeAdmin(bob.id);
    const listing = await client.listTeammates();
    expect(listing.teammates.map((t) => t.sourceUserId)).not.toContain(bob.id);
    expect(await client.findTeammate(bob.id)).toBeUndefined();
    expect(await client.findTeammate('not-an-id')).toBeUndefined();
  });

  it('on 429 sleeps exactly until X-RateLimit-Reset, then succeeds', async () => {
    const clock = fakeClock();
    const s = await sandbox({ rateLimitPer10s: 1, now: clock.now });
    const client = clientFor(s, clock);
    await client.listTeammates(); // spends the window's only call
    const before = clock.now();
    const resetMs = (Math.floor(before / 10_000) + 1) * 10_000; // what the sandbox sends, in ms
    await client.listTeammates();
    expect(clock.slept).toEqual([resetMs - before]);
    expect(clock.slept[0]).toBe(7_000);
    expect(s.state.counters.rateLimited).toBe(1);
    expect(client.counters.rateLimited).toBe(1);
  });

  it('retries injected 5xx and still returns a complete list', async () => {
    const clock = fakeClock();
    const s = await sandbox({ faults: { error5xxRate: 1, seed: 7 } });
    let sleeps = 0;
    clock.onSleep = () => {
      if (++sleeps === 2) s.state.setFaults(undefined);
    };
    const listing = await clientFor(s, clock).listTeammates();
    expect(s.state.counters.faults5xx).toBe(2);
    expect(listing.teammates).toHaveLength(1);
  });

  it('throws INTERCOM_UNAVAILABLE when 5xx outlast the retries: no partial listing', async () => {
    const s = await sandbox({ faults: { error5xxRate: 1, seed: 7 } });
    const error = await clientFor(s, fakeClock(), { http: { maxAttempts: 3 } })
      .listTeammates()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ code: 'INTERCOM_UNAVAILABLE', retryable: true });
    expect(s.state.counters.faults5xx).toBe(3);
  });

  it('turns a bad token into INTERCOM_AUTH_FAILED without retrying', async () => {
    const s = await sandbox();
    const error = await clientFor(s, fakeClock(), { accessToken: 'revoked' })
      .listTeammates()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompanionError);
    expect(error).toMatchObject({ code: 'INTERCOM_AUTH_FAILED', retryable: false, httpStatus: 401 });
    expect((error as Error).message).toContain('unauthorized: Access Token Invalid');
    expect(s.state.counters.requests).toBe(1);
  });

  it('reports a version Intercom does not know as INTERCOM_REQUEST_REJECTED', async () => {
    const s = await sandbox();
    const error = await clientFor(s, fakeClock(), { version: '9.9' })
      .listTeammates()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERCOM_REQUEST_REJECTED', httpStatus: 400 });
    expect((error as Error).message).toContain('intercom_version_invalid');
  });
});

describe('me', () => {
  it('identifies the installing admin and the workspace region', async () => {
    const s = await sandbox({ region: 'EU' });
    const me = await clientFor(s, fakeClock()).me();
    expect(me).toEqual({
      adminId: expect.any(String),
      email: 'owner@intercom.sandbox',
      appIdCode: 'sandbox1',
      region: 'eu',
    });
  });
});
