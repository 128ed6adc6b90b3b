/**
 * The admin's journey with User Sync, clicked in a real browser on the sandbox org, with the companion
 * answering: connect Zendesk, preview and enable it, activate Pending users, follow a rename and a
 * mass removal, connect Intercom, what a user without the integration permission sees, and iAdvize.
 * Each step leaves a screenshot in test-results/screenshots/.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startAppSandbox, type AppSandbox } from '../../app-sandbox';
import { AGENTS_WITH_SALESFORCE_USERS, ZENDESK_SUBDOMAIN } from '../../team';
import { launchChromium, screenshot } from './browser';

jest.setTimeout(90_000);

/** How long the app may take to show what the companion did: the tabs refresh on its events. */
const LIVE = { timeout: 20_000 };

describe('the User Sync app on the sandbox org', () => {
  let sandbox: AppSandbox;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [sandbox, browser] = await Promise.all([startAppSandbox({ cometdTimeoutMs: 10_000 }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
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
});
