/**
 * Random injected failures for the GraphQL and REST endpoints, drawn once per request. With a seed
 * the sequence is reproducible, so a failing benchmark or test can be replayed exactly.
 */
import { seededRandom } from '../shared/random';
export interface FaultOptions {
  /** Share of requests answered with a 500, 502 or 503 (0..1). */
  error5xxRate?: number;
  /** Share of requests answered with a 429 and `Retry-After: 1` (0..1). */
  rate429?: number;
  seed?: number;
}

export type Fault = { kind: '5xx'; status: 500 | 502 | 503 } | { kind: '429' } | undefined;

export class FaultInjector {
  private options: FaultOptions = {};
  private random: () => number = Math.random;

  constructor(options: FaultOptions | undefined) {
    this.set(options);
  }

  set(options: FaultOptions | undefined): void {
    const o = options ?? {};
    for (const [name, rate] of [
      ['error5xxRate', o.error5xxRate],
      ['rate429', o.rate429],
    ] as const) {
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        throw new Error(`faults.${name} must be within 0..1, got ${rate}`);
    }
    if ((o.error5xxRate ?? 0) + (o.rate429 ?? 0) > 1)
      throw new Error('faults.error5xxRate + faults.rate429 must not exceed 1');
    this.options = { ...o };
    this.random = o.seed === undefined ? Math.random : seededRandom(o.seed);
  }

  /** The fault for the next request, if any. One draw decides the kind, a second the 5xx status. */
  next(): Fault {
    const e5 = this.options.error5xxRate ?? 0;
    const r429 = this.options.rate429 ?? 0;
    if (e5 === 0 && r429 === 0) return undefined;
    const r = this.random();
    if (r < e5) {
      const statuses = [500, 502, 503] as const;
      return { kind: '5xx', status: statuses[Math.floor(this.random() * statuses.length)] };
    }
    if (r < e5 + r429) return { kind: '429' };
    return undefined;
  }
}
