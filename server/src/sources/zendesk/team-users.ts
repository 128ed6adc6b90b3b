/**
 * The team listing: agents, admins and custom-role agents, page by page (reference §0.1, §1.2, §5).
 *
 * An async generator of pages, not an onPage callback: the caller pulls (so at most one page is in
 * memory and a slow consumer slows the requests instead of queueing them), can stop early with
 * `break`, and a failure surfaces as a throw from the same `for await` after the pages already read,
 * which is exactly "this listing is incomplete".
 *
 * - One listing for the chosen roles (`role[]=…`), plus one per custom role id (`permission_set`, one
 *   id per request) unless `agent` is chosen (custom-role users are agents, already listed).
 * - Cursor pagination only, 100 per page, following `links.next` (§0.3). A response that says
 *   `has_more` without a next link continues from `after_cursor`.
 * - Guards from §4: a repeated next URL, a next URL on another origin (it would receive the token),
 *   or more than `maxPages` pages stop the listing as incomplete.
 * - Every record is re-checked against the chosen roles (§4: filters that never reached Zendesk);
 *   end users are never yielded. An unreadable record becomes a per-record error item.
 * - Any failure (after HttpClient's retries and one token refresh) throws
 *   ZendeskListingIncompleteError.
 */
import type { HttpClient } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import { ZendeskError, ZendeskListingIncompleteError, type ZendeskErrorCode } from './errors';
import { listUsersUrl, withAfterCursor } from './requests';
import { parseUserRecord, parseUsersPage } from './responses';
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

      const { next, hasMore, afterCursor } = page.value;
      url = next ?? (hasMore === true && afterCursor ? withAfterCursor(url, afterCursor) : null);
      yield out;
    }
  }
}
