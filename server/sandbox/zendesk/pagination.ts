/**
 * Cursor and offset pagination over an id-ordered list
 * (https://developer.zendesk.com/api-reference/introduction/pagination/).
 *
 * Documented: `page[size]` (max 100), `page[after]`, `page[before]`; "If you omit the page[size]
 * parameter, offset pagination is used"; `meta: {has_more, after_cursor, before_cursor}`, `links:
 * {next, prev}`; stop when `has_more` is false; offset requests beyond the first 10,000 records
 * answer 400 (https://support.zendesk.com/hc/en-us/articles/5591904358938).
 * Observed on a live answer (see cursorPage): `has_more` without `include_boundary_indicators`, and
 * cursors and both links on the first and last pages.
 * Chosen here: cursors are opaque base64url JSON naming the boundary id (real ones look alike:
 * `{"o":"id","v":...}`); `page[size]` above 100 is clamped; the empty page past the end; the 400
 * body text.
 */
import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;
export const OFFSET_RECORD_LIMIT = 10_000;

export interface Cursor {
  /** Boundary id: the page starts after it (page[after]) or ends before it (page[before]). */
  v: number;
  /** The 1-based number of the page this cursor leads to, so faults can target "page N". */
  p: number;
}

const cursorJson = z.object({ o: z.literal('id'), v: z.number().int(), p: z.number().int().min(1) });

export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify({ o: 'id', v: c.v, p: c.p })).toString('base64url');

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed = cursorJson.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { v: parsed.data.v, p: parsed.data.p } : undefined;
  } catch {
    return undefined;
  }
}

export type PageRequest =
  | { mode: 'cursor'; size: number; after?: Cursor; before?: Cursor }
  | { mode: 'offset'; page: number; perPage: number };

const positiveInt = (text: string | null): number | undefined =>
  text !== null && /^\d{1,9}$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;

/** The pagination a query asks for, or the reason it is refused. */
export function parsePageRequest(
  q: URLSearchParams,
): { ok: true; value: PageRequest } | { ok: false; error: string } {
  const size = q.get('page[size]');
  const afterText = q.get('page[after]');
  const beforeText = q.get('page[before]');
  if (size !== null || afterText !== null || beforeText !== null) {
    const n = size === null ? MAX_PAGE_SIZE : positiveInt(size);
    if (n === undefined) return { ok: false, error: 'page[size] must be a positive integer' };
    const after = afterText === null ? undefined : decodeCursor(afterText);
    const before = beforeText === null ? undefined : decodeCursor(beforeText);
    if ((afterText !== null && !after) || (beforeText !== null && !before))
      return { ok: false, error: 'The cursor is invalid' };
    if (after && before) return { ok: false, error: 'Use page[after] or page[before], not both' };
    return {
      ok: true,
      value: {
        mode: 'cursor',
        size: Math.min(n, MAX_PAGE_SIZE),
        after,
        before,
      },
    };
  }
  const page = q.get('page') === null ? 1 : positiveInt(q.get('page'));
  const perPage = q.get('per_page') === null ? MAX_PAGE_SIZE : positiveInt(q.get('per_page'));
  if (page === undefined || perPage === undefined)
    return { ok: false, error: 'page and per_page must be positive integers' };
  const clamped = Math.min(perPage, MAX_PAGE_SIZE);
  if ((page - 1) * clamped >= OFFSET_RECORD_LIMIT)
    return {
      ok: false,
      error: `Offset pagination is limited to the first ${OFFSET_RECORD_LIMIT} records. Use cursor pagination instead.`,
    };
  return { ok: true, value: { mode: 'offset', page, perPage: clamped } };
}

/** Where an id-sorted source can be searched and read. */
export interface IdOrdered<T extends { id: number }> {
  all(): readonly T[];
  firstAfter(id: number): number;
  firstAtOrAfter(id: number): number;
}

export interface CursorSlice<T> {
  items: T[];
  pageNo: number;
  hasMore: boolean;
  hasPrev: boolean;
}

/** One cursor page: scans from the boundary, stopping as soon as one record past the page is seen. */
export function cursorSlice<T extends { id: number }>(
  source: IdOrdered<T>,
  matches: (item: T) => boolean,
  req: Extract<PageRequest, { mode: 'cursor' }>,
): CursorSlice<T> {
  const all = source.all();
  const items: T[] = [];
  if (req.before) {
    for (let i = source.firstAtOrAfter(req.before.v) - 1; i >= 0 && items.length <= req.size; i--)
      if (matches(all[i])) items.push(all[i]);
    const hasPrev = items.length > req.size;
    const page = items.slice(0, req.size).reverse();
    return { items: page, pageNo: req.before.p, hasMore: true, hasPrev };
  }
  const start = req.after ? source.firstAfter(req.after.v) : 0;
  for (let i = start; i < all.length && items.length <= req.size; i++)
    if (matches(all[i])) items.push(all[i]);
  const pageNo = req.after?.p ?? 1;
  return { items: items.slice(0, req.size), pageNo, hasMore: items.length > req.size, hasPrev: pageNo > 1 };
}

/**
 * The cursor envelope, as a live `GET /api/v2/users` answers it (the recording cited in the README):
 * `meta.has_more` is there whether or not `include_boundary_indicators=true` was sent, and the last
 * page still carries its `after_cursor` and a `links.next` (as the first page carries
 * `before_cursor` and `links.prev`). Only `has_more: false` says the listing is over, as Zendesk's
 * pagination guide tells clients to check. Following the last page's next link anyway answers an
 * empty page without cursors or links.
 */
export function cursorPage<T extends { id: number }>(
  key: string,
  slice: CursorSlice<T>,
  link: (set: Record<string, string>) => string,
): Record<string, unknown> {
  const first = slice.items[0];
  const last = slice.items[slice.items.length - 1];
  const after = last ? encodeCursor({ v: last.id, p: slice.pageNo + 1 }) : null;
  const before = first ? encodeCursor({ v: first.id, p: Math.max(1, slice.pageNo - 1) }) : null;
  return {
    [key]: slice.items,
    meta: { has_more: slice.hasMore, after_cursor: after, before_cursor: before },
    links: {
      next: after === null ? null : link({ 'page[after]': after }),
      prev: before === null ? null : link({ 'page[before]': before }),
    },
  };
}

/** One offset page and the total count (offset responses carry `count`). */
export function offsetSlice<T>(
  all: readonly T[],
  matches: (item: T) => boolean,
  req: Extract<PageRequest, { mode: 'offset' }>,
): { items: T[]; count: number } {
  const from = (req.page - 1) * req.perPage;
  const items: T[] = [];
  let count = 0;
  for (const item of all) {
    if (!matches(item)) continue;
    if (count >= from && items.length < req.perPage) items.push(item);
    count++;
  }
  return { items, count };
}

/** The same query with the paging parameters replaced: how `links.next` and `next_page` are built. */
export function pageUrl(base: string, q: URLSearchParams, set: Record<string, string>): string {
  const next = new URLSearchParams(q);
  for (const key of ['page[after]', 'page[before]', 'page']) next.delete(key);
  for (const [k, v] of Object.entries(set)) next.set(k, v);
  return `${base}?${next.toString()}`;
}
