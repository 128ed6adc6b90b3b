/**
 * The account's users, in id order. Ids only grow, so appending keeps the array sorted and a cursor
 * ("after id N") stays valid however the set changes meanwhile: no user is skipped or repeated
 * between pages, which is what cursor pagination promises. One plain object per
 * user and one Map entry: tens of thousands seed in milliseconds.
 */
export type ZendeskRole = 'end-user' | 'agent' | 'admin';

/** The Users JSON fields the companion reads, with the usual neighbours. */
export interface ZendeskUser {
  id: number;
  url: string;
  name: string;
  email: string | null;
  role: ZendeskRole;
  /** [doc] 0 custom agent, 1 light agent, 2 chat agent, 3 contributor, 4 admin, 5 billing admin. */
  role_type: number | null;
  custom_role_id: number | null;
  /** [doc] "false if the user has been deleted". */
  active: boolean;
  suspended: boolean;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  time_zone: string;
  locale: string;
  verified: boolean;
  shared: boolean;
  shared_agent: boolean;
  restricted_agent: boolean;
  organization_id: number | null;
  tags: string[];
  user_fields: Record<string, unknown>;
  alias: string | null;
  details: string | null;
  notes: string | null;
  phone: string | null;
}

export interface NewUser {
  name: string;
  /** null for a user created without an email (an end user known by external id only). */
  email: string | null;
  role: ZendeskRole;
  custom_role_id?: number | null;
  role_type?: number | null;
  active?: boolean;
  suspended?: boolean;
  external_id?: string | null;
  verified?: boolean;
}

export type UserPatch = Partial<
  Pick<
    ZendeskUser,
    | 'name'
    | 'email'
    | 'role'
    | 'role_type'
    | 'custom_role_id'
    | 'suspended'
    | 'external_id'
    | 'verified'
    | 'alias'
    | 'details'
    | 'notes'
    | 'phone'
    | 'time_zone'
    | 'locale'
    | 'organization_id'
    | 'tags'
    | 'user_fields'
  >
>;

/** Emails and external ids are looked up without regard to case, as Zendesk does. */
const folded = (value: string): string => value.trim().toLowerCase();

/** Zendesk timestamps are whole seconds in UTC ("2024-05-01T10:00:00Z"). */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * [inferred] role_type when none is given: admins 4, agents with a custom role 0, plain agents and end
 * users null (the docs list the values, not the defaults on non-Enterprise plans).
 */
function defaultRoleType(role: ZendeskRole, customRoleId: number | null): number | null {
  if (role === 'admin') return 4;
  if (role === 'agent' && customRoleId !== null) return 0;
  return null;
}

export class UserStore {
  private readonly list: ZendeskUser[] = [];
  private readonly index = new Map<number, number>();
  private readonly deleted = new Set<number>();
  /** Live users by folded email (primary and secondary identities) and by folded external id. */
  private readonly emails = new Map<string, number>();
  private readonly externalIds = new Map<string, number>();
  /** Email identities added to a user after its creation (an update that sends another email). */
  private readonly secondary = new Map<number, string[]>();
  // Large, Zendesk-looking ids that stay exact in a JS number.
  private nextId = 360_000_000_001;

  constructor(
    private readonly now: () => number,
    private readonly urlOf: (id: number) => string,
  ) {}

  add(u: NewUser): ZendeskUser {
    const id = this.nextId++;
    const at = isoSeconds(this.now());
    const customRoleId = u.role === 'end-user' ? null : (u.custom_role_id ?? null);
    const user: ZendeskUser = {
      id,
      url: this.urlOf(id),
      name: u.name,
      email: u.email,
      role: u.role,
      role_type: u.role_type !== undefined ? u.role_type : defaultRoleType(u.role, customRoleId),
      custom_role_id: customRoleId,
      active: u.active ?? true,
      suspended: u.suspended ?? false,
      external_id: u.external_id ?? null,
      created_at: at,
      updated_at: at,
      last_login_at: null,
      time_zone: 'UTC',
      locale: 'en-US',
      verified: u.verified ?? true,
      shared: false,
      shared_agent: false,
      restricted_agent: false,
      organization_id: null,
      tags: [],
      user_fields: {},
      alias: null,
      details: null,
      notes: null,
      phone: null,
    };
    this.index.set(id, this.list.length);
    this.list.push(user);
    this.indexIdentities(user);
    return user;
  }

  get(id: number): ZendeskUser | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.list[i];
  }

  isDeleted(id: number): boolean {
    return this.deleted.has(id);
  }

  update(id: number, patch: UserPatch): ZendeskUser {
    const user = this.get(id);
    if (!user || this.deleted.has(id)) throw new Error(`no live user ${id}`);
    this.unindexIdentities(user);
    Object.assign(user, patch);
    this.indexIdentities(user);
    if (patch.role === 'end-user') user.custom_role_id = null;
    if (patch.role_type === undefined && (patch.role !== undefined || patch.custom_role_id !== undefined))
      user.role_type = defaultRoleType(user.role, user.custom_role_id);
    user.updated_at = isoSeconds(this.now());
    return user;
  }

  /**
   * [doc] a deleted user keeps its record with `active: false` (soft delete, visible through
   * `GET /users/{id}` and `GET /deleted_users/{id}`). [inferred] it no longer appears in `GET /users`.
   */
  softDelete(id: number): void {
    const user = this.get(id);
    if (!user || this.deleted.has(id)) throw new Error(`no live user ${id}`);
    this.unindexIdentities(user);
    user.active = false;
    user.updated_at = isoSeconds(this.now());
    this.deleted.add(id);
  }

  /** The live user whose primary or secondary email is `email`, whatever its case. */
  byEmail(email: string): ZendeskUser | undefined {
    const id = this.emails.get(folded(email));
    return id === undefined ? undefined : this.get(id);
  }

  /** [doc] "external_id lookup ignores case but stores the case sent". */
  byExternalId(externalId: string): ZendeskUser | undefined {
    const id = this.externalIds.get(folded(externalId));
    return id === undefined ? undefined : this.get(id);
  }

  /**
   * [doc] email is writable on create only: an update that sends another email adds a secondary
   * identity and leaves the primary email as it was.
   */
  addSecondaryEmail(id: number, email: string): void {
    const user = this.get(id);
    if (!user || this.deleted.has(id)) throw new Error(`no live user ${id}`);
    const known = [user.email, ...(this.secondary.get(id) ?? [])].filter(Boolean).map((e) => folded(e!));
    if (known.includes(folded(email))) return;
    this.secondary.set(id, [...(this.secondary.get(id) ?? []), email]);
    this.emails.set(folded(email), id);
    user.updated_at = isoSeconds(this.now());
  }

  /** Every email identity of a user, the primary first. */
  emailIdentities(id: number): string[] {
    const user = this.get(id);
    if (!user) return [];
    return [...(user.email ? [user.email] : []), ...(this.secondary.get(id) ?? [])];
  }

  private indexIdentities(user: ZendeskUser): void {
    if (this.deleted.has(user.id)) return;
    if (user.email) this.emails.set(folded(user.email), user.id);
    for (const email of this.secondary.get(user.id) ?? []) this.emails.set(folded(email), user.id);
    if (user.external_id) this.externalIds.set(folded(user.external_id), user.id);
  }

  private unindexIdentities(user: ZendeskUser): void {
    for (const email of [user.email, ...(this.secondary.get(user.id) ?? [])])
      if (email && this.emails.get(folded(email)) === user.id) this.emails.delete(folded(email));
    if (user.external_id && this.externalIds.get(folded(user.external_id)) === user.id)
      this.externalIds.delete(folded(user.external_id));
  }

  /** Every user ever added, soft-deleted ones included (active: false), in id order. */
  all(): readonly ZendeskUser[] {
    return this.list;
  }

  /** Position of the first user whose id is greater than `id` (binary search; ids are sorted). */
  firstAfter(id: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.list[mid].id <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the first user whose id is at least `id`. */
  firstAtOrAfter(id: number): number {
    return this.firstAfter(id - 1);
  }
}
