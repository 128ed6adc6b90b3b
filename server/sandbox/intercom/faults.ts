/**
 * Injected 5xx answers on the REST API, drawn once per request before authentication, so a fault
 * never hides an applied change. With a seed the sequence is reproducible. A 500 is Intercom's JSON
 * envelope; 502/503 are HTML pages, as a proxy in front would send them ([inferred] shapes).
 */
import { NextFunction, Request, Response } from 'express';
import { htmlErrorPage } from '../iadvize/gateway';
import { seededRandom } from '../shared/random';
import { sendErrorList } from './error-list';

export interface IntercomFaultOptions {
  /** Share of API requests answered with a 500, 502 or 503 (0..1). */
  error5xxRate?: number;
  seed?: number;
}

export class FaultInjector {
  private rate = 0;
  private random: () => number = Math.random;

  constructor(options: IntercomFaultOptions | undefined) {
    this.set(options);
  }

  set(options: IntercomFaultOptions | undefined): void {
    const rate = options?.error5xxRate ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new Error(`faults.error5xxRate must be within 0..1, got ${rate}`);
    this.rate = rate;
    this.random = options?.seed === undefined ? Math.random : seededRandom(options.seed);
  }

  /** The status of the next injected failure, if this request gets one. */
  next(): 500 | 502 | 503 | undefined {
    if (this.rate === 0 || this.random() >= this.rate) return undefined;
    return ([500, 502, 503] as const)[Math.floor(this.random() * 3)];
  }
}

const REASONS = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' } as const;

export function injectFaults(faults: FaultInjector, onFault: () => void) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const status = faults.next();
    if (status === undefined) return next();
    onFault();
    if (status === 500) return sendErrorList(res, 500, 'server_error', 'An unexpected error occurred');
    res.status(status).type('html').send(htmlErrorPage(status, REASONS[status]));
  };
}
