/**
 * The one way the companion answers an HTTP request with an error: JSON `{ error: { code, message } }`
 * with a catalogue code, its status, and the catalogue message (plus a detail the companion wrote
 * itself, never text from the request or a provider).
 */
import type { Response } from 'express';
import { ERRORS, type ErrorCode } from '../lib/errors';

export function sendCatalogueError(res: Response, code: ErrorCode, detail?: string): void {
  const message = detail ? `${ERRORS[code].message}: ${detail}` : ERRORS[code].message;
  res.status(ERRORS[code].status).json({ error: { code, message } });
}
