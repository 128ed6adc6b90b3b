/**
 * The companion's Intercom client: lists the workspace's teammates (`GET /admins`), looks one up by
 * id and identifies the installing admin. Every request shape is in requests.ts; every answer is
 * parsed with zod. The listing is all-or-nothing: it either accounts for every admin Intercom returned
 * (as a teammate or a per-record error) or throws, because the caller deactivates whoever is absent
 * from a complete list and must never do so from a partial one.
 *
 * A 401 is not retried: Intercom tokens do not expire and there is no refresh grant, so a
 * refused token needs an admin to reconnect, which the thrown INTERCOM_AUTH_FAILED says.
 */
import { z } from 'zod';
import { HttpClient, type HttpRequest } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import type { Result } from '../../lib/result';
import { adminRecord, parseAdminPage } from './admin-list';
import { IntercomClientOptions, ResolvedOptions, resolveOptions } from './client-options';
import { IntercomError, IntercomFailure, failure } from './errors';
import { parseRegion, type IntercomRegion } from './region';
import { adminRequest, listAdminsRequest, meRequest, nextPageRequest } from './requests';
import { errorListDetail, issuesText, readJson } from './responses';
import { collectTeammates, IntercomTeammate, TeammateListing, toTeammate } from './teammate';
import { send } from './transport';

/** Stops a runaway listing should Intercom ever page /admins (the current spec never does). */
const MAX_PAGES = 50;

const meBody = z.object({
  type: z.literal('admin'),
  id: z.union([z.string(), z.number()]).transform(String),
  email: z.string(),
  app: z.object({ id_code: z.string(), region: z.string().nullish() }).nullish(),
});

export interface IntercomIdentity {
  adminId: string;
  email: string;
  appIdCode?: string;
  /** Undefined when /me names no region or one we do not know. */
  region?: IntercomRegion;
}

export class IntercomClient {
  private readonly o: ResolvedOptions;
  private readonly log: Logger;
  private readonly http: HttpClient;

  constructor(options: IntercomClientOptions) {
    this.o = resolveOptions(options);
    this.log = options.logger.child({ provider: 'intercom' });
    const injected = Object.fromEntries(
      Object.entries({ now: options.now, sleep: options.sleep, random: options.random }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    this.http = new HttpClient({ name: 'intercom', logger: this.log, ...options.http, ...injected });
  }

  /** Request counters of the underlying HttpClient (requests, retries, rateLimited). */
  get counters(): HttpClient['counters'] {
    return this.http.counters;
  }

  /** Every teammate of the workspace; throws IntercomError if the listing cannot be completed. */
  async listTeammates(): Promise<TeammateListing> {
    const listing: TeammateListing = { teammates: [], errors: [], skippedNonAdmins: 0 };
    const seen = new Set<string>();
    const visited = new Set<string>();
    let req: HttpRequest = listAdminsRequest(this.o.baseUrl, this.o.accessToken, this.o.version);
    let index = 0;
    for (let page = 1; ; page++) {
      const json = this.unwrap('GET /admins', readJson(await send(this.http, 'GET /admins', req)));
      const parsed = this.unwrap('GET /admins', parseAdminPage(json));
      collectTeammates(parsed.records, listing, seen, index);
      index += parsed.records.length;
      const next = parsed.next;
      if (next === undefined) break;
      this.checkNextPage(next, visited, page);
      visited.add(next);
      req = nextPageRequest(next, this.o.accessToken, this.o.version);
    }
    if (listing.errors.length > 0) {
      this.log.warn({ errors: listing.errors.length }, 'Intercom listing had malformed admins');
    }
    return listing;
  }

  /** The teammate with this id, or undefined once removed (404 admin_not_found). */
  async findTeammate(id: string): Promise<IntercomTeammate | undefined> {
    const op = 'GET /admins/{id}';
    if (!/^\d{1,20}$/.test(id.trim())) return undefined;
    const res = await send(
      this.http,
      op,
      adminRequest(this.o.baseUrl, this.o.accessToken, this.o.version, id.trim()),
    );
    if (res.status === 404 && errorListDetail(res.body)?.code === 'admin_not_found') return undefined;
    const json = this.unwrap(op, readJson(res));
    const parsed = adminRecord.safeParse(json);
    if (!parsed.success) {
      throw new IntercomError(op, failure('INTERCOM_BAD_RESPONSE', issuesText(parsed.error)));
    }
    return toTeammate(parsed.data);
  }

  /** The installing admin and the workspace's region (GET /me). */
  async me(): Promise<IntercomIdentity> {
    const op = 'GET /me';
    const json = this.unwrap(
      op,
      readJson(await send(this.http, op, meRequest(this.o.baseUrl, this.o.accessToken, this.o.version))),
    );
    const parsed = meBody.safeParse(json);
    if (!parsed.success) {
      throw new IntercomError(op, failure('INTERCOM_BAD_RESPONSE', issuesText(parsed.error)));
    }
    const region = parseRegion(parsed.data.app?.region);
    return {
      adminId: parsed.data.id,
      email: parsed.data.email,
      ...(parsed.data.app ? { appIdCode: parsed.data.app.id_code } : {}),
      ...(region.ok ? { region: region.value } : {}),
    };
  }

  /**
   * The token goes only to the host we were configured with; a repeated URL or too many pages means
   * the listing would never end. Either way the list is incomplete, so it is an error.
   */
  private checkNextPage(next: string, visited: Set<string>, page: number): void {
    const bad = (detail: string) =>
      new IntercomError('GET /admins', failure('INTERCOM_BAD_RESPONSE', detail));
    let origin: string;
    try {
      origin = new URL(next).origin;
    } catch {
      throw bad(`pages.next is not a URL: ${JSON.stringify(next.slice(0, 100))}`);
    }
    if (origin !== new URL(this.o.baseUrl).origin) throw bad(`pages.next points to another host (${origin})`);
    if (visited.has(next)) throw bad('pages.next repeats a page already read');
    if (page >= MAX_PAGES) throw bad(`more than ${MAX_PAGES} pages`);
  }

  private unwrap<T>(operation: string, r: Result<T, IntercomFailure>): T {
    if (!r.ok) throw new IntercomError(operation, r.error);
    return r.value;
  }
}
