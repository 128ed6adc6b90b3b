import { BINDING_COOKIE } from '../src/connect/browser-binding';

export interface BrowserConnection {
  /** The callback's answer: 200 and the "connected" page, or a catalogue error. */
  status: number;
  page: string;
  /** The link's signature and the authorization code, for tests that check they were never logged. */
  sig: string;
  code: string;
}

/**
 * The admin's browser with a connect link: opens it (the companion sets its binding cookie and
 * redirects), passes the provider's consent (the simulators approve at once) and follows the
 * redirect back to the companion's callback with the cookie.
 */
export async function connectInBrowser(link: string): Promise<BrowserConnection> {
  const start = await fetch(link, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`the link answered ${start.status}: ${await start.text()}`);
  const cookie = start.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${BINDING_COOKIE}=`))
    ?.split(';')[0];
  if (!cookie) throw new Error('the start page set no binding cookie');
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const back = consent.headers.get('location');
  if (!back) throw new Error(`the provider answered ${consent.status} without a redirect`);
  const callback = await fetch(back, { headers: { cookie } });
  return {
    status: callback.status,
    page: await callback.text(),
    sig: new URL(link).searchParams.get('sig') ?? '',
    code: new URL(back).searchParams.get('code') ?? '',
  };
}
