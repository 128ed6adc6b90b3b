/**
 * The team listing: agents, admins and custom-role agents, page by page, with
 * `GET /api/v2/users` (https://developer.zendesk.com/api-reference/ticketing/users/users/#list-users).
 * A full role-filtered listing each run, not the incremental export: the export cannot filter by
 * role, so it would stream every end user of the account too.
 *
 * An async generator of pages, not an onPage callback: the caller pulls (so at most one page is in
 * memory and a slow consumer slows the requests instead of queueing them), can stop early with
 * `break`, and a failure surfaces as a throw from the same `for await` after the pages already read,
 * which is exactly "this listing is incomplete".
 *
 * - One listing for the chosen roles (`role[]=…`), plus one per custom role id (`permission_set`, one
 *   id per request) unless `agent` is chosen (custom-role users are agents, already listed).
 * - Cursor pagination only, 100 per page, until `meta.has_more` is false (nextPage).
 * - Guards against the loops other Zendesk clients met: a repeated next URL, a next URL on another
 *   origin (it would receive the token), or more than `maxPages` pages stop the listing as
 *   incomplete.
 * - Every record is re-checked against the chosen roles (some clients' role filters never reached
 *   Zendesk, which then listed end users); end users are never yielded. An unreadable record becomes
 *   a per-record error item.
 * - Any failure (after HttpClient's retries and one token refresh) throws
 *   ZendeskListingIncompleteError.
 */
import type { HttpClient } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import { ZendeskError, ZendeskListingIncompleteError, type ZendeskErrorCode } from './errors';
import { listUsersUrl, PAGE_SIZE, withAfterCursor } from './requests';
import { parseUserRecord, parseUsersPage, type UsersPage } from './responses';
import type { TokenSource } from './token-source';
import { authorizedGet } from './transport';
import type { TeamUserFilter, TeamUsersPage, ZendeskTeamUser } from './types';

export interface ListingDeps {
  http: HttpClient;
  tokens: TokenSource;
  baseUrl: string;
  logger: Logger;
  maxPages: number;
}

/** The listings a filter needs, as first-page URLs. */
export function plannedListings(baseUrl: string, filter: TeamUserFilter): string[] {
  const roles = [...new Set(filter.roles)].sort();
  const urls = roles.length > 0 ? [listUsersUrl(baseUrl, { roles })] : [];
  if (!roles.includes('agent'))
    for (const id of [...new Set(filter.customRoleIds)])
      urls.push(listUsersUrl(baseUrl, { permissionSet: id }));
  return urls;
}

/** Whether a user belongs to the selection, whatever listing returned it. */
export function inSelection(
  user: { role: string; customRoleId: number | null },
  filter: TeamUserFilter,
): user is { role: 'agent' | 'admin'; customRoleId: number | null } {
  if (user.role === 'agent' || user.role === 'admin') {
    if ((filter.roles as string[]).includes(user.role)) return true;
    return (
      user.role === 'agent' && user.customRoleId !== null && filter.customRoleIds.includes(user.customRoleId)
    );
  }
  return false;
}

export type NextPage = { kind: 'done' } | { kind: 'next'; url: string } | { kind: 'stuck' };

/**
 * Where a listing goes after `page`. Zendesk's pagination guide says to stop when `meta.has_more` is
 * false, and its answers carry `links.next` and `after_cursor` on the last page too: following them
 * costs one more request for an empty page. A page that says has_more with neither is not the end:
 * the listing is incomplete. Without has_more (the request asks for it with
 * include_boundary_indicators=true), a short page is the last one and a full one continues only
 * where it names a next page.
 */
export function nextPage(current: string, page: UsersPage): NextPage {
  const forward = (): NextPage => {
    if (page.next) return { kind: 'next', url: page.next };
    if (page.afterCursor) return { kind: 'next', url: withAfterCursor(current, page.afterCursor) };
    return { kind: 'stuck' };
  };
  if (page.hasMore === false) return { kind: 'done' };
  if (page.hasMore === true) return forward();
  return page.records.length < PAGE_SIZE ? { kind: 'done' } : forward();
}

function incomplete(
  detail: string,
  pagesRead: number,
  reason: ZendeskErrorCode,
  retryable: boolean,
  cause?: unknown,
) {
  return new ZendeskListingIncompleteError(detail, { reason, retryable, pagesRead }, cause);
}

export async function* listTeamUsers(
  deps: ListingDeps,
  filter: TeamUserFilter,
): AsyncGenerator<TeamUsersPage> {
  const origin = new URL(deps.baseUrl).origin;
  const yielded = new Set<number>();
  let pagesRead = 0;
  for (const first of plannedListings(deps.baseUrl, filter)) {
    const visited = new Set<string>();
    let url: string | null = first;
    while (url) {
      if (visited.has(url))
        throw incomplete('Zendesk sent the same next page twice', pagesRead, 'ZENDESK_BAD_RESPONSE', false);
      if (new URL(url).origin !== origin)
        throw incomplete(
          'Zendesk sent a next page on another host',
          pagesRead,
          'ZENDESK_BAD_RESPONSE',
          false,
        );
      if (pagesRead >= deps.maxPages)
        throw incomplete(`more than ${deps.maxPages} pages`, pagesRead, 'ZENDESK_BAD_RESPONSE', false);
      visited.add(url);

      let page;
      try {
        page = parseUsersPage(await authorizedGet(deps.http, deps.tokens, 'list users', url));
      } catch (error) {
        if (error instanceof ZendeskError)
          throw incomplete(error.message, pagesRead, error.code as ZendeskErrorCode, error.retryable, error);
        throw error;
      }
      if (!page.ok)
        throw incomplete(
          `list users: ${page.error.detail}`,
          pagesRead,
          page.error.code,
          page.error.retryable,
        );
      pagesRead += 1;

      const out: TeamUsersPage = { users: [], invalid: [], excluded: 0 };
      for (const raw of page.value.records) {
        const parsed = parseUserRecord(raw);
        if (!parsed.ok) out.invalid.push(parsed.error);
        else if (!inSelection(parsed.value, filter)) out.excluded += 1;
        else if (!yielded.has(parsed.value.id)) {
          yielded.add(parsed.value.id);
          out.users.push(parsed.value as ZendeskTeamUser);
        }
      }
      if (out.excluded > 0)
        deps.logger.warn(
          { provider: 'zendesk', excluded: out.excluded },
          'listing returned users outside the chosen roles; dropped',
        );
      if (out.invalid.length > 0)
        deps.logger.warn(
          { provider: 'zendesk', invalid: out.invalid.length },
          'listing returned unreadable user records',
        );

      const step = nextPage(url, page.value);
      yield out;
      if (step.kind === 'stuck')
        throw incomplete(
          'Zendesk said more users follow but named no next page',
          pagesRead,
          'ZENDESK_BAD_RESPONSE',
          false,
        );
      url = step.kind === 'next' ? step.url : null;
    }
  }
}
