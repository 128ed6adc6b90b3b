/**
 * The companion's iAdvize client: creates operators (GraphQL `professionalCreate`) and looks them up
 * (REST v2 `operator`, or GraphQL by id without a REST key). Every request shape is in requests.ts;
 * every response is parsed with zod; transport failures are retried by the HttpClient and surface as
 * IAdvizeError; business refusals come back as Result errors.
 */
import type { RequestCounters } from '../metrics/recorders';
import { z } from 'zod';
import { HttpClient, type HttpRequest, type HttpResponse } from '../lib/http-client';
import type { Logger } from '../lib/logger';
import { err, type Result } from '../lib/result';
import { IAdvizeClientOptions, ResolvedOptions, resolveOptions } from './client-options';
import { IAdvizeError, IAdvizeFailure, failure } from './errors';
import { parseGraphqlField } from './graphql-response';
import { professionalCreatePayload, professionalPayload } from './graphql-payloads';
import {
  ProfessionalCreateVariables,
  graphqlUrl,
  legacyIdValue,
  operatorByIdRequest,
  operatorsByEmailRequest,
  professionalByIdRequest,
  professionalCreateRequest,
  tokenRequest,
} from './requests';
import { parseRestResponse, restOperator, restOperatorList } from './rest-response';
import { TokenCache } from './token-cache';
import { parseTokenResponse } from './token-response';
import { send } from './transport';
import {
  CreateOperatorInput,
  IAdvizeCapabilities,
  IAdvizeUserError,
  INVALID_INPUT_CLIENT_ERROR,
  Operator,
} from './types';

const createInput = z.object({
  email: z.string().trim(),
  firstName: z.string().nullish(),
  lastName: z.string(),
  pseudo: z.string(),
  externalId: z.string().nullish(),
});

/** Drops undefined entries so they do not override the defaults they are spread over. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Stops a runaway listing if a server kept answering pages (a wildcard email matching thousands). */
const MAX_EMAIL_PAGES = 50;

export class IAdvizeClient {
  readonly capabilities: IAdvizeCapabilities;
  /** Requests, retries and 429 waits of the API calls and logins together, as they happen. */
  readonly counters: RequestCounters;
  private readonly o: ResolvedOptions;
  private readonly log: Logger;
  private readonly api: HttpClient;
  private readonly tokens: TokenCache;
  private readonly graphql: string;

  constructor(options: IAdvizeClientOptions) {
    this.o = resolveOptions(options);
    this.log = options.logger.child({ provider: 'iadvize' });
    const defined = definedOnly({ now: options.now, sleep: options.sleep, random: options.random });
    const http = definedOnly(options.http ?? {});
    this.api = new HttpClient({ name: 'iadvize', logger: this.log, ...http, ...defined });
    // Logins get one HTTP attempt each: the token cache decides about retrying them, so that every
    // attempt counts against its per-minute login budget.
    const auth = new HttpClient({
      name: 'iadvize',
      logger: this.log,
      ...http,
      ...defined,
      maxAttempts: 1,
      maxRateLimitWaits: 0,
    });
    const both = (key: keyof RequestCounters) => this.api.counters[key] + auth.counters[key];
    this.counters = {
      get requests() {
        return both('requests');
      },
      get retries() {
        return both('retries');
      },
      get rateLimited() {
        return both('rateLimited');
      },
    };
    const credentials = this.o.credentials;
    this.tokens = new TokenCache({
      ...definedOnly(options.tokens ?? {}),
      ...defined,
      logger: this.log,
      login: async () => {
        const res = await send(auth, 'login', tokenRequest(this.o.graphqlBaseUrl, credentials));
        const token = parseTokenResponse(res);
        if (!token.ok) throw new IAdvizeError('login', token.error);
        return token.value;
      },
    });
    this.graphql = graphqlUrl(this.o.graphqlBaseUrl, this.o.sdPlatform);
    const rest = this.o.restKey !== undefined;
    this.capabilities = { findByEmail: rest, getById: rest ? 'rest' : 'graphql', ssoKey: rest };
  }

  /** True while iAdvize refuses the API user's credentials (the last login said so). */
  get credentialsRefused(): boolean {
    return this.tokens.credentialsRefused;
  }

  /** Logs in now (at start), so that refused credentials show in readiness before any request. */
  async checkLogin(): Promise<void> {
    await this.tokens.get();
  }

  /**
   * Creates an operator with the documented mapping and the configured defaults. A business refusal
   * (EmailAlreadyUsed, InvalidEmail, ...) is an err; transport, auth and protocol trouble throws.
   *
   * The mutation is not idempotent, yet it opts in to the HttpClient's retries of 5xx and timeouts
   * (requests.ts, graphqlRequest): if iAdvize created the operator but the answer was lost, the
   * retry meets EmailAlreadyUsed for our own creation.
   * Callers look the email up before creating and, on EmailAlreadyUsed, look it up again: an
   * operator carrying the externalId they sent is theirs.
   */
  async createOperator(input: CreateOperatorInput): Promise<Result<{ id: string }, IAdvizeUserError>> {
    const parsed = createInput.safeParse(input);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return err({ type: INVALID_INPUT_CLIENT_ERROR, message: detail });
    }
    const res = await this.authorized('professionalCreate', (token) =>
      professionalCreateRequest(this.graphql, token, this.toVariables(parsed.data)),
    );
    return this.unwrap(
      'professionalCreate',
      parseGraphqlField(res, 'professionalCreate', professionalCreatePayload),
    );
  }

  /** Operators whose email equals `email`, ignoring case (normally zero or one). Needs a REST key. */
  async findOperatorsByEmail(email: string): Promise<Operator[]> {
    const key = this.requireRestKey('GET /operator');
    const wanted = email.trim().toLowerCase();
    if (wanted === '') return [];
    const found: Operator[] = [];
    for (let page = 1; page <= MAX_EMAIL_PAGES; page++) {
      const res = await send(
        this.api,
        'GET /operator',
        operatorsByEmailRequest(this.o.restBaseUrl, key, email.trim(), page),
      );
      const parsed = parseRestResponse(res, restOperatorList);
      if (!parsed.ok) {
        const f =
          parsed.error.kind === 'failure'
            ? parsed.error.failure
            : failure('IADVIZE_REQUEST_REJECTED', parsed.error.message);
        throw new IAdvizeError('GET /operator', f);
      }
      found.push(...parsed.value.data.filter((op) => op.email.trim().toLowerCase() === wanted));
      const p = parsed.value.pagination;
      if (!p || p.page >= p.pages || parsed.value.data.length === 0) break;
    }
    return found;
  }

  /**
   * The operator with this Operator ID, or undefined when iAdvize does not know it. A non-numeric id
   * names no operator (ids are integers), so it is undefined without a request.
   */
  async getOperator(id: string): Promise<Operator | undefined> {
    const trimmed = id.trim();
    if (!/^\d{1,18}$/.test(trimmed)) return undefined;
    const key = this.o.restKey;
    if (key === undefined) {
      const res = await this.authorized('professional', (token) =>
        professionalByIdRequest(this.graphql, token, trimmed),
      );
      return this.unwrap('professional', parseGraphqlField(res, 'professional', professionalPayload));
    }
    const res = await send(
      this.api,
      'GET /operator/{id}',
      operatorByIdRequest(this.o.restBaseUrl, key, trimmed),
    );
    const parsed = parseRestResponse(res, restOperator);
    if (parsed.ok) return parsed.value.data;
    if (parsed.error.kind === 'unknown_id') return undefined;
    throw new IAdvizeError('GET /operator/{id}', parsed.error.failure);
  }

  private toVariables(input: z.infer<typeof createInput>): ProfessionalCreateVariables {
    const d = this.o.defaults;
    const firstName = input.firstName?.trim();
    const externalId = input.externalId?.trim();
    return {
      email: input.email,
      lastName: input.lastName,
      ...(firstName ? { firstName } : {}),
      pseudo: input.pseudo,
      roleName: d.roleName,
      ...(externalId ? { externalId } : {}),
      interfaceLanguage: d.interfaceLanguage,
      ...(d.groupId ? { groupId: legacyIdValue(d.groupId) } : {}),
      spokenLanguages: d.spokenLanguages,
      projectIds: d.projectIds.map(legacyIdValue),
      skillIds: d.skillIds.map(legacyIdValue),
    };
  }

  /** Sends with the cached token; on a 401 renews the token once and sends again. */
  private async authorized(operation: string, build: (token: string) => HttpRequest): Promise<HttpResponse> {
    const token = await this.tokens.get();
    const res = await send(this.api, operation, build(token));
    if (res.status !== 401) return res;
    this.log.info({ operation }, 'iAdvize refused the access token; logging in again');
    this.tokens.invalidate(token);
    const fresh = await this.tokens.get();
    const again = await send(this.api, operation, build(fresh));
    if (again.status === 401) {
      this.tokens.invalidate(fresh);
      throw new IAdvizeError(
        operation,
        failure('IADVIZE_AUTH_FAILED', 'a freshly issued access token was refused (invalid_token)'),
      );
    }
    return again;
  }

  private unwrap<T>(operation: string, parsed: Result<T, IAdvizeFailure>): T {
    if (!parsed.ok) throw new IAdvizeError(operation, parsed.error);
    return parsed.value;
  }

  private requireRestKey(operation: string): string {
    if (this.o.restKey === undefined) {
      throw new IAdvizeError(
        operation,
        failure('IADVIZE_REST_KEY_MISSING', 'check client.capabilities before calling'),
      );
    }
    return this.o.restKey;
  }
}
