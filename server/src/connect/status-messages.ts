/**
 * What the companion writes to `Connection_Status__c` about a connection: short (the field holds 255
 * characters), in the admin's words, with the catalogue code where there is something to look up.
 * Never a token, an email or a link's signature.
 */
import { SOURCE_LABEL } from '../directory/types';
import { ERRORS } from '../lib/errors';
import { LINK_TTL_MS } from './signed-link';
import type { Provider } from './types';

/** "2026-11-22 10:00 UTC": minutes are enough for an admin, and UTC is unambiguous. */
export const utcMinute = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const account = (provider: Provider, subdomain?: string): string =>
  provider === 'zendesk' && subdomain ? `${subdomain}.zendesk.com` : SOURCE_LABEL[provider];

export const linkIssuedStatus = (expiresAt: Date): string =>
  `Open the connect link within ${LINK_TTL_MS / 60_000} minutes (until ${utcMinute(expiresAt)}).`;

export const connectedStatus = (provider: Provider, at: Date, subdomain?: string): string =>
  `Connected to ${account(provider, subdomain)} on ${utcMinute(at)}.`;

/** After a run that listed the source completely: the connection works, whatever it said before. */
export const listedStatus = (provider: Provider, at: Date, subdomain?: string): string =>
  `Connected to ${account(provider, subdomain)}; last listed ${utcMinute(at)}.`;

export const notConfiguredStatus = (provider: Provider): string =>
  `${ERRORS.OAUTH_NOT_CONFIGURED.message} (${SOURCE_LABEL[provider]}): set TOKEN_ENCRYPTION_KEY, PUBLIC_URL and ` +
  `${provider.toUpperCase()}_CLIENT_ID / _SECRET on the companion. [OAUTH_NOT_CONFIGURED]`;

export const reconnectStatus = (provider: Provider): string =>
  `${SOURCE_LABEL[provider]} refused the stored authorization: click Connect to connect again. [OAUTH_RECONNECT_REQUIRED]`;

export const accountMismatchStatus = (stored: string, wanted: string): string =>
  `Zendesk is connected to another account (${stored}.zendesk.com, the settings name ${wanted}.zendesk.com): ` +
  'connect again. [OAUTH_ACCOUNT_MISMATCH]';

export const unreadableTokensStatus = (provider: Provider): string =>
  `The stored ${SOURCE_LABEL[provider]} tokens cannot be decrypted (another TOKEN_ENCRYPTION_KEY?): connect again. [TOKENS_UNREADABLE]`;
