/**
 * Reading a response body as JSON, defensively: gateways answer with HTML pages, empty bodies or
 * plain text, and none of that may surface as "Unexpected token <".
 */
import { z } from 'zod';
import type { HttpResponse } from '../lib/http-client';
import { err, ok, type Result } from '../lib/result';
import { IAdvizeFailure, failure } from './errors';

/** A short, single-line excerpt of a body for an error message. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(html) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(html);
  return m ? excerpt(m[1]) : undefined;
}

export function readJson(res: HttpResponse): Result<unknown, IAdvizeFailure> {
  const text = res.body.trim();
  if (text === '') return err(failure('IADVIZE_BAD_RESPONSE', `an empty body (HTTP ${res.status})`));
  if (text.startsWith('<')) {
    const title = htmlTitle(text);
    return err(
      failure(
        'IADVIZE_BAD_RESPONSE',
        `an HTML page instead of JSON (HTTP ${res.status}${title ? `, "${title}"` : ''})`,
      ),
    );
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(
      failure('IADVIZE_BAD_RESPONSE', `a body that is not JSON (HTTP ${res.status}): "${excerpt(text)}"`),
    );
  }
}

/** "data.professionalCreate.userErrors.0.message: Invalid input: expected string" and so on. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/** Validates a parsed body against a schema; a mismatch is an unexpected response shape. */
export function parseShape<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): Result<z.output<S>, IAdvizeFailure> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return err(failure('IADVIZE_BAD_RESPONSE', `unexpected ${what}: ${describeIssues(parsed.error)}`));
}
