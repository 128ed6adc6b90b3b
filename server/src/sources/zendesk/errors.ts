/**
 * Failures talking to Zendesk. Parsers return a `ZendeskFailure` (pure data); the client throws it as
 * a `ZendeskError`, a CompanionError naming the operation. A listing that cannot reach its end throws
 * `ZendeskListingIncompleteError`, whatever the cause, so the caller can never mistake a partial
 * listing for the whole team (docs/architecture.md: deactivate only after a complete, successful listing).
 */
import { CompanionError, ErrorCode } from '../../lib/errors';

export type ZendeskErrorCode = Extract<ErrorCode, `ZENDESK_${string}`>;

export interface ZendeskFailure {
  code: ZendeskErrorCode;
  detail: string;
  /** Worth trying again later (transport trouble, rate limits), as opposed to a wrong request or setup. */
  retryable: boolean;
  status?: number;
}

export const failure = (
  code: ZendeskErrorCode,
  detail: string,
  extra: { retryable?: boolean; status?: number } = {},
): ZendeskFailure => ({
  code,
  detail,
  retryable: extra.retryable ?? false,
  ...(extra.status === undefined ? {} : { status: extra.status }),
});

export class ZendeskError extends CompanionError {
  readonly operation: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;

  constructor(operation: string, f: ZendeskFailure, options?: { cause?: unknown }) {
    super(f.code, `${operation}: ${f.detail}`, options);
    this.name = 'ZendeskError';
    this.operation = operation;
    this.retryable = f.retryable;
    this.httpStatus = f.status;
  }
}

export class ZendeskListingIncompleteError extends CompanionError {
  /** The failure that stopped the listing (ZENDESK_UNAVAILABLE, ZENDESK_AUTH_FAILED, ...). */
  readonly reason: ZendeskErrorCode;
  readonly retryable: boolean;
  readonly pagesRead: number;

  constructor(
    detail: string,
    progress: { reason: ZendeskErrorCode; retryable: boolean; pagesRead: number },
    cause?: unknown,
  ) {
    super('ZENDESK_LISTING_INCOMPLETE', `${detail} (after ${progress.pagesRead} page(s))`, { cause });
    this.name = 'ZendeskListingIncompleteError';
    this.reason = progress.reason;
    this.retryable = progress.retryable;
    this.pagesRead = progress.pagesRead;
  }
}
