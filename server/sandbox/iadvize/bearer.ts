/**
 * Bearer authentication shared by /_authenticated and /graphql. The 401 body is the documented one
 * (https://docs.iadvize.dev/technologies/graphql-api/authentication); the status 401 is inferred
 * (the docs show only the body).
 */
import { NextFunction, Request, Response } from 'express';
import { Tenant } from './state';

export const INVALID_TOKEN_BODY = {
  error_description: 'access token not valid',
  error: 'invalid_token',
} as const;

export function bearerToken(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : undefined;
}

export function sendInvalidToken(res: Response): void {
  res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json(INVALID_TOKEN_BODY);
}

/** Lets the request through only with a live token; stores the user on res.locals. */
export function requireBearer(tenant: Tenant) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = tenant.tokens.userOf(bearerToken(req));
    if (user === undefined) return sendInvalidToken(res);
    res.locals.user = user;
    next();
  };
}
