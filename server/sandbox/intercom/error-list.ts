/**
 * Intercom's error envelope, shared by every refusal the sandbox sends:
 * `{"type":"error.list","request_id":"…","errors":[{"code":"…","message":"…"}]}`.
 */
import { randomUUID } from 'node:crypto';
import { Response } from 'express';

export interface ErrorListBody {
  type: 'error.list';
  request_id: string;
  errors: Array<{ code: string; message: string }>;
}

export function errorListBody(code: string, message: string): ErrorListBody {
  return { type: 'error.list', request_id: randomUUID(), errors: [{ code, message }] };
}

export function sendErrorList(res: Response, status: number, code: string, message: string): void {
  res.status(status).json(errorListBody(code, message));
}

/** [doc] the message Intercom sends for an unknown, revoked or missing token. */
export const UNAUTHORIZED_MESSAGE = 'Access Token Invalid';
/** [doc] GET /admins/{id} for an id that is not (or no longer) a teammate. */
export const ADMIN_NOT_FOUND = { code: 'admin_not_found', message: 'Admin not found' } as const;
/**
 * [secondary] Not in the reference: the 400 body Airbyte's source-intercom tests record for an
 * unknown version, `intercom_version_invalid` / "The requested version could not be found".
 */
export const VERSION_INVALID = {
  code: 'intercom_version_invalid',
  message: 'The requested version could not be found',
} as const;
