/**
 * Authentication for /api/v2: an OAuth bearer token, or an API token as Basic
 * `{email}/token:{api_token}`. Anything else is refused before the route runs.
 */
import { timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { cannotAuthenticate, invalidToken } from './replies';
import { Account } from './state';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function basicMatches(header: string, apiToken: { email: string; token: string } | undefined): boolean {
  if (!apiToken) return false;
  const decoded = Buffer.from(header, 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 0) return false;
  const user = decoded.slice(0, sep);
  const secret = decoded.slice(sep + 1);
  // [doc] the username is `{email}/token`; [inferred] the email part is case-insensitive.
  return user.toLowerCase() === `${apiToken.email.toLowerCase()}/token` && sameSecret(secret, apiToken.token);
}

export function requireApiAuth(account: Account) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (bearer) {
      const scope = account.oauth.liveAccessScope(bearer[1]);
      if (scope === undefined) return invalidToken(res);
      res.locals.scope = scope;
      return next();
    }
    const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
    if (basic && basicMatches(basic[1], account.apiToken)) return next();
    cannotAuthenticate(res);
  };
}
