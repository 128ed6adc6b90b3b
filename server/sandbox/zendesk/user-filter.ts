/**
 * The filters of `GET /api/v2/users`: `role` / `role[]` ("end-user", "agent",
 * "admin", or a custom role name), `permission_set` (one custom role id per request) and
 * `external_id` (exact; [doc] "case insensitive"). Filters combine with AND; several roles
 * combine with OR. Soft-deleted users are never listed ([inferred], users.ts).
 * [inferred] an unknown role value (e.g. the `role=agent,admin` some libraries send) matches nothing.
 */
import { CustomRoleStore } from './custom-roles';
import { ZendeskUser } from './users';

const BUILT_IN = new Set(['end-user', 'agent', 'admin']);

export type UserFilter = (u: ZendeskUser) => boolean;

export function parseUserFilter(
  q: URLSearchParams,
  roles: CustomRoleStore,
  isDeleted: (id: number) => boolean,
  ignoreRoleFilter: boolean,
): { ok: true; value: UserFilter } | { ok: false; error: string } {
  const roleValues = [...q.getAll('role'), ...q.getAll('role[]')];
  const builtIn = new Set<string>();
  const customIds = new Set<number>();
  for (const value of roleValues) {
    if (BUILT_IN.has(value)) builtIn.add(value);
    else {
      const role = roles.byName(value);
      if (role) customIds.add(role.id);
    }
  }
  const permissionText = q.get('permission_set');
  if (permissionText !== null && !/^\d{1,18}$/.test(permissionText))
    return { ok: false, error: 'permission_set must be a custom role id' };
  const permissionSet = permissionText === null ? undefined : Number(permissionText);
  const externalId = q.get('external_id')?.toLowerCase();

  const byRole = roleValues.length > 0 && !ignoreRoleFilter;
  const byPermission = permissionSet !== undefined && !ignoreRoleFilter;
  return {
    ok: true,
    value: (u) =>
      !isDeleted(u.id) &&
      (!byRole || builtIn.has(u.role) || (u.custom_role_id !== null && customIds.has(u.custom_role_id))) &&
      (!byPermission || u.custom_role_id === permissionSet) &&
      (externalId === undefined || u.external_id?.toLowerCase() === externalId),
  };
}
