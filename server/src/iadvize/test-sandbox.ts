/**
 * Integration fixtures: an iAdvize sandbox and a client pointed at it (GraphQL and REST on the same
 * URL), with instant retries so fault tests stay fast. Close with closeAll() in afterEach.
 */
import {
  DEFAULT_ADMIN,
  DEFAULT_REST_API_KEY,
  IAdvizeSandbox,
  IAdvizeSandboxOptions,
  startIAdvizeSandbox,
} from '../../sandbox/iadvize';
import { silentLogger } from '../lib/logger';
import { IAdvizeClient } from './client';
import type { IAdvizeClientOptions } from './client-options';

const open: IAdvizeSandbox[] = [];

export async function sandbox(options: IAdvizeSandboxOptions = {}): Promise<IAdvizeSandbox> {
  const s = await startIAdvizeSandbox(options);
  open.push(s);
  return s;
}

export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((s) => s.close()));
}

export function clientFor(s: { url: string }, overrides: Partial<IAdvizeClientOptions> = {}): IAdvizeClient {
  return new IAdvizeClient({
    credentials: { username: DEFAULT_ADMIN.email, password: DEFAULT_ADMIN.password },
    graphqlBaseUrl: s.url,
    sdPlatform: true,
    restBaseUrl: `${s.url}/api/2`,
    restKey: DEFAULT_REST_API_KEY,
    logger: silentLogger(),
    sleep: async () => {},
    random: () => 0,
    ...overrides,
  });
}

export const ada = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', pseudo: 'ada' };
