/**
 * POST /oauth2/token (password grant only) and GET /_authenticated.
 *
 * Documented: form-encoded `username`, `password`, `grant_type=password`; the success body
 * `{access_token, expires_in, token_type: 'Bearer', refresh_token: 'none'}`; 24 h lifetime; login limits
 * of 10/min per user and 100/min per IP answered with 429 and a temporary block.
 * Inferred: the error bodies (RFC 6749 section 5.2 style `{error, error_description}` with HTTP 400); that
 * every attempt counts toward the limits, refused ones included (so hammering prolongs the block);
 * the 429 body; case-insensitive usernames.
 */
import { timingSafeEqual } from 'node:crypto';
import { Request, Response } from 'express';
import { z } from 'zod';
import { bearerToken, sendInvalidToken } from './bearer';
import { emailKey } from './operators';
import { Tenant } from './state';
import { WindowLimiter } from './window-limiter';

export interface OAuthDeps {
  tenant: Tenant;
  admin: { email: string; password: string };
  tokenLifetimeSeconds: number;
  perUser: WindowLimiter;
  perIp: WindowLimiter;
}

const tokenParams = z.object({
  grant_type: z.string().optional(),
  username: z.string().min(1),
  password: z.string().min(1),
});

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function tokenHandler(deps: OAuthDeps) {
  return (req: Request, res: Response): void => {
    deps.tenant.counters.token += 1;
    if (!req.is('application/x-www-form-urlencoded')) {
      return oauthError(
        res,
        400,
        'invalid_request',
        'parameters must be sent as application/x-www-form-urlencoded',
      );
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username : '';

    const ipWait = deps.perIp.take(req.socket.remoteAddress ?? 'unknown');
    const userWait = username ? deps.perUser.take(emailKey(username)) : undefined;
    const waitMs = Math.max(ipWait ?? 0, userWait ?? 0);
    if (waitMs > 0) {
      deps.tenant.counters.loginLimited += 1;
      res.set('Retry-After', String(Math.ceil(waitMs / 1000)));
      return oauthError(
        res,
        429,
        'too_many_requests',
        'Too many login attempts; token generation is temporarily blocked',
      );
    }

    const params = tokenParams.safeParse(body);
    if (params.success && params.data.grant_type !== undefined && params.data.grant_type !== 'password') {
      return oauthError(res, 400, 'unsupported_grant_type', 'only the "password" grant type is supported');
    }
    if (!params.success || params.data.grant_type === undefined) {
      return oauthError(res, 400, 'invalid_request', 'grant_type, username and password are required');
    }
    const { admin } = deps;
    if (
      emailKey(params.data.username) !== emailKey(admin.email) ||
      !sameSecret(params.data.password, admin.password)
    ) {
      return oauthError(res, 400, 'invalid_grant', 'Invalid username and password combination');
    }
    const accessToken = deps.tenant.tokens.issue(admin.email, deps.tokenLifetimeSeconds);
    res.set('Cache-Control', 'no-store').json({
      access_token: accessToken,
      expires_in: deps.tokenLifetimeSeconds,
      token_type: 'Bearer',
      refresh_token: 'none',
    });
  };
}

export function authenticatedHandler(tenant: Tenant) {
  return (req: Request, res: Response): void => {
    if (tenant.tokens.userOf(bearerToken(req)) === undefined) return sendInvalidToken(res);
    tenant.count('_authenticated');
    res.json({ authenticated: true });
  };
}
