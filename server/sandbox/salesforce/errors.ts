/**
 * Salesforce error bodies.
 *
 * REST errors are a JSON array of `{ message, errorCode, fields? }` (REST API Developer Guide,
 * "Status Codes and Error Responses"). DML results inside sObject Collections use
 * `{ statusCode, message, fields }` instead. OAuth errors are `{ error, error_description }`.
 */

/** One DML error, as it appears in a SaveResult (`errors[]`). */
export interface DmlError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** A REST error: HTTP status plus the `[{message, errorCode, fields?}]` body. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = errorCode;
  }

  body(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    const item: { message: string; errorCode: string; fields?: string[] } = {
      message: this.message,
      errorCode: this.errorCode,
    };
    if (this.fields) item.fields = this.fields;
    return [item];
  }
}

/** Thrown by the record store when a DML operation fails; carries the per-record errors. */
export class DmlException extends Error {
  constructor(readonly errors: DmlError[]) {
    super(errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
    this.name = errors[0]?.statusCode ?? 'DmlException';
  }
}

/** An OAuth token-endpoint error: `{ error, error_description }`, HTTP 400 unless told otherwise. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = error;
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export function dmlError(statusCode: string, message: string, fields: string[] = []): DmlError {
  return { statusCode, message, fields };
}

// ---- REST errors used in several places ------------------------------------------------------------

export const sessionInvalid = (): RestError =>
  new RestError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export const notFound = (): RestError =>
  new RestError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const methodNotAllowed = (method: string, allowed: string[]): RestError =>
  new RestError(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`,
  );

export const jsonParserError = (detail: string): RestError => new RestError(400, 'JSON_PARSER_ERROR', detail);

/** DML: a field that does not exist on the object ("No such column 'X' on sobject of type Y"). */
export const noSuchColumnDml = (field: string, sobject: string): RestError =>
  new RestError(400, 'INVALID_FIELD', `No such column '${field}' on sobject of type ${sobject}`, []);

/** SOQL / ?fields=: a field that does not exist on the object. */
export const noSuchColumnQueryMessage = (field: string, sobject: string): string =>
  `No such column '${field}' on entity '${sobject}'. If you are attempting to use a custom field, be sure to ` +
  `append the '__c' after the custom field name. Please reference your WSDL or the describe call for the ` +
  `appropriate names.`;

export const unsupportedTypeQueryMessage = (sobject: string): string =>
  `sObject type '${sobject}' is not supported. If you are attempting to use a custom object, be sure to ` +
  `append the '__c' after the entity name. Please reference your WSDL or the describe call for the ` +
  `appropriate names.`;
