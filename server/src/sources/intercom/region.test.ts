import { CompanionError } from '../../lib/errors';
import { silentLogger } from '../../lib/logger';
import { IntercomClient } from './client';
import { parseRegion, regionBaseUrl } from './region';

describe('region', () => {
  it('maps each documented region to its API host', () => {
    expect(regionBaseUrl('us')).toBe('https://api.intercom.io');
    expect(regionBaseUrl('eu')).toBe('https://api.eu.intercom.io');
    expect(regionBaseUrl('au')).toBe('https://api.au.intercom.io');
  });

  it('accepts settings and /me spellings, refuses anything else', () => {
    expect(parseRegion('eu')).toEqual({ ok: true, value: 'eu' });
    expect(parseRegion(' AU ')).toEqual({ ok: true, value: 'au' });
    for (const bad of ['uk', '', null, undefined, 3, 'api.eu.intercom.io']) {
      const r = parseRegion(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/us, eu, au/);
    }
  });
});

describe('client host selection', () => {
  const seen: string[] = [];
  const fetchStub = (async (url: string | URL | Request) => {
    seen.push(String(url));
    return new Response(JSON.stringify({ type: 'admin.list', admins: [] }), { status: 200 });
  }) as typeof fetch;

  beforeEach(() => (seen.length = 0));

  it('calls the regional host; a baseUrl overrides it', async () => {
    const logger = silentLogger();
    await new IntercomClient({
      accessToken: 't',
      region: 'EU',
      logger,
      http: { fetch: fetchStub },
    }).listTeammates();
    await new IntercomClient({ accessToken: 't', logger, http: { fetch: fetchStub } }).listTeammates();
    await new IntercomClient({
      accessToken: 't',
      region: 'au',
      baseUrl: 'http://127.0.0.1:1234/',
      logger,
      http: { fetch: fetchStub },
    }).listTeammates();
    expect(seen).toEqual([
      'https://api.eu.intercom.io/admins',
      'https://api.intercom.io/admins',
      'http://127.0.0.1:1234/admins',
    ]);
  });

  it('reports a bad region or an empty token as CONFIG_INVALID at construction', () => {
    const logger = silentLogger();
    expect(() => new IntercomClient({ accessToken: 't', region: 'mars', logger })).toThrow(CompanionError);
    expect(() => new IntercomClient({ accessToken: ' ', logger })).toThrow(/accessToken/);
  });
});
