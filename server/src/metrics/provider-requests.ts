import { Counter, type Registry } from 'prom-client';
import type { Provider, RequestCounters, RequestRecorder } from './recorders';

const PROVIDERS: Provider[] = ['iadvize', 'zendesk', 'intercom'];

interface Watched {
  provider: Provider;
  counters: RequestCounters;
  seen: { requests: number; retries: number; rateLimited: number };
}

/**
 * Requests, retries and 429 waits per provider, read from the HttpClients' own counters: at each
 * scrape, whatever each watched client counted since the last one is added. A client created for one
 * run is released at its end (its last figures added, then forgotten), so nothing is held for ever.
 */
export class ProviderRequests implements RequestRecorder {
  private readonly watched = new Set<Watched>();
  private readonly requests: Counter<'provider'>;
  private readonly retries: Counter<'provider'>;
  private readonly waits: Counter<'provider'>;

  constructor(registry: Registry) {
    const collect = () => this.flushAll();
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['provider'], registers: [registry], collect });
    this.requests = counter(
      'usersync_provider_requests_total',
      'HTTP requests sent to a provider, each retry and each repeat after a 429 included.',
    );
    this.retries = counter(
      'usersync_provider_retries_total',
      'Requests sent again: after a failure (5xx, timeout, network error) or after waiting out a 429.',
    );
    this.waits = counter(
      'usersync_provider_rate_limit_waits_total',
      'Times a provider answered 429 and the request waited (Retry-After) instead of failing.',
    );
    for (const provider of PROVIDERS)
      for (const metric of [this.requests, this.retries, this.waits]) metric.inc({ provider }, 0);
  }

  watch(provider: Provider, counters: RequestCounters): () => void {
    const entry: Watched = { provider, counters, seen: { requests: 0, retries: 0, rateLimited: 0 } };
    this.watched.add(entry);
    return () => {
      if (!this.watched.delete(entry)) return;
      this.flush(entry);
    };
  }

  private flushAll(): void {
    for (const entry of this.watched) this.flush(entry);
  }

  private flush({ provider, counters, seen }: Watched): void {
    const now = { requests: counters.requests, retries: counters.retries, rateLimited: counters.rateLimited };
    this.requests.inc({ provider }, Math.max(0, now.requests - seen.requests));
    this.retries.inc({ provider }, Math.max(0, now.retries - seen.retries));
    this.waits.inc({ provider }, Math.max(0, now.rateLimited - seen.rateLimited));
    Object.assign(seen, now);
  }
}
