// A DNS label: letters, digits and hyphens, 1 to 63, neither first nor last a hyphen.
const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The Zendesk subdomain of what an admin typed, checked before anything is saved: `acme`,
 * `acme.zendesk.com` and `https://acme.zendesk.com/` all give `acme`. The Apex controller applies the
 * same rule again (UserSyncSourceRules.normaliseSubdomain).
 * @param {String} input what the admin typed
 * @return {String|null} the subdomain in lower case, or null when the input is not one
 */
export function normaliseSubdomain(input) {
  if (typeof input !== 'string' || input.trim() === '') {
    return null;
  }
  let value = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '');
  value = value.split('/')[0].replace(/\.zendesk\.com$/, '');
  return SUBDOMAIN.test(value) ? value : null;
}
