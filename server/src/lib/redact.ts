import { stdSerializers } from 'pino';
/**
 * Scrubbing of secrets and personal data before anything is logged. Keys that name a secret are
 * replaced whole; free text is searched for the shapes secrets and emails take, because error
 * messages from providers often echo a token or an address back.
 */
const SECRET_KEY = /(token|secret|password|passwd|authorization|assertion|private_?key|api_?key|cookie|sso)/i;
const EMAIL_KEY = /^e-?mail$/i;
// Letters and digits of any script: internationalised addresses (jörg@exämple.de) are emails too.
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// Salesforce session ids look like "00D5g000004abcd!AQ8AQ...": org id, '!', opaque token.
const SALESFORCE_SESSION = /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g;
const BEARER = /\b(Bearer|OAuth|Basic)\s+[A-Za-z0-9._~+/=!-]+/g;
// Form bodies and JSON echoed back in provider errors: `refresh_token=…`, `"client_secret":"…"`.
const SECRET_PARAM =
  /\b((?:refresh_token|access_token|id_token|client_secret|code_verifier|password|assertion)=)[^&\s"']+/g;
const SECRET_JSON =
  /("(?:refresh_token|access_token|id_token|client_secret|code_verifier|password|assertion)"\s*:\s*")[^"]*"/g;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
// Signed links (connect/signed-link.ts) and OAuth callbacks carry their capability in the query:
// the signature, the authorization code and the state are each enough to act on.
const URL_SECRET = /([?&](?:sig|code|state)=)[^&#\s"']+/g;

export const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

export function redactText(text: string): string {
  return text
    .replace(SALESFORCE_SESSION, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(URL_SECRET, `$1${REDACTED}`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(SECRET_JSON, `$1${REDACTED}"`)
    .replace(EMAIL, '[email]');
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  // pino's own serializer keeps what an error carries (type, code, status, cause); then it is scrubbed.
  if (value instanceof Error) return redact(stdSerializers.errWithCause(value), depth + 1);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && item !== null && item !== undefined && item !== '') out[key] = REDACTED;
    else if (EMAIL_KEY.test(key) && typeof item === 'string') out[key] = '[email]';
    else out[key] = redact(item, depth + 1);
  }
  return out;
}
