/**
 * OAuth for public apps.
 *
 * [doc] Authorize: `https://app.intercom.com/oauth?client_id=…&state=…[&redirect_uri=…]` (Airbyte
 * uses `/a/oauth/connect` with `response_type=code`; both are served). Scopes are set per app, not
 * per request. Token: `POST https://api.intercom.io/auth/eagle/token` with `code`, `client_id`,
 * `client_secret`; the code expires after about 5 minutes; tokens never expire and no refresh token is
 * returned.
 * [inferred] The consent screen is skipped (auto-approve: a 302 to `redirect_uri?code=…&state=…`);
 * redirect_uri is required here because the sandbox keeps no app settings; plain http is allowed on
 * loopback hosts only (Intercom requires HTTPS); parameters may be form-encoded or JSON; the token
 * body is `{token_type:'Bearer', token, access_token}` (token and access_token equal); the refusal
 * codes and statuses below.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { Request, Response, Router } from 'express';
import { z } from 'zod';
import { sendErrorList } from './error-list';
import { Workspace } from './state';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

const authorizeQuery = z.object({
  client_id: z.string().min(1),
  state: z.string().optional(),
  redirect_uri: z.url(),
  response_type: z.literal('code').optional(),
});

const tokenParams = z.object({
  code: z.string().min(1),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function acceptableRedirect(uri: string): boolean {
  const u = new URL(uri);
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function oauthRoutes(workspace: Workspace, clients: readonly OAuthClient[]): Router {
  const router = Router();
  const clientById = new Map(clients.map((c) => [c.clientId, c]));

  const authorize = (req: Request, res: Response): void => {
    workspace.counters.oauth += 1;
    const q = authorizeQuery.safeParse(req.query);
    if (!q.success) {
      res.status(400).type('text').send('client_id and a valid redirect_uri are required');
      return;
    }
    if (!clientById.has(q.data.client_id)) {
      res.status(400).type('text').send('Unknown client_id');
      return;
    }
    if (!acceptableRedirect(q.data.redirect_uri)) {
      res.status(400).type('text').send('redirect_uri must use HTTPS');
      return;
    }
    const target = new URL(q.data.redirect_uri);
    target.searchParams.set('code', workspace.codes.issue(q.data.client_id));
    if (q.data.state !== undefined) target.searchParams.set('state', q.data.state);
    res.redirect(302, target.toString());
  };
  router.get('/oauth', authorize);
  router.get('/a/oauth/connect', authorize);

  router.post(
    '/auth/eagle/token',
    express.urlencoded({ extended: false, limit: '16kb' }),
    express.json({ limit: '16kb' }),
    (req: Request, res: Response) => {
      workspace.counters.oauth += 1;
      const p = tokenParams.safeParse(req.body ?? {});
      if (!p.success) {
        return sendErrorList(
          res,
          400,
          'parameter_not_found',
          'code, client_id and client_secret are required',
        );
      }
      const client = clientById.get(p.data.client_id);
      if (!client || !sameSecret(p.data.client_secret, client.clientSecret)) {
        return sendErrorList(res, 401, 'unauthorized', 'Client authentication failed');
      }
      if (!workspace.codes.redeem(p.data.code, client.clientId)) {
        return sendErrorList(res, 400, 'parameter_invalid', 'The code is invalid, expired or already used');
      }
      const token = workspace.issueAccessToken();
      res.set('Cache-Control', 'no-store').json({ token_type: 'Bearer', token, access_token: token });
    },
  );
  return router;
}
