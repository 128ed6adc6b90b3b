/**
 * The Zendesk subdomain an admin types ("abc-energy" for https://abc-energy.zendesk.com),
 * checked BEFORE any URL is built from it (docs/architecture.md, reliability rules): a value with a
 * dot, slash, `@`, port or unicode could otherwise point the OAuth redirect or the API token at
 * another host.
 *
 * [inferred] The rules are those of a DNS label (RFC 1035/1123): ASCII letters, digits and hyphens,
 * 1 to 63 characters, no hyphen first or last. Zendesk does not publish its own limits; anything it
 * accepts fits in a label, since it becomes one. Letters are lower-cased (host names are
 * case-insensitive) and surrounding spaces trimmed; nothing else is repaired: a pasted URL is
 * refused with a hint rather than guessed at.
 */
import { err, ok, type Result } from '../../lib/result';

declare const validSubdomain: unique symbol;
/** A subdomain that passed parseSubdomain: the only kind a URL may be built from. */
export type ZendeskSubdomain = string & { readonly [validSubdomain]: true };

export const SUBDOMAIN_MAX_LENGTH = 63;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function parseSubdomain(input: unknown): Result<ZendeskSubdomain, string> {
  if (typeof input !== 'string') return err('the Zendesk subdomain must be text');
  const value = input.trim().toLowerCase();
  if (value === '') return err('the Zendesk subdomain is empty');
  if (value.length > SUBDOMAIN_MAX_LENGTH)
    return err(`the Zendesk subdomain is longer than ${SUBDOMAIN_MAX_LENGTH} characters`);
  if (/[./:@]/.test(value))
    return err(
      'enter only the subdomain: "abc-energy" for https://abc-energy.zendesk.com (no dots, slashes or @)',
    );
  if (!LABEL.test(value))
    return err(
      'the Zendesk subdomain may contain only letters, digits and hyphens, and may not start or end with a hyphen',
    );
  return ok(value as ZendeskSubdomain);
}

/** https://{subdomain}.zendesk.com. */
export const zendeskBaseUrl = (subdomain: ZendeskSubdomain): string => `https://${subdomain}.zendesk.com`;
