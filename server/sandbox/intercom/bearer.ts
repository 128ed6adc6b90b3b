/**
 * Bearer authentication for the REST API: `Authorization: Bearer <token>`; anything
 * else is 401 `unauthorized` "Access Token Invalid" in the error.list envelope. [inferred] a missing
 * header gets the same answer as a wrong token.
 */
import { NextFunction, Request, Response } from 'express';
import { UNAUTHORIZED_MESSAGE, sendErrorList } from './error-list';
import { TokenStore } from './tokens';

export function bearerToken(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : undefined;
}

export function requireBearer(tokens: TokenStore) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!tokens.isValid(bearerToken(req))) {
      return sendErrorList(res, 401, 'unauthorized', UNAUTHORIZED_MESSAGE);
    }
    next();
  };
}
