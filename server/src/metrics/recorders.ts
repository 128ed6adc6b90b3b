/**
 * What the rest of the companion tells the metrics, as small interfaces: the code that knows an
 * outcome records it here without depending on prom-client (metrics/companion-metrics.ts implements
 * them). Every label value is one of a short, fixed list: no ids, emails or messages.
 */

/**
 * The providers whose HTTP requests are counted: those the companion reaches through its HttpClient.
 * Salesforce is reached through jsforce, which keeps no such counters.
 */
export type Provider = 'iadvize' | 'zendesk' | 'intercom';

/** The live counters an HttpClient keeps (lib/http-client.ts); read, never written, by the metrics. */
export interface RequestCounters {
  readonly requests: number;
  readonly retries: number;
  readonly rateLimited: number;
}

export interface RequestRecorder {
  /**
   * Counts a client's requests, retries and 429 waits from now on. Returns the release to call when
   * the client is no longer used (a run's end): what it counted until then is kept.
   */
  watch(provider: Provider, counters: RequestCounters): () => void;
}

/** A run that finished (or could not start), with what it came to and how long it took. */
export interface RunRecorder {
  record(subject: string, status: string, seconds: number): void;
}

export interface ProvisioningRecorder {
  /** One sync request decided: Created, Linked, Skipped or Failed. */
  outcome(status: string): void;
  /** A status written back to the user, `seconds` after its request was published. */
  writtenBack(seconds: number): void;
}

export const noRequests: RequestRecorder = { watch: () => () => undefined };
export const noRuns: RunRecorder = { record: () => undefined };
