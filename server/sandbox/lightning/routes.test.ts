import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../salesforce';
import type { Org } from '../salesforce/org';
import { BUNDLE_FILE } from './paths';

/** The Lightning page of the sandbox org: URLs, who it runs as, what it tells the components. */
describe('the User Sync page on the sandbox org', () => {
  let sandbox: SalesforceSandbox;
  let bundleDir: string;

  beforeEach(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'lightning-'));
    sandbox = await startSalesforceSandbox({
      lightning: {
        bundleDir,
        users: () => [
          { key: 'admin', username: 'admin@usersync.sandbox', label: 'Admin </script>' },
          { key: 'pat', username: 'pat@acme.test', label: 'Pat' },
        ],
      },
    });
    const org = sandbox.org as Org;
    org.addUser({ FirstName: 'Pat', LastName: 'Lee', Email: 'pat@acme.test', Username: 'pat@acme.test' });
    org.assignPermissionSet('admin@usersync.sandbox', 'User_Sync_Full_Admin');
    org.assignPermissionSet('pat@acme.test', 'User_Sync_Activate_Users');
  });
  afterEach(() => sandbox.close());

  const get = (path: string) => fetch(`${sandbox.url}${path}`, { redirect: 'manual' });
  const sessionOf = (html: string) =>
    JSON.parse(/window\.__sfSession = (.*);<\/script>/.exec(html)?.[1] ?? 'null') as {
      userId: string;
      token: string;
      customPermissions: string[];
      tabs: Array<{ apiName: string; label: string; url: string; active: boolean }>;
      users: Array<{ key: string; current: boolean }>;
    };

  it('opens the app on its first tab, keeping who it runs as', async () => {
    expect((await get('/')).headers.get('location')).toBe('/lightning/app/c__User_Sync');
    expect((await get('/lightning/app/c__User_Sync?as=pat')).headers.get('location')).toBe(
      '/lightning/n/User_Sync_Sources?as=pat',
    );
  });

  it('says the app is not built yet rather than serving a blank page', async () => {
    const res = await get('/lightning/n/User_Sync_Sources');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:lightning');
  });

  it("runs as the chosen user: their Id, custom permissions and a token the org's Apex accepts", async () => {
    writeFileSync(join(bundleDir, BUNDLE_FILE), '// the app');
    const admin = sessionOf(await (await get('/lightning/n/User_Sync_Runs')).text());
    expect(admin.customPermissions).toEqual(['User_Sync_Activate_Users', 'User_Sync_Manage_Integrations']);
    expect(admin.tabs.map((t) => [t.label, t.active])).toEqual([
      ['Sources', false],
      ['Pending Users', false],
      ['Runs', true],
      ['iAdvize', false],
      ['Push to Zendesk', false],
    ]);
    expect(admin.tabs[0].url).toBe('/lightning/n/User_Sync_Sources?as=admin');

    const html = await (await get('/lightning/n/User_Sync_Sources?as=pat')).text();
    // A label cannot close the script that carries the session.
    expect(html).not.toContain('Admin </script>');
    const pat = sessionOf(html);
    expect(pat.customPermissions).toEqual(['User_Sync_Activate_Users']);
    expect(pat.users.find((u) => u.current)?.key).toBe('pat');
    const call = await fetch(`${sandbox.url}/aura/apex`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `OAuth ${pat.token}` },
      body: JSON.stringify({
        classname: 'UserSyncPendingUsersController',
        method: 'getPendingUsers',
        params: {},
      }),
    });
    expect(call.status).toBe(200);
    expect(await call.json()).toEqual({ returnValue: [] });
    expect((await get('/lightning/static/app.js')).status).toBe(200);
  });

  it('refuses an unknown user to run as, and Apex without a session', async () => {
    writeFileSync(join(bundleDir, BUNDLE_FILE), '// the app');
    const res = await get('/lightning/n/User_Sync_Sources?as=nobody');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('No user "nobody" to run as: use admin, pat');
    const call = await fetch(`${sandbox.url}/aura/apex`, { method: 'POST' });
    expect(call.status).toBe(401);
  });
});
