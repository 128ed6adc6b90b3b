/** The shapes the rest of the companion sees: camelCase, validated, only what it uses. */

export type TeamRole = 'agent' | 'admin';

/** A Zendesk user in one of the chosen team roles. */
export interface ZendeskTeamUser {
  id: number;
  name: string;
  /** Primary email; null for users without one. */
  email: string | null;
  role: TeamRole;
  /** 0 custom agent, 1 light agent, 2 chat agent, 3 contributor, 4 admin, 5 billing admin. */
  roleType: number | null;
  customRoleId: number | null;
  /** false once deleted. */
  active: boolean;
  suspended: boolean;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A record the listing returned but the companion cannot read: reported, never dropped silently. */
export interface InvalidUserRecord {
  /** Present when the record had a readable id. */
  id?: number;
  reason: string;
}

export interface TeamUsersPage {
  /** Users of the chosen roles, each re-checked here (the API's filter is not trusted alone). */
  users: ZendeskTeamUser[];
  invalid: InvalidUserRecord[];
  /** Readable records outside the chosen roles (end users a filter let through): dropped by design. */
  excluded: number;
}

export interface TeamUserFilter {
  roles: TeamRole[];
  customRoleIds: number[];
}

export interface CustomRole {
  id: number;
  name: string;
  description: string | null;
}

/** An OAuth token pair as the companion stores it. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** When the access token ends (epoch ms). */
  expiresAtMs: number;
  /** When the refresh token ends (epoch ms), if Zendesk said. */
  refreshExpiresAtMs?: number;
  scope: string;
}
