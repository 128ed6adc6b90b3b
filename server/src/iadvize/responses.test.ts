import type { HttpResponse } from '../lib/http-client';
import { professionalCreatePayload, professionalPayload } from './graphql-payloads';
import { parseGraphqlField } from './graphql-response';
import { parseRestResponse, restOperator, restOperatorList } from './rest-response';
import { parseTokenResponse } from './token-response';

const resp = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: new Headers(),
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body></html>';

describe('parseTokenResponse', () => {
  it('reads the documented body, whatever the case of token_type', () => {
    expect(
      parseTokenResponse(
        resp(200, { access_token: 'abc', expires_in: 86400, token_type: 'Bearer', refresh_token: 'none' }),
      ),
    ).toEqual({
      ok: true,
      value: { accessToken: 'abc', expiresInSeconds: 86400 },
    });
    expect(
      parseTokenResponse(resp(200, { access_token: 'abc', expires_in: '3600', token_type: 'bearer' })),
    ).toMatchObject({
      ok: true,
      value: { expiresInSeconds: 3600 },
    });
  });

  it('classifies refusals: credentials, malformed request, rate limit, server trouble', () => {
    expect(
      parseTokenResponse(
        resp(400, { error: 'invalid_grant', error_description: 'Invalid username and password combination' }),
      ),
    ).toEqual({
      ok: false,
      error: {
        code: 'IADVIZE_AUTH_FAILED',
        detail: 'invalid_grant: Invalid username and password combination',
        retryable: false,
      },
    });
    expect(parseTokenResponse(resp(400, { error: 'unsupported_grant_type' }))).toMatchObject({
      error: { code: 'IADVIZE_REQUEST_REJECTED' },
    });
    expect(parseTokenResponse(resp(429, { error: 'too_many_requests' }))).toMatchObject({
      error: { code: 'IADVIZE_RATE_LIMITED', retryable: true },
    });
    expect(parseTokenResponse(resp(503, NGINX_502))).toMatchObject({
      error: { code: 'IADVIZE_UNAVAILABLE', retryable: true },
    });
  });

  it('turns HTML, text, empty and unexpected bodies into BAD_RESPONSE with what was seen', () => {
    expect(parseTokenResponse(resp(200, NGINX_502))).toEqual({
      ok: false,
      error: {
        code: 'IADVIZE_BAD_RESPONSE',
        detail: 'an HTML page instead of JSON (HTTP 200, "502 Bad Gateway")',
        retryable: false,
      },
    });
    expect(parseTokenResponse(resp(200, 'OK then'))).toMatchObject({
      error: { detail: 'a body that is not JSON (HTTP 200): "OK then"' },
    });
    expect(parseTokenResponse(resp(200, ''))).toMatchObject({
      error: { detail: 'an empty body (HTTP 200)' },
    });
    expect(parseTokenResponse(resp(200, { token: 'x' }))).toMatchObject({
      error: {
        code: 'IADVIZE_BAD_RESPONSE',
        detail: expect.stringMatching(/^unexpected token response: access_token: /),
      },
    });
  });
});

describe('parseGraphqlField professionalCreate', () => {
  const parse = (status: number, body: unknown) =>
    parseGraphqlField(resp(status, body), 'professionalCreate', professionalCreatePayload);

  it('returns the new id, from an Int or a digit string', () => {
    expect(
      parse(200, { data: { professionalCreate: { professional: { id: 100002 }, userErrors: [] } } }),
    ).toEqual({
      ok: true,
      value: { ok: true, value: { id: '100002' } },
    });
    expect(
      parse(200, { data: { professionalCreate: { professional: { id: '7' }, userErrors: [] } } }),
    ).toMatchObject({
      value: { value: { id: '7' } },
    });
  });

  it('returns user errors as a typed business error, EmailAlreadyUsed first', () => {
    const userErrors = [
      { __typename: 'LastNameIsEmptyProfessionalCreateUserError', message: 'empty' },
      { __typename: 'EmailAlreadyUsedProfessionalCreateUserError', message: 'taken' },
    ];
    expect(parse(200, { data: { professionalCreate: { professional: null, userErrors } } })).toEqual({
      ok: true,
      value: { ok: false, error: { type: 'EmailAlreadyUsedProfessionalCreateUserError', message: 'taken' } },
    });
  });

  it('reports top-level GraphQL errors as a rejected request', () => {
    const body = {
      errors: [
        {
          message: 'Field "pseudo" of required type "String!" was not provided.',
          locations: [{ line: 1, column: 2 }],
        },
      ],
    };
    expect(parse(200, body)).toEqual({
      ok: false,
      error: {
        code: 'IADVIZE_REQUEST_REJECTED',
        detail: 'GraphQL errors: Field "pseudo" of required type "String!" was not provided.',
        retryable: false,
      },
    });
    expect(parse(400, { errors: [{ message: 'Must provide query string.' }] })).toMatchObject({
      error: { code: 'IADVIZE_REQUEST_REJECTED' },
    });
  });

  it('names the unexpected: HTML, other JSON, a payload with neither result nor errors', () => {
    expect(parse(200, NGINX_502)).toMatchObject({
      error: { code: 'IADVIZE_BAD_RESPONSE', detail: expect.stringContaining('HTML page') },
    });
    expect(parse(200, [1, 2])).toMatchObject({
      error: { code: 'IADVIZE_BAD_RESPONSE', detail: 'not a GraphQL response (HTTP 200)' },
    });
    expect(parse(200, { data: {} })).toMatchObject({
      error: { detail: 'no data.professionalCreate in the response' },
    });
    expect(
      parse(200, { data: { professionalCreate: { professional: null, userErrors: [] } } }),
    ).toMatchObject({
      error: {
        code: 'IADVIZE_BAD_RESPONSE',
        detail: expect.stringContaining('neither a professional nor userErrors'),
      },
    });
    expect(
      parse(200, { data: { professionalCreate: { professional: { id: 'abc' }, userErrors: [] } } }),
    ).toMatchObject({
      error: { detail: expect.stringMatching(/^unexpected data\.professionalCreate: professional\.id/) },
    });
  });

  it('treats a 401 after renewal as an auth failure and 5xx as unavailable', () => {
    expect(parse(401, { error: 'invalid_token' })).toMatchObject({ error: { code: 'IADVIZE_AUTH_FAILED' } });
    expect(parse(502, NGINX_502)).toMatchObject({ error: { code: 'IADVIZE_UNAVAILABLE' } });
  });
});

describe('parseGraphqlField professional', () => {
  it('maps a professional, and null to undefined', () => {
    const body = {
      data: {
        professional: {
          id: 5,
          email: 'a@b.co',
          firstName: null,
          lastName: 'B',
          userName: 'b',
          externalId: '',
        },
      },
    };
    expect(parseGraphqlField(resp(200, body), 'professional', professionalPayload)).toEqual({
      ok: true,
      value: {
        id: '5',
        email: 'a@b.co',
        firstName: undefined,
        lastName: 'B',
        pseudo: 'b',
        externalId: undefined,
      },
    });
    expect(
      parseGraphqlField(resp(200, { data: { professional: null } }), 'professional', professionalPayload),
    ).toEqual({ ok: true, value: undefined });
  });
});

describe('parseRestResponse', () => {
  const op = {
    id: 42,
    email: 'a@b.co',
    first_name: 'A',
    name: 'B',
    pseudo: 'ab',
    external_id: null,
    sso_key: 'k',
    role: 'operator',
  };

  it('maps operators and keeps the pagination', () => {
    const body = {
      meta: { status: 'success' },
      data: [op],
      pagination: { page: 1, pages: 1, limit: 100, count: 1 },
    };
    expect(parseRestResponse(resp(200, body), restOperatorList)).toEqual({
      ok: true,
      value: {
        data: [
          {
            id: '42',
            email: 'a@b.co',
            firstName: 'A',
            lastName: 'B',
            pseudo: 'ab',
            ssoKey: 'k',
            externalId: undefined,
          },
        ],
        pagination: { page: 1, pages: 1, limit: 100, count: 1 },
      },
    });
  });

  it('recognises the unknown id fail, whatever the HTTP status', () => {
    for (const status of [200, 404]) {
      expect(
        parseRestResponse(
          resp(status, { meta: { status: 'fail', message: "Unknown 'operator' with 'id' 456." } }),
          restOperator,
        ),
      ).toEqual({
        ok: false,
        error: { kind: 'unknown_id', message: "Unknown 'operator' with 'id' 456." },
      });
    }
  });

  it('tells a refused key from other refusals and from unreadable bodies', () => {
    expect(
      parseRestResponse(resp(403, { meta: { status: 'error', message: 'Forbidden' } }), restOperator),
    ).toMatchObject({
      error: { kind: 'failure', failure: { code: 'IADVIZE_REST_KEY_REFUSED', detail: 'Forbidden' } },
    });
    expect(
      parseRestResponse(
        resp(400, { meta: { status: 'fail', message: "Unknown filter 'x'." } }),
        restOperator,
      ),
    ).toMatchObject({
      error: { failure: { code: 'IADVIZE_REQUEST_REJECTED', detail: "Unknown filter 'x'." } },
    });
    expect(
      parseRestResponse(resp(403, '<html><title>Access denied</title></html>'), restOperator),
    ).toMatchObject({
      error: {
        failure: {
          code: 'IADVIZE_BAD_RESPONSE',
          detail: 'an HTML page instead of JSON (HTTP 403, "Access denied")',
        },
      },
    });
    expect(
      parseRestResponse(resp(200, { meta: { status: 'success' }, data: { email: 'a@b.co' } }), restOperator),
    ).toMatchObject({
      error: {
        failure: { code: 'IADVIZE_BAD_RESPONSE', detail: expect.stringMatching(/^unexpected data: id/) },
      },
    });
    expect(parseRestResponse(resp(200, { ok: true }), restOperator)).toMatchObject({
      error: { failure: { detail: 'not a REST v2 response (HTTP 200)' } },
    });
  });
});
