/**
 * The shapes environment values take, and how a schema's problems become the one-line messages an
 * operator reads at start: `NAME: problem`.
 */
import { z } from 'zod';

export const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const url = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));

/** A TCP port; 0 lets the system choose one (tests use it). */
export const port = z
  .string()
  .refine((v) => /^\d{1,5}$/.test(v.trim()) && Number(v) <= 65535, 'not a port (1–65535)')
  .transform(Number);

export type Env = Record<string, string | undefined>;

export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.join('.');
    const received =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${key}: ${received}`;
  });
}
