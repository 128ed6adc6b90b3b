/**
 * The part of every OAuth callback that does not depend on the provider: read the query, take the
 * state back (single use, unexpired, issued for this provider, and bound to this browser by the
 * cookie `start` set) and turn a provider's `error=` into a catalogue code. A state is consumed even
 * when the callback then fails, so a half-finished flow can never be resumed with it.
 */
import { z } from 'zod';
import type { ErrorCode } from '../lib/errors';
import { err, ok, type Result } from '../lib/result';
import type { OAuthState } from '../store/store';
import { BINDING_COOKIE, matchesBinding, readCookie } from './browser-binding';
import type { ResolvedOptions } from './options';
import { STATE_PATTERN } from './state';
import type { Provider } from './types';

// Repeated parameters arrive as arrays and fail here: a callback has exactly one of each.
const callbackQuery = z.object({
  state: z.string().optional(),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(500).optional(),
});

// RFC 6749 section 4.1.2.1 error codes are short ASCII words; anything else is not repeated back.
const OAUTH_ERROR_WORD = /^[a-z_]{1,64}$/;

export interface CallbackFailure {
  code: ErrorCode;
  detail?: string;
}

export async function takeCallback(
  query: unknown,
  cookieHeader: string | undefined,
  provider: Provider,
  o: Pick<ResolvedOptions, 'store' | 'stateTtlMs' | 'now'>,
): Promise<Result<{ record: OAuthState; code: string }, CallbackFailure>> {
  const q = callbackQuery.safeParse(query);
  if (!q.success) return err({ code: 'OAUTH_CALLBACK_INVALID' });
  const { state, code, error } = q.data;
  const record =
    state !== undefined && STATE_PATTERN.test(state)
      ? await o.store.takeOAuthState(state, o.stateTtlMs, new Date(o.now()))
      : undefined;
  if (error !== undefined) {
    if (error === 'access_denied') return err({ code: 'OAUTH_ACCESS_DENIED' });
    return err({ code: 'OAUTH_PROVIDER_ERROR', ...(OAUTH_ERROR_WORD.test(error) ? { detail: error } : {}) });
  }
  if (state === undefined || code === undefined) return err({ code: 'OAUTH_CALLBACK_INVALID' });
  if (!record || record.provider !== provider) return err({ code: 'OAUTH_STATE_INVALID' });
  const nonce = readCookie(cookieHeader, BINDING_COOKIE);
  if (nonce === undefined) return err({ code: 'OAUTH_COOKIE_MISSING' });
  if (!matchesBinding(nonce, record.browserHash)) return err({ code: 'OAUTH_COOKIE_MISMATCH' });
  return ok({ record, code });
}
