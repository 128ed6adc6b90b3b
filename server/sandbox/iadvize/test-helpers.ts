/**
 * Helpers for the sandbox's own tests: start/stop sandboxes, log in, send GraphQL and REST requests
 * with plain fetch (no client code, so the tests pin the wire format), and a fake clock.
 */
import { fakeClock, readReply, sandboxTracker } from '../shared/test-support';
import {
  DEFAULT_ADMIN,
  DEFAULT_REST_API_KEY,
  IAdvizeSandbox,
  IAdvizeSandboxOptions,
  startIAdvizeSandbox,
} from './server';

const sandboxes = sandboxTracker((options: IAdvizeSandboxOptions) => startIAdvizeSandbox(options));

/** A sandbox closed by closeSandboxes() (call it in afterEach). */
export const startTestSandbox = (options: IAdvizeSandboxOptions = {}): Promise<IAdvizeSandbox> =>
  sandboxes.start(options);
export const closeSandboxes = (): Promise<void> => sandboxes.closeAll();

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

const reply = (res: Response): Promise<Reply> => readReply(res);

export async function postToken(url: string, params: Record<string, string>): Promise<Reply> {
  return reply(
    await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }),
  );
}

export async function login(
  url: string,
  admin: { email: string; password: string } = DEFAULT_ADMIN,
): Promise<string> {
  const res = await postToken(url, {
    username: admin.email,
    password: admin.password,
    grant_type: 'password',
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return (res.json() as { access_token: string }).access_token;
}

export async function gql(
  url: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Reply> {
  return reply(
    await fetch(`${url}/graphql?platform=sd`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    }),
  );
}

export async function rest(
  url: string,
  pathAndQuery: string,
  headers: Record<string, string> = { 'X-API-Key': DEFAULT_REST_API_KEY },
): Promise<Reply> {
  return reply(await fetch(`${url}/api/2${pathAndQuery}`, { headers }));
}

export const CREATE = /* GraphQL */ `
  mutation Create($input: ProfessionalCreateInput!) {
    professionalCreate(input: $input) {
      professional {
        id
        email
        firstName
        lastName
        pseudo
        externalId
      }
      userErrors {
        __typename
        message
      }
    }
  }
`;

export function createInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: 'ada@example.com',
    lastName: 'Lovelace',
    firstName: 'Ada',
    pseudo: 'ada',
    roleName: 'operator',
    interfaceLanguage: 'en',
    ...overrides,
  };
}

export { fakeClock };
