/**
 * The iAdvize settings: optional as a whole (no IADVIZE_ variable set: no operator provisioning and
 * no sync-request subscription), complete once any of them is set.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';
import { bool, issuesOf, url, type Env } from './env-values';

const iadvizeSchema = z.object({
  IADVIZE_USERNAME: z.string().trim().min(1),
  IADVIZE_PASSWORD: z.string().min(1),
  IADVIZE_GRAPHQL_URL: url.default('https://api.iadvize.com'),
  IADVIZE_SD_PLATFORM: bool.default(false),
  IADVIZE_REST_KEY: z.string().trim().min(1).optional(),
  IADVIZE_REST_URL: url.default('https://sd.iadvize.com/api/2'),
  IADVIZE_LINK_EXISTING: bool.default(false),
  IADVIZE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(8),
  IADVIZE_INTERFACE_LANGUAGE: z.string().min(2).default('en'),
});

export interface IAdvizeConfig {
  username: string;
  password: string;
  graphqlUrl: string;
  sdPlatform: boolean;
  restKey?: string;
  restUrl: string;
  /** Link an operator whose email matches instead of skipping the user. */
  linkExisting: boolean;
  concurrency: number;
  interfaceLanguage: string;
}

export function readIAdvize(env: Env): Result<IAdvizeConfig | undefined, string[]> {
  const anySet = Object.keys(env).some(
    (key) => key.startsWith('IADVIZE_') && env[key] !== undefined && env[key] !== '',
  );
  if (!anySet) return ok(undefined);
  const parsed = iadvizeSchema.safeParse(env);
  if (!parsed.success) return err(issuesOf(parsed.error));
  const v = parsed.data;
  return ok({
    username: v.IADVIZE_USERNAME,
    password: v.IADVIZE_PASSWORD,
    graphqlUrl: v.IADVIZE_GRAPHQL_URL,
    sdPlatform: v.IADVIZE_SD_PLATFORM,
    restKey: v.IADVIZE_REST_KEY,
    restUrl: v.IADVIZE_REST_URL,
    linkExisting: v.IADVIZE_LINK_EXISTING,
    concurrency: v.IADVIZE_CONCURRENCY,
    interfaceLanguage: v.IADVIZE_INTERFACE_LANGUAGE,
  });
}
