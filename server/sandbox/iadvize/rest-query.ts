/**
 * Parsing of the REST v2 list parameters: `filters[<name>]=<value>`, `page`, `limit`,
 * `full=1`, read from Express's "simple" query parser, which keeps `filters[email]` as a literal key.
 */
import { z } from 'zod';

export interface ListQuery {
  filters: Record<string, string>;
  page: number;
  limit: number;
  full: boolean;
}

/** Inferred default (the documented example shows `limit: 20`). */
export const DEFAULT_LIMIT = 20;
/** Documented: "maximum possible value is 100". Larger values are clamped (inferred). */
export const MAX_LIMIT = 100;

const positiveInt = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1));
/** Parameters that are not list controls: the API key and cache busters pass through. */
const IGNORED = new Set(['key', '_']);

export function parseListQuery(
  query: Record<string, unknown>,
): { ok: true; value: ListQuery } | { ok: false; message: string } {
  const out: ListQuery = { filters: {}, page: 1, limit: DEFAULT_LIMIT, full: false };
  for (const [name, raw] of Object.entries(query)) {
    if (IGNORED.has(name)) continue;
    if (typeof raw !== 'string') return { ok: false, message: `Parameter '${name}' must be given once.` };
    const filter = /^filters\[([a-z_]+)\]$/.exec(name);
    if (filter) {
      out.filters[filter[1]] = raw;
    } else if (name === 'page' || name === 'limit') {
      const n = positiveInt.safeParse(raw);
      if (!n.success) return { ok: false, message: `Parameter '${name}' must be a positive integer.` };
      if (name === 'page') out.page = n.data;
      else out.limit = Math.min(n.data, MAX_LIMIT);
    } else if (name === 'full') {
      out.full = raw === '1' || raw === 'true';
    } else {
      return { ok: false, message: `Unknown parameter '${name}'.` };
    }
  }
  return { ok: true, value: out };
}
