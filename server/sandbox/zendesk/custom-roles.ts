/**
 * Custom agent roles (Enterprise,
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/custom_roles/):
 * custom-role users are `role: "agent"` with `custom_role_id`, and the roles are listed by
 * `GET /api/v2/custom_roles`. [inferred] the JSON carries the fields the companion needs (id, name,
 * description, role_type, timestamps); the permission `configuration` object of the real API is
 * left out.
 */
import { isoSeconds } from './users';

export interface CustomRole {
  id: number;
  name: string;
  description: string;
  role_type: 0;
  team_member_count: number;
  created_at: string;
  updated_at: string;
}

export class CustomRoleStore {
  private readonly roles: CustomRole[] = [];
  private nextId = 360_000_100_001;

  constructor(private readonly now: () => number) {}

  add(name: string, description = ''): CustomRole {
    const at = isoSeconds(this.now());
    const role: CustomRole = {
      id: this.nextId++,
      name,
      description,
      role_type: 0,
      team_member_count: 0,
      created_at: at,
      updated_at: at,
    };
    this.roles.push(role);
    return role;
  }

  get(id: number): CustomRole | undefined {
    return this.roles.find((r) => r.id === id);
  }

  /** [inferred] role names match case-insensitively, as Zendesk names are unique regardless of case. */
  byName(name: string): CustomRole | undefined {
    const key = name.toLowerCase();
    return this.roles.find((r) => r.name.toLowerCase() === key);
  }

  all(): readonly CustomRole[] {
    return this.roles;
  }
}
