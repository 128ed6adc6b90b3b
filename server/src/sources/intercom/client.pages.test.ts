/**
 * The defensive `pages.next` handling (the current spec never pages /admins, v1.x
 * could). Scripted answers, since the sandbox follows the current spec and never pages.
 */
import { silentLogger } from '../../lib/logger';
import { IntercomClient } from './client';

const BASE = 'https://api.intercom.io';
const admin = (id: string) => ({ type: 'admin', id, name: `A${id}`, email: `a${id}@example.com` });

function scripted(pages: Record<string, unknown>) {
  const urls: string[] = [];
  const fetchStub = (async (url: string | URL | Request) => {
    urls.push(String(url));
    const body = pages[String(url)];
    return new Response(JSON.stringify(body), { status: body ? 200 : 404 });
  }) as typeof fetch;
  const client = new IntercomClient({ accessToken: 't', logger: silentLogger(), http: { fetch: fetchStub } });
  return { client, urls };
}

describe('listTeammates paging', () => {
  it('follows same-host pages.next and counts indexes across pages', async () => {
    const { client, urls } = scripted({
      [`${BASE}/admins`]: {
        type: 'admin.list',
        admins: [admin('1')],
        pages: { next: `${BASE}/admins?page=2` },
      },
      [`${BASE}/admins?page=2`]: { type: 'admin.list', admins: [admin('2'), { type: 'admin', id: '3' }] },
    });
    const listing = await client.listTeammates();
    expect(urls).toEqual([`${BASE}/admins`, `${BASE}/admins?page=2`]);
    expect(listing.teammates.map((t) => t.sourceUserId)).toEqual(['1', '2']);
    expect(listing.errors.map((e) => e.index)).toEqual([2]);
  });

  it('refuses a next page on another host (the token would leak) or one that repeats', async () => {
    const leak = scripted({
      [`${BASE}/admins`]: { type: 'admin.list', admins: [], pages: { next: 'https://evil.example/admins' } },
    });
    await expect(leak.client.listTeammates()).rejects.toMatchObject({ code: 'INTERCOM_BAD_RESPONSE' });
    expect(leak.urls).toHaveLength(1);

    const loop = scripted({
      [`${BASE}/admins`]: { type: 'admin.list', admins: [], pages: { next: `${BASE}/admins?page=2` } },
      [`${BASE}/admins?page=2`]: { type: 'admin.list', admins: [], pages: { next: `${BASE}/admins?page=2` } },
    });
    await expect(loop.client.listTeammates()).rejects.toThrow(/repeats/);
  });
});
