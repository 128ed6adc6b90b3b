/**
 * Everything the sandbox holds, and the handle tests use to arrange and inspect it: users, custom
 * roles, OAuth tokens, faults and request counters.
 */
import { CustomRoleStore } from './custom-roles';
import { FaultInjector, ZendeskFaultOptions } from './faults';
import { OAuthClient, OAuthStore, type IssuedPair } from './tokens';
import { NewUser, UserPatch, UserStore, ZendeskUser } from './users';

export interface ZendeskCounters {
  /** Every request the sandbox received, OAuth included. */
  requests: number;
  /** `GET /api/v2/users` listing pages that passed the gateway and authentication (failPage ones included). */
  usersList: number;
  /** Requests to /oauth/authorizations/new and /oauth/tokens. */
  oauth: number;
  /** 429s sent: the per-minute limit and injected edge-protection ones. */
  rateLimited: number;
  faults5xx: number;
  /** Requests by method and route, ids and `.json` folded: `GET /api/v2/users/:id`. */
  byPath: Record<string, number>;
}

export interface ZendeskState {
  /** Adds a user as if created in Admin Center; returns it with its id. */
  addUser(u: NewUser): ZendeskUser;
  updateUser(id: number, patch: UserPatch): void;
  /** Soft delete: `active: false`, gone from `GET /users`, still shown by id (users.ts). */
  deleteUser(id: number): void;
  addCustomRole(name: string): { id: number; name: string };
  /** Every user, soft-deleted ones included, in id order. */
  users(): ZendeskUser[];
  /** A live bearer token for tests (scope `read write` unless given, the default lifetime). */
  issueAccessToken(scope?: string): string;
  /** What a completed consent gives the OAuth client `clientId`: an access and refresh token pair. */
  issueTokenPair(clientId: string, scope?: string): IssuedPair;
  /** Every access token stops working (refresh tokens do not). */
  expireAccessTokens(): void;
  setFaults(f: ZendeskFaultOptions | undefined): void;
  readonly counters: ZendeskCounters;
  resetCounters(): void;
}

const zeroCounters = (): ZendeskCounters => ({
  requests: 0,
  usersList: 0,
  oauth: 0,
  rateLimited: 0,
  faults5xx: 0,
  byPath: {},
});

export class Account implements ZendeskState {
  readonly userStore: UserStore;
  readonly roles: CustomRoleStore;
  readonly oauth: OAuthStore;
  readonly faults: FaultInjector;
  readonly counters: ZendeskCounters = zeroCounters();
  /** Basic `{email}/token:{token}` credentials, when configured. */
  readonly apiToken?: { email: string; token: string };
  /** Set once the server listens: user `url` fields point at the sandbox. */
  baseUrl = 'http://127.0.0.1';

  constructor(options: {
    now: () => number;
    oauthClients: OAuthClient[];
    accessTokenLifetimeSeconds: number;
    apiToken?: { email: string; token: string };
    faults?: ZendeskFaultOptions;
  }) {
    this.userStore = new UserStore(options.now, (id) => `${this.baseUrl}/api/v2/users/${id}.json`);
    this.roles = new CustomRoleStore(options.now);
    this.oauth = new OAuthStore(options.now, options.oauthClients, options.accessTokenLifetimeSeconds);
    this.faults = new FaultInjector(options.faults);
    this.apiToken = options.apiToken;
  }

  addUser(u: NewUser): ZendeskUser {
    if (u.custom_role_id != null && !this.roles.get(u.custom_role_id))
      throw new Error(`unknown custom role ${u.custom_role_id}`);
    return this.userStore.add(u);
  }

  updateUser(id: number, patch: UserPatch): void {
    if (patch.custom_role_id != null && !this.roles.get(patch.custom_role_id))
      throw new Error(`unknown custom role ${patch.custom_role_id}`);
    this.userStore.update(id, patch);
  }

  deleteUser(id: number): void {
    this.userStore.softDelete(id);
  }

  addCustomRole(name: string): { id: number; name: string } {
    if (this.roles.byName(name)) throw new Error(`custom role "${name}" exists`);
    const role = this.roles.add(name);
    return { id: role.id, name: role.name };
  }

  users(): ZendeskUser[] {
    return [...this.userStore.all()];
  }

  issueAccessToken(scope = 'read write'): string {
    return this.oauth.issueAccess(scope);
  }

  issueTokenPair(clientId: string, scope = 'read'): IssuedPair {
    return this.oauth.issuePair(clientId, scope);
  }

  expireAccessTokens(): void {
    this.oauth.expireAccessTokens();
  }

  setFaults(f: ZendeskFaultOptions | undefined): void {
    this.faults.set(f);
  }

  count(route: string): void {
    this.counters.byPath[route] = (this.counters.byPath[route] ?? 0) + 1;
  }

  /** Resets in place, so a reference held by a test stays live. */
  resetCounters(): void {
    Object.assign(this.counters, zeroCounters());
  }
}
