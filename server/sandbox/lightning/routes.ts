/**
 * The User Sync app on the sandbox org, as Lightning Experience serves it: `/lightning/app/c__<App>`
 * opens the app's first tab, `/lightning/n/<Tab>` shows a tab, and the page runs as one of the org's
 * users (`?as=<key>`, the first one by default) with an access token the org issues for them.
 * Components call Apex at `POST /aura/apex` (see salesforce/apex) and stream from `/cometd` with
 * that token.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response } from 'express';
import type { Org } from '../salesforce/org';
import { loadLightningApp, type LightningAppDef } from './app-metadata';
import { BUNDLE_FILE, SLDS_DIR } from './paths';

/** A user the page can run as. */
export interface LightningUser {
  /** Short name used in `?as=` (e.g. admin). */
  key: string;
  username: string;
  /** What the user switcher shows. */
  label: string;
}

export interface LightningOptions {
  /** Where the bundle was built (build.ts). */
  bundleDir: string;
  /** The users the page can run as, the first by default (asked on each page: seeding may come later). */
  users(): LightningUser[];
  /** The app to serve (default User_Sync). */
  appApiName?: string;
  metadataDir: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(title: string, session: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} | Salesforce sandbox</title>
<link rel="stylesheet" href="/lightning/slds/styles/salesforce-lightning-design-system.min.css">
</head>
<body class="slds-scope">
<div id="app"></div>
<script>window.__sfSession = ${scriptJson(session)};</script>
<script type="module" src="/lightning/static/${BUNDLE_FILE}"></script>
</body>
</html>`;
}

export function mountLightning(app: express.Express, org: Org, options: LightningOptions): void {
  const appDef: LightningAppDef = loadLightningApp(options.metadataDir, options.appApiName ?? 'User_Sync');
  const bundle = join(options.bundleDir, BUNDLE_FILE);

  app.use('/lightning/slds', express.static(SLDS_DIR, { maxAge: '1h' }));
  app.use('/lightning/static', express.static(options.bundleDir, { etag: true }));

  app.get('/', (_req: Request, res: Response) => res.redirect(302, `/lightning/app/c__${appDef.apiName}`));
  app.get('/favicon.ico', (_req: Request, res: Response) => res.status(204).end());

  app.get(`/lightning/app/c__${appDef.apiName}`, (req: Request, res: Response) => {
    const query = new URL(req.originalUrl, 'http://sandbox').search;
    res.redirect(302, `/lightning/n/${appDef.tabs[0].apiName}${query}`);
  });

  app.get('/lightning/n/:tab', (req: Request, res: Response) => {
    const users = options.users();
    const key = typeof req.query.as === 'string' ? req.query.as : users[0]?.key;
    const user = users.find((u) => u.key === key);
    if (!user) {
      res
        .status(404)
        .type('text/plain')
        .send(`No user "${key}" to run as: use ${users.map((u) => u.key).join(', ')}`);
      return;
    }
    if (!existsSync(bundle)) {
      res.status(503).type('text/plain').send('The app is not built yet: run npm run build:lightning');
      return;
    }
    const record = org.userByUsername(user.username);
    if (!record) throw new Error(`No user ${user.username} in the org`);
    const userId = record.Id as string;
    const tab = String(req.params.tab);
    const query = `?as=${encodeURIComponent(user.key)}`;
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        page(appDef.label, {
          appLabel: appDef.label,
          userId,
          userName: record.Name,
          token: org.issueAccessToken(user.username),
          customPermissions: org.permissions.customPermissions(userId),
          users: users.map((u) => ({ key: u.key, label: u.label, current: u.key === user.key })),
          tabs: appDef.tabs.map((t) => ({
            apiName: t.apiName,
            label: t.label,
            url: `/lightning/n/${t.apiName}${query}`,
            active: t.apiName === tab,
          })),
          tab,
        }),
      );
  });
}
