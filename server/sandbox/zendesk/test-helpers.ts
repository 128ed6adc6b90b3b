import { fakeClock, readReply, sandboxTracker, type Reply } from '../shared/test-support';
/**
 * Helpers for the sandbox's own tests: start/stop sandboxes, seed a team, and call the API with plain
 * fetch (no client code, so the tests pin the wire format), and a fake clock.
 */
import { startZendeskSandbox, ZendeskSandbox, ZendeskSandboxOptions } from './server';

const sandboxes = sandboxTracker((options: ZendeskSandboxOptions) => startZendeskSandbox(options));

export const CLIENT = {
  clientId: 'user-sync',
  clientSecret: 'sandbox-client-secret',
  redirectUris: ['http://127.0.0.1:9/oauth/zendesk/callback'],
};

/** A sandbox closed by closeSandboxes() (call it in afterEach). */
export const startTestSandbox = (options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> =>
  sandboxes.start({ oauthClients: [CLIENT], ...options });
export const closeSandboxes = (): Promise<void> => sandboxes.closeAll();

export type { Reply };

export async function get(url: string, token?: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    redirect: 'manual',
  });
  return readReply(res);
}

export async function postJson(url: string, body: unknown): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return readReply(res);
}

/** `agents` agents, `admins` admins and `endUsers` end users, interleaved so filters must skip. */
export function seedTeam(
  sandbox: ZendeskSandbox,
  counts: { agents: number; admins: number; endUsers: number },
): void {
  const total = counts.agents + counts.admins + counts.endUsers;
  let a = 0;
  let ad = 0;
  let e = 0;
  for (let i = 0; i < total; i++) {
    if (e < counts.endUsers && (i % 3 === 0 || (a >= counts.agents && ad >= counts.admins))) {
      sandbox.state.addUser({ name: `Customer ${e}`, email: `customer${e}@example.com`, role: 'end-user' });
      e++;
    } else if (ad < counts.admins && (i % 7 === 1 || a >= counts.agents)) {
      sandbox.state.addUser({ name: `Admin ${ad}`, email: `admin${ad}@acme.test`, role: 'admin' });
      ad++;
    } else {
      sandbox.state.addUser({ name: `Agent ${a}`, email: `agent${a}@acme.test`, role: 'agent' });
      a++;
    }
  }
}

export { fakeClock };
