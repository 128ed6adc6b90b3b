/**
 * Failures talking to Intercom. Parsers return an `IntercomFailure` (pure data, easy to test); the
 * client throws it as an `IntercomError`, a CompanionError whose message names the operation.
 */
import { CompanionError, ErrorCode } from '../../lib/errors';

export type IntercomErrorCode = Extract<ErrorCode, `INTERCOM_${string}`>;

export interface IntercomFailure {
  code: IntercomErrorCode;
  detail: string;
  /** Worth trying again later (transport trouble, rate limits), as opposed to a wrong token or setup. */
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
}

export class IntercomError extends CompanionError {
  readonly operation: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;

  constructor(operation: string, failure: IntercomFailure, options?: { cause?: unknown }) {
    super(failure.code, `${operation}: ${failure.detail}`, options);
    this.name = 'IntercomError';
    this.operation = operation;
    this.retryable = failure.retryable;
    this.httpStatus = failure.status;
    this.retryAfterMs = failure.retryAfterMs;
  }
}

export const failure = (
  code: IntercomErrorCode,
  detail: string,
  extra: { retryable?: boolean; status?: number; retryAfterMs?: number } = {},
): IntercomFailure => ({ code, detail, retryable: extra.retryable ?? false, ...definedOnly(extra) });

function definedOnly(o: { status?: number; retryAfterMs?: number }) {
  return {
    ...(o.status === undefined ? {} : { status: o.status }),
    ...(o.retryAfterMs === undefined ? {} : { retryAfterMs: o.retryAfterMs }),
  };
}
