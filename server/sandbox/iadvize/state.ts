/**
 * Everything the sandbox holds, and the handle tests use to arrange and inspect it: operators,
 * issued tokens, fault settings and request counters.
 */
import { FaultInjector, FaultOptions } from './faults';
import { OperatorStore, SandboxOperator, SandboxRole } from './operators';
import { TokenStore } from './tokens';

export interface SeedOperator {
  email: string;
  firstName?: string;
  lastName: string;
  pseudo?: string;
  role?: SandboxRole;
  externalId?: string;
}

export interface IAdvizeCounters {
  /** Requests to POST /oauth2/token, whatever their outcome. */
  token: number;
  /** Requests to /graphql, whatever their outcome (faults, 401, 429 included). */
  graphql: number;
  /** Requests under /api/2, whatever their outcome. */
  rest: number;
  /** Operators created through the API (seeded ones are not counted). */
  created: number;
  faults5xx: number;
  /** Injected 429s (faults.rate429) and per-minute rate-limit refusals. */
  faults429: number;
  /** Logins refused by the per-user or per-IP login limit. */
  loginLimited: number;
  /**
   * Operations actually executed (after faults, rate limit and authentication): GraphQL root fields
   * (`professionalCreate`, `professional`) and REST routes (`GET /operator`, `GET /operator/{id}`).
   */
  byOperation: Record<string, number>;
}

export interface IAdvizeState {
  /** Adds an operator as if created in the admin UI; pseudo defaults to the first (else last) name. */
  seedOperator(op: SeedOperator): SandboxOperator;
  /** All operators in id order, the API user (an admin) included. */
  operators(): SandboxOperator[];
  operatorByEmail(email: string): SandboxOperator | undefined;
  /** Every issued token becomes invalid_token. */
  expireAllTokens(): void;
  setFaults(f: FaultOptions | undefined): void;
  readonly counters: IAdvizeCounters;
  resetCounters(): void;
}

const zeroCounters = (): IAdvizeCounters => ({
  token: 0,
  graphql: 0,
  rest: 0,
  created: 0,
  faults5xx: 0,
  faults429: 0,
  loginLimited: 0,
  byOperation: {},
});

export class Tenant implements IAdvizeState {
  readonly store: OperatorStore;
  readonly tokens: TokenStore;
  readonly faults: FaultInjector;
  readonly counters: IAdvizeCounters = zeroCounters();

  constructor(options: { now: () => number; faults?: FaultOptions }) {
    this.store = new OperatorStore(options.now);
    this.tokens = new TokenStore(options.now);
    this.faults = new FaultInjector(options.faults);
  }

  seedOperator(op: SeedOperator): SandboxOperator {
    return this.store.add({
      email: op.email,
      firstName: op.firstName,
      lastName: op.lastName,
      pseudo: op.pseudo ?? op.firstName ?? op.lastName,
      role: op.role ?? 'operator',
      externalId: op.externalId,
      interfaceLanguage: 'en',
      spokenLanguages: [],
      projectIds: [],
      skillIds: [],
    });
  }

  operators(): SandboxOperator[] {
    return this.store.all();
  }

  operatorByEmail(email: string): SandboxOperator | undefined {
    return this.store.byEmail(email);
  }

  expireAllTokens(): void {
    this.tokens.expireAll();
  }

  setFaults(f: FaultOptions | undefined): void {
    this.faults.set(f);
  }

  count(operation: string): void {
    this.counters.byOperation[operation] = (this.counters.byOperation[operation] ?? 0) + 1;
  }

  /** Resets in place, so a reference held by a test stays live. */
  resetCounters(): void {
    Object.assign(this.counters, zeroCounters());
  }
}
