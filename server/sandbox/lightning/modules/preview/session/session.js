/*
 * The Lightning session of the page: who the page runs as, the access token the org issued for them
 * and the custom permissions they hold, written into the page by the sandbox org (as Lightning
 * Experience knows its user before any component loads).
 */
const EMPTY = { userId: null, token: null, customPermissions: [], users: [], tabs: [], tab: null };

/** The page's session, as the org wrote it. */
export function session() {
  return globalThis.__sfSession || EMPTY;
}

/** `@salesforce/customPermission/Name`: true when the user holds it, else undefined (as Lightning). */
export function hasCustomPermission(name) {
  return session().customPermissions.includes(name) ? true : undefined;
}
