/** The simulated latencies bench:pull and bench:push both take, with the same defaults. */
export const LATENCY_OPTIONS = {
  'zendesk-latency': {
    type: 'number',
    default: 20,
    value: '<ms>',
    description: "Zendesk's added latency per request",
  },
  'sf-latency': {
    type: 'number',
    default: 10,
    value: '<ms>',
    description: "Salesforce's added latency per request",
  },
} as const;
