/**
 * Everything the sandbox holds, and the handle tests use to arrange and inspect it: teammates,
 * tokens, OAuth clients and codes, faults, counters and a log of recent requests.
 */
import { AdminPatch, AdminStore, IntercomAdmin, NewAdmin } from './admins';
import { FaultInjector, IntercomFaultOptions } from './faults';
import { OAuthCodes } from './oauth-codes';
import { TokenStore } from './tokens';

export interface IntercomCounters {
  /** Every request to the sandbox, whatever its outcome. */
  requests: number;
  /** GET /admins and GET /admins/{id} that reached the handler (after auth, version and rate limit). */
  admins: number;
  /** Requests to GET /oauth and POST /auth/eagle/token. */
  oauth: number;
  rateLimited: number;
  faults5xx: number;
}

/** One request as received, so tests can check what a client actually sent. */
export interface SeenRequest {
  method: string;
  path: string;
  /** The raw Intercom-Version header, undefined when absent. */
  intercomVersion?: string;
}

export interface IntercomState {
  addAdmin(a: NewAdmin): IntercomAdmin;
  updateAdmin(id: string, patch: AdminPatch): void;
  /** The teammate leaves the workspace: gone from GET /admins, 404 admin_not_found by id. */
  removeAdmin(id: string): void;
  admins(): IntercomAdmin[];
  /** A new valid token, as an install or an OAuth exchange would give. */
  issueAccessToken(): string;
  /** Every token stops working (uninstall / revocation): 401 unauthorized from then on. */
  revokeAccessTokens(): void;
  setFaults(f: IntercomFaultOptions | undefined): void;
  readonly counters: IntercomCounters;
  resetCounters(): void;
  /** The last requests received (up to 1000), oldest first. */
  requests(): SeenRequest[];
}

const zero = (): IntercomCounters => ({ requests: 0, admins: 0, oauth: 0, rateLimited: 0, faults5xx: 0 });
const LOG_SIZE = 1000;

export class Workspace implements IntercomState {
  readonly store = new AdminStore();
  readonly tokens: TokenStore;
  readonly codes: OAuthCodes;
  readonly faults: FaultInjector;
  readonly counters = zero();
  private readonly log: SeenRequest[] = [];

  constructor(options: { accessToken: string; now: () => number; faults?: IntercomFaultOptions }) {
    this.tokens = new TokenStore(options.accessToken);
    this.codes = new OAuthCodes(options.now);
    this.faults = new FaultInjector(options.faults);
  }

  addAdmin(a: NewAdmin): IntercomAdmin {
    return this.store.add(a);
  }

  updateAdmin(id: string, patch: AdminPatch): void {
    this.store.update(id, patch);
  }

  removeAdmin(id: string): void {
    this.store.remove(id);
  }

  admins(): IntercomAdmin[] {
    return this.store.all();
  }

  issueAccessToken(): string {
    return this.tokens.issue();
  }

  revokeAccessTokens(): void {
    this.tokens.revokeAll();
  }

  setFaults(f: IntercomFaultOptions | undefined): void {
    this.faults.set(f);
  }

  /** Resets in place, so a reference held by a test stays live. */
  resetCounters(): void {
    Object.assign(this.counters, zero());
  }

  record(seen: SeenRequest): void {
    this.counters.requests += 1;
    this.log.push(seen);
    if (this.log.length > LOG_SIZE) this.log.shift();
  }

  requests(): SeenRequest[] {
    return this.log.map((r) => ({ ...r }));
  }
}
