/**
 * The Zendesk side of a push (push/ decides what to send): finding users, custom user fields, the bulk
 * jobs and their statuses, and the single upsert used when bulk imports are off. Every request goes
 * through the shared HttpClient (429s honour Retry-After, 5xx and timeouts back off) with the token
 * source's header. What Zendesk refuses for the whole request throws a ZendeskError; what it refuses
 * for one user comes back as that user's outcome.
 */
import { HttpClient, type HttpRequest, type HttpResponse } from '../../lib/http-client';
import { err, ok, type Result } from '../../lib/result';
import { resolveOptions, type ZendeskClientOptions } from './client-options';
import { ZendeskError, type ZendeskFailure } from './errors';
import {
  BULK_LIMIT,
  CREATE_UPDATE_USER_LIMIT_HEADER,
  createOrUpdateManyRequest,
  createOrUpdateRequest,
  createUserFieldRequest,
  jobStatusesUrl,
  searchByEmailUrl,
  showManyByExternalIdsUrl,
  showManyByIdsUrl,
  updateManyRequest,
  userFieldsUrl,
} from './push-requests';
import {
  isImportGate,
  parseCreatedUserField,
  parseJobStatus,
  parseJobStatuses,
  parseSingleUpsert,
  parseUserFieldsPage,
  parseUserLimit,
  parseUserList,
} from './push-responses';
import type { JobStatusView, SingleUpsert, ZendeskPushUser, ZendeskUserField } from './push-types';
import { getRequest } from './requests';
import { authorizedRequest } from './transport';

/** A bulk upsert was accepted as a job, or refused because the account has no bulk imports. */
export type BulkSubmission = { kind: 'job'; id: string } | { kind: 'gated'; detail: string };

function limited<T>(items: readonly T[], what: string): void {
  if (items.length === 0 || items.length > BULK_LIMIT)
    throw new RangeError(`${what}: between 1 and ${BULK_LIMIT} at a time, got ${items.length}`);
}

export class ZendeskPushClient {
  readonly baseUrl: string;
  readonly http: HttpClient;

  constructor(private readonly options: ZendeskClientOptions) {
    this.baseUrl = resolveOptions(options).baseUrl;
    this.http = new HttpClient({
      name: 'zendesk',
      logger: options.logger,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...options.http,
    });
  }

  private request(operation: string, build: (authorization: string) => HttpRequest): Promise<HttpResponse> {
    return authorizedRequest(this.http, this.options.tokens, operation, build);
  }

  private async read<T>(
    operation: string,
    build: (authorization: string) => HttpRequest,
    parse: (res: HttpResponse) => Result<T, ZendeskFailure>,
  ): Promise<T> {
    const parsed = parse(await this.request(operation, build));
    if (!parsed.ok) throw new ZendeskError(operation, parsed.error);
    return parsed.value;
  }

  private get(url: string) {
    return (authorization: string) => getRequest(url, authorization);
  }

  /** The live users holding these external ids (any case), at most 100 asked at a time. */
  async showManyByExternalIds(externalIds: readonly string[]): Promise<ZendeskPushUser[]> {
    limited(externalIds, 'show_many');
    const url = showManyByExternalIdsUrl(this.baseUrl, externalIds);
    return (await this.read('find users by external id', this.get(url), parseUserList)).users;
  }

  async showManyByIds(ids: readonly number[]): Promise<ZendeskPushUser[]> {
    limited(ids, 'show_many');
    const url = showManyByIdsUrl(this.baseUrl, ids);
    return (await this.read('find users by id', this.get(url), parseUserList)).users;
  }

  /**
   * The live user whose primary email is `email` (compared without case), if any. The search is only a
   * way in: what it returns is matched exactly here.
   */
  async findByEmail(email: string): Promise<ZendeskPushUser | undefined> {
    const url = searchByEmailUrl(this.baseUrl, email);
    const { users } = await this.read('find a user by email', this.get(url), parseUserList);
    const wanted = email.trim().toLowerCase();
    return users.find((u) => u.email?.trim().toLowerCase() === wanted);
  }

  /** Every custom user field, page by page. */
  async listUserFields(): Promise<ZendeskUserField[]> {
    const fields: ZendeskUserField[] = [];
    let url: string | null = userFieldsUrl(this.baseUrl);
    for (let pages = 0; url && pages < 100; pages++) {
      const page: { fields: ZendeskUserField[]; next: string | null; hasMore: boolean } = await this.read(
        'list user fields',
        this.get(url),
        parseUserFieldsPage,
      );
      fields.push(...page.fields);
      url = page.hasMore ? page.next : null;
    }
    return fields;
  }

  /** A new custom user field, or Zendesk's reason for refusing it (422: key taken, bad options…). */
  async createUserField(field: Record<string, unknown>): Promise<Result<ZendeskUserField, ZendeskFailure>> {
    const res = await this.request('create a user field', (a) =>
      createUserFieldRequest(this.baseUrl, a, field),
    );
    if (res.status === 422) {
      const refused = parseCreatedUserField(res);
      return refused.ok ? refused : err(refused.error);
    }
    const created = parseCreatedUserField(res);
    if (!created.ok) throw new ZendeskError('create a user field', created.error);
    return ok(created.value);
  }

  /** Existing users, by id, in one job (no import gate). */
  async submitUpdateMany(users: ReadonlyArray<Record<string, unknown>>): Promise<string> {
    limited(users, 'update_many');
    const job = await this.read(
      'update users',
      (a) => updateManyRequest(this.baseUrl, a, [...users]),
      parseJobStatus,
    );
    return job.id;
  }

  /** New (and existing) users in one job, unless the account has no bulk imports (403). */
  async submitCreateOrUpdateMany(users: ReadonlyArray<Record<string, unknown>>): Promise<BulkSubmission> {
    limited(users, 'create_or_update_many');
    const operation = 'create or update users';
    const res = await this.request(operation, (a) => createOrUpdateManyRequest(this.baseUrl, a, [...users]));
    if (isImportGate(res)) return { kind: 'gated', detail: `HTTP 403 ${res.body.slice(0, 200)}` };
    const job = parseJobStatus(res);
    if (!job.ok) throw new ZendeskError(operation, job.error);
    return { kind: 'job', id: job.value.id };
  }

  /** One user, created (201) or updated (200); a user Zendesk cannot save comes back refused. */
  async createOrUpdate(user: Record<string, unknown>): Promise<SingleUpsert> {
    const operation = 'create or update a user';
    const res = await this.request(operation, (a) => createOrUpdateRequest(this.baseUrl, a, user));
    const parsed = parseSingleUpsert(res, parseUserLimit(res.headers.get(CREATE_UPDATE_USER_LIMIT_HEADER)));
    if (!parsed.ok) throw new ZendeskError(operation, parsed.error);
    return parsed.value;
  }

  /** The statuses of up to 100 jobs in one call; a job Zendesk no longer knows is left out. */
  async jobStatuses(ids: readonly string[]): Promise<JobStatusView[]> {
    limited(ids, 'job_statuses');
    return this.read('read job statuses', this.get(jobStatusesUrl(this.baseUrl, ids)), parseJobStatuses);
  }
}
