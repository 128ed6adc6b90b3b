import type { SalesforceUser, SourceUser } from './types';

export const normal = (value: string | null | undefined): string | null =>
  value?.trim().toLowerCase() || null;

/**
 * Active Salesforce users a source user could be linked to, by email and by the User field chosen
 * to match the primary identifier. Filled from Salesforce before or during a run; read without I/O.
 */
export class SalesforceUserIndex {
  private readonly byEmail = new Map<string, SalesforceUser[]>();
  private readonly byMatch = new Map<string, SalesforceUser[]>();
  private readonly known = new Set<string>();

  constructor(users: Iterable<SalesforceUser> = []) {
    this.add(users);
  }

  add(users: Iterable<SalesforceUser>): void {
    for (const user of users) {
      if (!user.isActive || this.known.has(user.id)) continue;
      this.known.add(user.id);
      push(this.byEmail, normal(user.email), user);
      push(this.byMatch, normal(user.matchValue), user);
    }
  }

  /** The primary identifier decides first; the email only when the identifier finds nobody. */
  candidates(user: Pick<SourceUser, 'email' | 'primaryIdentifier'>): SalesforceUser[] {
    const identifier = normal(user.primaryIdentifier);
    const email = normal(user.email);
    return (identifier && this.byMatch.get(identifier)) || (email && this.byEmail.get(email)) || [];
  }
}

function push(map: Map<string, SalesforceUser[]>, key: string | null, user: SalesforceUser): void {
  if (key === null) return;
  const list = map.get(key);
  if (list) list.push(user);
  else map.set(key, [user]);
}
