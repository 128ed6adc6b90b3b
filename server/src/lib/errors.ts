/**
 * The companion's error catalogue: every failure the companion reports has one stable code here,
 * a message template and, where it surfaces over HTTP, a status. Codes never change meaning once
 * released; admins search for them. docs/errors.md explains each one and what to do about it (a test
 * keeps the two in step).
 */
export const ERRORS = {
  CONFIG_INVALID: { message: 'The environment is not a valid configuration', status: 500 },
  CONFIG_PROXY_INVALID: {
    message: 'HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is not a proxy URL',
    status: 500,
  },
  INTERNAL: { message: 'Internal error', status: 500 },
  REQUEST_INVALID: { message: 'The request could not be read', status: 400 },
  SF_AUTH_FAILED: { message: 'Salesforce refused the companion credentials', status: 502 },
  SF_LOGIN_URL_INVALID: { message: 'SF_LOGIN_URL is not a Salesforce login endpoint', status: 502 },
  SF_REPLAY_EXPIRED: { message: 'The stored replay id is outside the retention window', status: 500 },
  SF_STREAM_AUTH_LOST: {
    message: 'Salesforce ended the streaming session (authentication invalid)',
    status: 502,
  },
  SALESFORCE_BULK_FAILED: { message: 'A Salesforce Bulk API 2.0 job did not complete', status: 502 },
  EVENT_HANDLER_FAILED: { message: 'An event batch could not be handled and will be retried', status: 500 },
  CHANNEL_LOCK_LOST: {
    message: 'The lock that made this instance the consumer of a channel was lost; it stops',
    status: 503,
  },
  NOT_FOUND: { message: 'Not found', status: 404 },
  IADVIZE_AUTH_FAILED: { message: 'iAdvize refused the API user credentials or token', status: 502 },
  IADVIZE_LOGIN_PAUSED: { message: 'iAdvize logins are paused after a failed login', status: 503 },
  IADVIZE_REST_KEY_REFUSED: { message: 'iAdvize refused the REST v2 API key', status: 502 },
  IADVIZE_REST_KEY_MISSING: {
    message: 'This iAdvize lookup needs a REST v2 API key and none is configured',
    status: 500,
  },
  IADVIZE_REQUEST_REJECTED: { message: 'iAdvize rejected the request', status: 502 },
  IADVIZE_BAD_RESPONSE: { message: 'iAdvize sent a response the companion cannot read', status: 502 },
  IADVIZE_UNAVAILABLE: { message: 'iAdvize could not be reached or kept failing', status: 503 },
  IADVIZE_RATE_LIMITED: { message: 'iAdvize is rate limiting the companion', status: 503 },
  INTERCOM_AUTH_FAILED: {
    message: 'Intercom refused the access token (revoked, uninstalled or missing "Read admins")',
    status: 502,
  },
  INTERCOM_REQUEST_REJECTED: { message: 'Intercom rejected the request', status: 502 },
  INTERCOM_BAD_RESPONSE: { message: 'Intercom sent a response the companion cannot read', status: 502 },
  INTERCOM_UNAVAILABLE: { message: 'Intercom could not be reached or kept failing', status: 503 },
  INTERCOM_RATE_LIMITED: { message: 'Intercom is rate limiting the companion', status: 503 },
  INTERCOM_OAUTH_FAILED: { message: 'Intercom refused the OAuth code exchange', status: 502 },
  ZENDESK_SUBDOMAIN_INVALID: { message: 'The Zendesk subdomain is not valid', status: 400 },
  ZENDESK_AUTH_FAILED: { message: 'Zendesk refused the credentials or token', status: 502 },
  ZENDESK_TOKEN_SAVE_FAILED: {
    message: 'The rotated Zendesk tokens could not be saved, so they were not used',
    status: 500,
  },
  ZENDESK_REQUEST_REJECTED: { message: 'Zendesk rejected the request', status: 502 },
  ZENDESK_BAD_RESPONSE: { message: 'Zendesk sent a response the companion cannot read', status: 502 },
  ZENDESK_UNAVAILABLE: { message: 'Zendesk could not be reached or kept failing', status: 503 },
  ZENDESK_RATE_LIMITED: { message: 'Zendesk is rate limiting the companion', status: 503 },
  ZENDESK_LISTING_INCOMPLETE: {
    message: 'The Zendesk user listing stopped before its end; nothing may be deactivated from it',
    status: 503,
  },
  ZENDESK_OAUTH_FAILED: {
    message: 'Zendesk refused the OAuth code exchange; start the connection again',
    status: 502,
  },
  OAUTH_NOT_CONFIGURED: {
    message: 'OAuth for this provider is not configured on the companion',
    status: 404,
  },
  OAUTH_CALLBACK_INVALID: { message: 'The OAuth callback is missing its code or state', status: 400 },
  OAUTH_STATE_INVALID: {
    message: 'This authorization is unknown, expired or already used; start the connection again',
    status: 400,
  },
  OAUTH_ACCESS_DENIED: { message: 'The authorization was declined at the provider', status: 400 },
  OAUTH_PROVIDER_ERROR: { message: 'The provider ended the authorization with an error', status: 400 },
  OAUTH_STATUS_NOT_RECORDED: {
    message: 'The tokens were saved but the connection could not be recorded; start the connection again',
    status: 502,
  },
  OAUTH_FAILED: { message: 'The connection failed unexpectedly', status: 500 },
  OAUTH_LINK_MISSING: {
    message: 'Open the connect link the User Sync app shows: this address is not a connect link',
    status: 400,
  },
  OAUTH_LINK_INVALID: {
    message:
      'This connect link is not valid (altered, or for another source or account); click Connect again',
    status: 400,
  },
  OAUTH_LINK_EXPIRED: { message: 'This connect link has expired; click Connect again', status: 400 },
  OAUTH_LINK_USED: { message: 'This connect link can no longer be used; click Connect again', status: 400 },
  OAUTH_COOKIE_MISSING: {
    message:
      'This browser did not start this authorization (its cookie is missing or expired); open the connect link again in this browser',
    status: 400,
  },
  OAUTH_COOKIE_MISMATCH: {
    message: 'This authorization was started in another browser tab or session; open the connect link again',
    status: 400,
  },
  OAUTH_RECONNECT_REQUIRED: {
    message: 'The stored authorization was refused by the provider; connect again',
    status: 502,
  },
  OAUTH_ACCOUNT_MISMATCH: {
    message: 'The stored authorization belongs to another account than the settings name; connect again',
    status: 409,
  },
  SCHEDULE_INVALID: {
    message: 'The schedule is not a cron expression in a time zone the companion can run',
    status: 400,
  },
  PUSH_SETTINGS_INVALID: { message: 'The push cannot run with its settings or mappings', status: 400 },
  PUSH_SEGMENT_INVALID: {
    message: 'The push segment is not a filter over User the companion can run',
    status: 400,
  },
  PUSH_WRITE_ACCESS_MISSING: {
    message: 'The Zendesk connection has no write access; reconnect Zendesk with write access',
    status: 403,
  },
  PUSH_BULK_IMPORT_UNAVAILABLE: {
    message: 'Zendesk bulk user imports are not enabled on this account; users are created one at a time',
    status: 403,
  },
  PUSH_CUSTOM_FIELD_FAILED: {
    message: 'Zendesk refused to create a custom user field of the push',
    status: 502,
  },
  PUSH_USER_NO_NAME: { message: 'The user has no name to send (Zendesk requires one)', status: 400 },
  PUSH_USER_NO_KEY: {
    message: 'The user has no value to be found by in Zendesk (email or external id)',
    status: 400,
  },
  PUSH_EMAIL_DIFFERS: {
    message:
      'The user has another email in Zendesk; the push never sends a different email to an existing user',
    status: 409,
  },
  PUSH_USER_REJECTED: { message: 'Zendesk refused the user', status: 422 },
  PUSH_NOT_CONFIRMED: {
    message: 'Zendesk did not confirm the user; it is sent again next time',
    status: 503,
  },
  TOKENS_UNREADABLE: {
    message: 'The stored tokens cannot be decrypted (wrong key or altered data); authorize again',
    status: 500,
  },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** An unexpected failure carrying a catalogue code. */
export class CompanionError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = ERRORS[code];
    super(detail ? `${entry.message}: ${detail}` : entry.message, options);
    this.name = 'CompanionError';
    this.code = code;
    this.status = entry.status;
  }
}

/** The message of anything thrown, for logs and per-record errors. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
