/** The providers an admin connects through the browser (docs/architecture.md, the source directory flow). */
export const PROVIDERS = ['zendesk', 'intercom'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** What the companion is told once a provider's tokens are stored. */
export type ConnectedEvent =
  | {
      provider: 'zendesk';
      subdomain: string;
      /** The scope Zendesk granted (read, or read write when asked for a push). */
      scope?: string;
    }
  | { provider: 'intercom' };
