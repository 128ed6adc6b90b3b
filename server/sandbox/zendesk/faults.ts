/**
 * Injected failures, so the companion's retry, backoff and "incomplete listing" paths are observable.
 * With a seed the random draws are reproducible.
 */
import { seededRandom } from '../shared/random';
export interface ZendeskFaultOptions {
  /** Share of API requests answered with a 500, 502 or 503 (0..1). */
  error5xxRate?: number;
  /** Share of API requests answered with the edge-protection 429 (0..1). */
  edge429Rate?: number;
  seed?: number;
  /** Every request for page N (1-based) of a user listing answers 500, however often it is retried. */
  failPage?: number;
  /**
   * The role filters (`role`, `role[]`, `permission_set`) are ignored and every user is listed, end
   * users included: the misbehaviour seen with clients whose filter never reached
   * Zendesk. Lets tests prove the companion re-checks roles itself.
   */
  ignoreRoleFilter?: boolean;
}

export type Fault = { kind: '5xx'; status: 500 | 502 | 503 } | { kind: 'edge429' } | undefined;

export class FaultInjector {
  private options: ZendeskFaultOptions = {};
  private random: () => number = Math.random;

  constructor(options: ZendeskFaultOptions | undefined) {
    this.set(options);
  }

  set(options: ZendeskFaultOptions | undefined): void {
    const o = options ?? {};
    for (const [name, rate] of [
      ['error5xxRate', o.error5xxRate],
      ['edge429Rate', o.edge429Rate],
    ] as const) {
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        throw new Error(`faults.${name} must be within 0..1, got ${rate}`);
    }
    if ((o.error5xxRate ?? 0) + (o.edge429Rate ?? 0) > 1)
      throw new Error('faults.error5xxRate + faults.edge429Rate must not exceed 1');
    if (o.failPage !== undefined && !(Number.isInteger(o.failPage) && o.failPage >= 1))
      throw new Error(`faults.failPage must be a page number from 1, got ${o.failPage}`);
    this.options = { ...o };
    this.random = o.seed === undefined ? Math.random : seededRandom(o.seed);
  }

  get failPage(): number | undefined {
    return this.options.failPage;
  }

  get ignoreRoleFilter(): boolean {
    return this.options.ignoreRoleFilter === true;
  }

  /** The random fault for the next API request, if any: one draw for the kind, one for the status. */
  next(): Fault {
    const e5 = this.options.error5xxRate ?? 0;
    const edge = this.options.edge429Rate ?? 0;
    if (e5 === 0 && edge === 0) return undefined;
    const r = this.random();
    if (r < e5) {
      const statuses = [500, 502, 503] as const;
      return { kind: '5xx', status: statuses[Math.floor(this.random() * statuses.length)] };
    }
    if (r < e5 + edge) return { kind: 'edge429' };
    return undefined;
  }
}
