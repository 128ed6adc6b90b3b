/**
 * Failures talking to iAdvize. Parsers return an `IAdvizeFailure` (pure data, easy to test); the client
 * throws it as an `IAdvizeError`, a CompanionError whose message names the operation, so a per-record
 * error reads e.g. "iAdvize sent a response the companion cannot read: professionalCreate: an HTML
 * page instead of JSON (HTTP 200, "Maintenance")".
 */
import { CompanionError, ErrorCode } from '../lib/errors';

export type IAdvizeErrorCode = Extract<ErrorCode, `IADVIZE_${string}`>;

export interface IAdvizeFailure {
  code: IAdvizeErrorCode;
  detail: string;
  /** Worth trying again later (transport trouble, rate limits), as opposed to a wrong request or setup. */
  retryable: boolean;
  retryAfterMs?: number;
}

export class IAdvizeError extends CompanionError {
  readonly operation: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(operation: string, failure: IAdvizeFailure, options?: { cause?: unknown }) {
    super(failure.code, `${operation}: ${failure.detail}`, options);
    this.name = 'IAdvizeError';
    this.operation = operation;
    this.retryable = failure.retryable;
    this.retryAfterMs = failure.retryAfterMs;
  }
}

export const failure = (
  code: IAdvizeErrorCode,
  detail: string,
  retryable = false,
  retryAfterMs?: number,
): IAdvizeFailure => ({
  code,
  detail,
  retryable,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});
