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
}

export interface NewUser {
  name: string;
  email: string;
  role: ZendeskRole;
  custom_role_id?: number | null;
  role_type?: number | null;
  active?: boolean;
  suspended?: boolean;
  external_id?: string | null;
}

export type UserPatch = Partial<
  Pick<ZendeskUser, 'name' | 'email' | 'role' | 'role_type' | 'custom_role_id' | 'suspended' | 'external_id'>
>;

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
      verified: true,
      shared: false,
      shared_agent: false,
      restricted_agent: false,
      organization_id: null,
      tags: [],
      user_fields: {},
    };
    this.index.set(id, this.list.length);
    this.list.push(user);
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
    Object.assign(user, patch);
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
    user.active = false;
    user.updated_at = isoSeconds(this.now());
    this.deleted.add(id);
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
