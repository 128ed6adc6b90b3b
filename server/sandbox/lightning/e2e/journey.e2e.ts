/**
 * The admin's journey with User Sync, clicked in a real browser on the sandbox org, with the companion
 * answering: connect Zendesk, preview and enable it, activate Pending users, follow a rename and a
 * mass removal, connect Intercom, what a user without the integration permission sees, and iAdvize.
 * Each step leaves a screenshot in test-results/screenshots/.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { AppSandbox } from '../../app-sandbox';
import { AGENTS_WITH_SALESFORCE_USERS, ZENDESK_SUBDOMAIN } from '../../team';
import { screenshot, seriousViolations } from './browser';
import { startJourney } from './start-journey';

jest.setTimeout(90_000);

/** How long the app may take to show what the companion did: the tabs refresh on its events. */
const LIVE = { timeout: 20_000 };

describe('the User Sync app on the sandbox org', () => {
  let sandbox: AppSandbox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  // A fresh machine builds the app's bundle first (about half a minute on two cores).
  beforeAll(async () => {
    ({ sandbox, browser } = await startJourney());
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const org = () => sandbox.stack.salesforce.org;
  const open = async (tab: string, as = 'admin') => {
    await page.goto(`${sandbox.stack.salesforce.url}/lightning/n/${tab}?as=${as}`);
    await page.locator('main lightning-card').first().waitFor();
  };
  const card = (source: 'Zendesk' | 'Intercom'): Locator =>
    page
      .locator('c-user-sync-source-card')
      .filter({ has: page.getByRole('heading', { name: source, exact: true }) });
  const agents = () => sandbox.team.zendesk.agents;

  it('1. connects Zendesk through its consent page and comes back connected', async () => {
    await open('User_Sync_Sources');
    const zendesk = card('Zendesk');
    await zendesk.getByText('Not connected yet.').waitFor();
    await zendesk.getByLabel('Zendesk subdomain').fill(`https://${ZENDESK_SUBDOMAIN}.zendesk.com`);
    await zendesk.getByRole('button', { name: 'Connect' }).click();
    // The companion writes the link; the card shows it without a reload.
    const openLink = zendesk.getByRole('button', { name: 'Open connect link' });
    await openLink.waitFor(LIVE);
    await screenshot(page, '01-zendesk-connect-link');
    const [consent] = await Promise.all([context.waitForEvent('page'), openLink.click()]);
    await consent.getByRole('heading', { name: /to access abc-energy\.zendesk\.com\?/ }).waitFor();
    await screenshot(consent, '02-zendesk-consent');
    await consent.getByRole('button', { name: 'Allow' }).click();
    await consent.getByText('Zendesk connected').waitFor();
    await consent.close();
    await zendesk.getByText(/^Connected to abc-energy\.zendesk\.com on /).waitFor(LIVE);
    await screenshot(page, '03-zendesk-connected');
  });

  it('2. imports Agents and a custom role: Preview counts the seeded agents, Enable brings Pending rows in', async () => {
    const zendesk = card('Zendesk');
    const roles = zendesk.locator('lightning-dual-listbox');
    for (const role of ['Agents', 'Tier 2 Support (custom role)']) {
      await roles.getByRole('option', { name: role }).click();
      await roles.getByRole('button', { name: 'Move selection to Imported' }).click();
    }
    await zendesk.getByRole('button', { name: 'Save settings' }).click();
    await zendesk.getByText('Settings saved.').waitFor();
    await zendesk.getByRole('button', { name: 'Preview' }).click();
    const preview = zendesk.locator('.latest-preview');
    await preview.waitFor(LIVE);
    // Every agent (custom-role agents are agents), no admin, no end user; those with a Salesforce user
    // of the same email will be created Active, linked to it.
    await preview.getByText(`Created: ${agents()}`).waitFor(LIVE);
    const matched = preview
      .getByRole('row')
      .filter({ hasText: 'matches exactly one active Salesforce user' });
    expect(await matched.count()).toBe(AGENTS_WITH_SALESFORCE_USERS);
    expect(org().query("SELECT Id FROM External_User__c WHERE Source__c = 'Zendesk'")).toHaveLength(0);
    await screenshot(page, '04-zendesk-preview');

    // The Pending users tab, open in another browser tab, fills in as the first import runs.
    const pending = await context.newPage();
    await pending.goto(`${sandbox.stack.salesforce.url}/lightning/n/User_Sync_Pending_Users?as=admin`);
    const rows = pending.locator('lightning-datatable tbody tr');
    await pending.getByText('0 selected (at most 200)').waitFor();
    expect(await rows.count()).toBe(0);
    await zendesk.getByRole('button', { name: 'Enable' }).click();
    await zendesk.locator('lightning-badge').getByText('Enabled').waitFor();
    await pending.getByText('Maria Garcia').waitFor(LIVE);
    expect(await rows.count()).toBe(agents() - AGENTS_WITH_SALESFORCE_USERS);
    await screenshot(pending, '05-pending-users');
    await pending.close();
  });

  it('3. activates Pending users: one by creating a Salesforce user, one by linking; a third is refused for lack of licences', async () => {
    await open('User_Sync_Pending_Users');
    const table = page.locator('lightning-datatable');
    const row = (name: string) => table.getByRole('row').filter({ hasText: name });
    const select = (name: string) => row(name).locator('lightning-primitive-cell-checkbox label').click();
    const chooseProfile = async (label: RegExp) => {
      const profile = page.locator('lightning-combobox.profile');
      await profile.getByRole('combobox').click();
      await profile.getByRole('option', { name: label }).click();
    };

    // Create: the profile list shows the licences left on each profile's licence.
    await select('Ana Berg');
    await page.getByRole('button', { name: 'Create Salesforce users' }).click();
    const form = page.locator('c-user-sync-create-users');
    await form.getByText('New user 1 of 1').waitFor();
    await chooseProfile(/^Standard User \(Salesforce: 2 licences left\)$/);
    await screenshot(page, '06-create-user');
    await form.getByRole('button', { name: 'Create 1 user' }).click();
    await row('Ana Berg').getByText('Salesforce user created; linking…').waitFor(LIVE);
    // The row is linked a moment later and leaves the Pending list, without a reload.
    await row('Ana Berg').waitFor({ state: 'detached', ...LIVE });
    const [ana] = org().query(
      "SELECT Id, Username, Profile.Name FROM User WHERE Email = 'ana.berg@abc-energy.com'",
    );
    expect(ana).toMatchObject({ Username: 'ana.berg@abc-energy.com', Profile: { Name: 'Standard User' } });
    expect(org().query(`SELECT Status__c FROM External_User__c WHERE User__c = '${ana.Id}'`)).toEqual([
      { Status__c: 'Active' },
    ]);

    // Link: Maria Garcia is María García in Salesforce, under another email.
    await select('Maria Garcia');
    await page.getByRole('button', { name: 'Link to existing users' }).click();
    const picker = page.locator('lightning-record-picker');
    await picker.getByRole('combobox').fill('Garc');
    await picker.getByRole('option', { name: 'María García' }).click();
    await screenshot(page, '07-link-user');
    await page.getByRole('button', { name: 'Link 1 user' }).click();
    await row('Maria Garcia').waitFor({ state: 'detached', ...LIVE });
    const [maria] = org().query(
      "SELECT Status__c, User__r.Name FROM External_User__c WHERE Email__c = 'maria.garcia@abc-energy.com'",
    );
    expect(maria).toEqual({ Status__c: 'Active', User__r: { Name: 'María García' } });

    // Refused: the licence count went down by one; Salesforce Platform has none left.
    await select('Ben Martin');
    await page.getByRole('button', { name: 'Create Salesforce users' }).click();
    await form.getByText('New user 1 of 1').waitFor();
    const profiles = page.locator('lightning-combobox.profile');
    await profiles.getByRole('combobox').click();
    await profiles.getByRole('option', { name: 'Standard User (Salesforce: 1 licences left)' }).waitFor();
    await profiles
      .getByRole('option', { name: /^Standard Platform User \(Salesforce Platform: 0 licences left\)$/ })
      .click();
    await form.getByText(/^Only 0 Salesforce Platform licences are left for 1 users/).waitFor();
    await form.getByRole('button', { name: 'Create 1 user' }).click();
    await form
      .getByText(/^Not enough Salesforce Platform licences: 1 user to create, 0 left\. Nothing was created/)
      .waitFor(LIVE);
    await screenshot(page, '08-create-refused');
    expect(org().query("SELECT Id FROM User WHERE Email = 'ben.martin@abc-energy.com'")).toEqual([]);
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('4. a rename at the source shows after Sync now; removing half the agents is held until the admin confirms', async () => {
    const zendeskState = sandbox.stack.zendesk.state;
    const jonas = zendeskState.users().find((u) => u.name === 'Jonas Dubois')!;
    zendeskState.updateUser(jonas.id, { name: 'Jonas Dubois-Weber' });
    await open('User_Sync_Sources');
    await card('Zendesk').getByRole('button', { name: 'Sync now' }).click();
    await card('Zendesk').getByText('Sync asked: the run appears on the Runs tab.').waitFor();
    await open('User_Sync_Pending_Users');
    await page.locator('lightning-datatable').getByText('Jonas Dubois-Weber').waitFor(LIVE);

    const team = zendeskState.users().filter((u) => u.role === 'agent' && u.active);
    const removed = team.slice(0, team.length / 2);
    for (const agent of removed) zendeskState.deleteUser(agent.id);
    await open('User_Sync_Sources');
    // The rename's run has finished (a source runs one run at a time: another would be Skipped).
    await card('Zendesk')
      .locator('.latest-run')
      .filter({ hasText: 'Manual' })
      .getByText('Succeeded')
      .waitFor(LIVE);
    await card('Zendesk').getByRole('button', { name: 'Sync now' }).click();
    await open('User_Sync_Runs');
    const held = page.locator('article.run').filter({ hasText: 'Held' }).first();
    const confirm = held.getByLabel(`Type ${removed.length} to confirm the held deactivations`);
    await confirm.waitFor(LIVE);
    await screenshot(page, '09-held-run');
    await confirm.fill(String(removed.length));
    await held.getByRole('button', { name: 'Confirm deactivations' }).click();
    await page
      .locator('article.run')
      .filter({ hasText: `Deactivated: ${removed.length}` })
      .first()
      .waitFor(LIVE);
    await screenshot(page, '10-confirmed');

    await open('User_Sync_Pending_Users');
    const status = page.locator('lightning-combobox.status-filter');
    await status.getByRole('combobox').click();
    await status.getByRole('option', { name: 'Deactivated' }).click();
    const rows = page.locator('lightning-datatable tbody tr');
    await rows.filter({ hasText: removed[0].name }).first().waitFor(LIVE);
    expect(await rows.count()).toBe(removed.length);
    await screenshot(page, '11-deactivated-rows');
  });

  it('5. connects Intercom and enables it', async () => {
    await open('User_Sync_Sources');
    const intercom = card('Intercom');
    await intercom.getByRole('button', { name: 'Connect' }).click();
    const openLink = intercom.getByRole('button', { name: 'Open connect link' });
    await openLink.waitFor(LIVE);
    const [consent] = await Promise.all([context.waitForEvent('page'), openLink.click()]);
    await consent.getByText('Intercom connected').waitFor();
    await consent.close();
    await intercom.getByText(/^Connected to Intercom on /).waitFor(LIVE);
    await intercom.getByRole('button', { name: 'Enable' }).click();
    await intercom.locator('.latest-run').getByText('Succeeded').waitFor(LIVE);
    await intercom.locator('.latest-run').getByText(`Created: ${sandbox.team.intercom.teammates}`).waitFor();
    await screenshot(page, '12-intercom-enabled');
  });

  it('6. without User_Sync_Manage_Integrations the buttons are absent and a direct call is refused', async () => {
    await open('User_Sync_Sources', 'sam');
    const zendesk = card('Zendesk');
    await zendesk.getByText(/^Connected to abc-energy\.zendesk\.com/).waitFor();
    expect(
      await page
        .getByRole('button', {
          name: /^(Connect|Connect again|Enable|Disable|Sync now|Preview|Save settings)$/,
        })
        .count(),
    ).toBe(0);
    await screenshot(page, '13-no-manage-permission');
    const commandsBefore = org().events('User_Sync_Command__e').length;
    const answer = await page.evaluate(async () => {
      const session = (globalThis as unknown as { __sfSession: { token: string } }).__sfSession;
      const response = await fetch('/aura/apex', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `OAuth ${session.token}` },
        body: JSON.stringify({
          classname: 'UserSyncSourcesController',
          method: 'disable',
          params: { source: 'zendesk' },
        }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(answer).toEqual({
      status: 500,
      body: {
        error: expect.objectContaining({
          exceptionType: 'System.AuraHandledException',
          message: expect.stringMatching(
            /^You need the "User Sync: Manage Integrations" permission to do this\./,
          ),
        }),
      },
    });
    expect(org().events('User_Sync_Command__e')).toHaveLength(commandsBefore);
    expect(org().query("SELECT Enabled__c FROM User_Sync_Source__c WHERE Source__c = 'zendesk'")).toEqual([
      { Enabled__c: true },
    ]);
  });

  it('7. iAdvize: two ticked users end Created and Skipped, with their messages', async () => {
    // Ana Haddad's email is already an iAdvize operator's; Ben Lee is new to iAdvize.
    const users = org().query(
      "SELECT Id, Name FROM User WHERE Email IN ('ana.haddad@abc-energy.com', 'ben.lee@abc-energy.com') ORDER BY Name",
    );
    expect(users.map((u) => u.Name)).toEqual(['Ana Haddad', 'Ben Lee']);
    await open('User_Sync_IAdvize');
    // Ticking Sync to iAdvize on each user record, through the REST API with the admin's session.
    const statuses = await page.evaluate(
      async (ids: string[]) => {
        const { token } = (globalThis as unknown as { __sfSession: { token: string } }).__sfSession;
        const results = [];
        for (const id of ids) {
          const response = await fetch(`/services/data/v62.0/sobjects/User/${id}`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify({ IAdvize_Sync__c: true }),
          });
          results.push(response.status);
        }
        return results;
      },
      users.map((u) => u.Id as string),
    );
    expect(statuses).toEqual([204, 204]);
    await page.reload();
    const counts = page.locator('ul.counts');
    await counts.getByText('Created: 1').waitFor(LIVE);
    await counts.getByText('Skipped: 1').waitFor(LIVE);
    const skipped = page.locator('lightning-datatable').getByRole('row').filter({ hasText: 'Ana Haddad' });
    await skipped.getByText('Skipped').waitFor();
    const message = String(org().get('User', users[0].Id as string)?.IAdvize_Sync_Message__c);
    expect(message).toMatch(/already/i);
    await skipped.getByText(message.slice(0, 30), { exact: false }).waitFor();
    expect(org().get('User', users[1].Id as string)).toMatchObject({
      IAdvize_Sync_Status__c: 'Created',
      IAdvize_Operator_Id__c: expect.any(String),
    });
    await screenshot(page, '14-iadvize');
  });

  it('8. pushes to Zendesk: write access granted, the segment counted by Preview, Enable sends the users', async () => {
    await open('User_Sync_Push');
    const tab = page.locator('c-user-sync-push');
    // Zendesk was connected to read agents: a push asks for write access first.
    await tab.getByRole('button', { name: 'Reconnect with write access' }).click();
    const openLink = tab.getByRole('button', { name: 'Open connect link' });
    await openLink.waitFor(LIVE);
    const [consent] = await Promise.all([context.waitForEvent('page'), openLink.click()]);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await consent.getByText('Zendesk connected').waitFor();
    await consent.close();
    await tab
      .getByRole('button', { name: 'Reconnect with write access' })
      .waitFor({ state: 'detached', ...LIVE });

    await tab.getByRole('combobox', { name: 'Push' }).click();
    await tab.getByRole('option', { name: 'New push…' }).click();
    const form = page.locator('c-user-sync-push-form');
    await form.locator('lightning-input[data-field="name"] input').fill('Support team');
    await form.locator('lightning-textarea[data-field="segment"] textarea').fill('IsActive = true');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Not counted yet for this segment: click Preview.').waitFor(LIVE);
    await form.getByRole('button', { name: 'Preview' }).click();
    const active = org().query('SELECT Id FROM User WHERE IsActive = true').length;
    await form.getByText(`The segment matches ${active} users`).waitFor(LIVE);
    await tab
      .getByRole('region', { name: 'Latest preview' })
      .getByText(`In the segment: ${active}`)
      .waitFor(LIVE);
    await screenshot(page, '15-push-preview');

    await form.getByRole('button', { name: 'Enable' }).click();
    const activation = tab.getByRole('region', { name: 'Latest activation' });
    await activation.getByRole('heading', { name: /, Succeeded$/ }).waitFor(LIVE);
    // Only users Zendesk already has are updated (insert mode off): the seeded agents with a Salesforce user.
    const updated = Number(
      ((await activation.locator('ul.counts').innerText()).match(/Updated: (\d+)/) ?? [])[1],
    );
    expect(updated).toBeGreaterThan(0);
    await expect(tab.locator('p.schedule').innerText()).resolves.toMatch(
      /^Last run\s\w{3} \d+, \d{4}.*\.\s+Next run\s\w{3} \d+, \d{4}.*\.$/,
    );
    await screenshot(page, '16-push-activated');
  });

  it('has no serious or critical accessibility violation on any tab (axe-core)', async () => {
    const found: string[] = [];
    for (const tab of [
      'User_Sync_Sources',
      'User_Sync_Pending_Users',
      'User_Sync_Runs',
      'User_Sync_IAdvize',
      'User_Sync_Push',
    ]) {
      await open(tab);
      // Loaded: no spinner left (the streaming long-poll keeps the network busy on purpose).
      await page.locator('lightning-spinner').first().waitFor({ state: 'detached' });
      found.push(...(await seriousViolations(page)).map((v) => `${tab}: ${v}`));
    }
    expect(found).toEqual([]);
    // The scan does see the page: an image without a text alternative is reported.
    await page.evaluate("document.body.append(document.createElement('img'))");
    expect(await seriousViolations(page)).toEqual([
      expect.stringMatching(/^image-alt \(critical, 1 element\)$/),
    ]);
  });
});
