/**
 * The workspace's teammates and how GET /admins renders them (the `admin` and `admin_list` schemas
 * of https://github.com/intercom/Intercom-OpenAPI/blob/main/descriptions/2.16/api.intercom.io.yaml).
 * There is no status field: a removed teammate is gone from the store, so it disappears from
 * GET /admins and GET /admins/{id} answers 404 admin_not_found.
 */
import { versionAtLeast } from './versions';

export interface NewAdmin {
  name: string;
  email: string;
  job_title?: string | null;
  away_mode_enabled?: boolean;
  away_mode_reassign?: boolean;
  has_inbox_seat?: boolean;
  team_ids?: number[];
  /** Set while the admin is away for a chosen reason. */
  away_status_reason_id?: number | null;
  /** Shown by GET /me only: the list schema has no such field. */
  email_verified?: boolean;
  /** "Only present if the admin has a role assigned"; served from version 2.16 on. */
  role?: { id: string; name: string } | null;
}

export interface IntercomAdmin extends Required<Omit<NewAdmin, 'role'>> {
  type: 'admin';
  /** Intercom ids are numeric strings. */
  id: string;
  role: { id: string; name: string } | null;
}

export type AdminPatch = Partial<NewAdmin>;

/** Intercom-looking ids (numeric strings); the starting value is arbitrary. */
const FIRST_ID = 7_310_001;

export class AdminStore {
  private readonly byId = new Map<string, IntercomAdmin>();
  private nextId = FIRST_ID;

  add(a: NewAdmin): IntercomAdmin {
    const admin: IntercomAdmin = {
      type: 'admin',
      id: String(this.nextId++),
      name: a.name,
      email: a.email,
      job_title: a.job_title ?? null,
      away_mode_enabled: a.away_mode_enabled ?? false,
      away_mode_reassign: a.away_mode_reassign ?? false,
      has_inbox_seat: a.has_inbox_seat ?? true,
      team_ids: [...(a.team_ids ?? [])],
      away_status_reason_id: a.away_status_reason_id ?? null,
      email_verified: a.email_verified ?? true,
      role: a.role ?? null,
    };
    this.byId.set(admin.id, admin);
    return { ...admin };
  }

  update(id: string, patch: AdminPatch): void {
    const admin = this.byId.get(id);
    if (!admin) throw new Error(`no admin ${id}`);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.byId.set(id, { ...admin, ...defined, id, type: 'admin' });
  }

  remove(id: string): void {
    if (!this.byId.delete(id)) throw new Error(`no admin ${id}`);
  }

  get(id: string): IntercomAdmin | undefined {
    const admin = this.byId.get(id);
    return admin && { ...admin, team_ids: [...admin.team_ids] };
  }

  all(): IntercomAdmin[] {
    return [...this.byId.values()].map((a) => ({ ...a, team_ids: [...a.team_ids] }));
  }
}

/**
 * One admin as GET /admins and GET /admins/{id} return it for `version`. The 2.16 `admin` schema
 * makes only id, name, email, the away flags, has_inbox_seat and team_ids unconditional, and
 * Intercom's own example leaves the rest out: so does this. `job_title` and `away_status_reason_id`
 * appear when the admin has them; `avatar` ({type, image_url}) only with `display_avatar=true`
 * ("the response will include the admin's avatar object"); `role` only from 2.16 and only when one
 * is assigned; `email_verified` never (it belongs to GET /me). `team_priority_level` is not served.
 */
export function renderAdmin(admin: IntercomAdmin, version: string, displayAvatar: boolean) {
  const { role, job_title, away_status_reason_id, email_verified: _shownByMeOnly, ...rest } = admin;
  return {
    ...rest,
    ...(job_title ? { job_title } : {}),
    ...(away_status_reason_id !== null ? { away_status_reason_id } : {}),
    ...(displayAvatar
      ? {
          avatar: {
            type: 'avatar',
            image_url: `https://static.intercomassets.com/avatars/${admin.id}/square_128/a.png`,
          },
        }
      : {}),
    ...(role && versionAtLeast(version, '2.16') ? { role: { type: 'role', ...role } } : {}),
  };
}
