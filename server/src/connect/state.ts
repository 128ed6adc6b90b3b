/**
 * The OAuth `state`: 32 random bytes (256 bits, base64url, 43 characters), unguessable, stored
 * server-side with what the callback needs and taken back exactly once.
 */
import { randomBytes } from 'node:crypto';

export const STATE_BYTES = 32;
/** The shape newState() produces; anything else is refused before the store is asked. */
export const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/**
 * How long an admin may spend at the provider (sign-in, consent) before the callback. Longer than
 * the codes themselves (Zendesk 120 s, Intercom ~5 min), which only start at "Allow".
 */
export const DEFAULT_STATE_TTL_MS = 10 * 60_000;

export const newState = (random: (n: number) => Buffer = randomBytes): string =>
  random(STATE_BYTES).toString('base64url');
