/**
 * What the admin's browser gets back. Errors are JSON `{ error: { code, message } }` with a catalogue
 * code; the message is the catalogue's plus a detail the companion wrote itself, never a value from
 * the request or the provider (a code or token must not be echoed). The success page escapes
 * everything it shows.
 */
import type { Response } from 'express';
import type { ErrorCode } from '../lib/errors';
import { sendCatalogueError } from '../http/error-reply';

// The callback URL carries the authorization code: no caching, and no Referer from the page.
function protect(res: Response): void {
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'no-referrer');
}

export function sendError(res: Response, code: ErrorCode, detail?: string): void {
  protect(res);
  sendCatalogueError(res, code, detail);
}

export function redirectTo(res: Response, url: string): void {
  protect(res);
  res.redirect(302, url);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

export function sendConnectedPage(res: Response, providerName: string, account?: string): void {
  protect(res);
  // Nothing on the page needs scripts, styles from elsewhere or frames.
  res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  const title = `${escapeHtml(providerName)} connected`;
  const detail = account ? `<p>Account: <strong>${escapeHtml(account)}</strong></p>` : '';
  res
    .status(200)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
        `<body style="font-family: sans-serif; margin: 3rem"><h1>${title} — you can close this tab</h1>${detail}</body></html>`,
    );
}
