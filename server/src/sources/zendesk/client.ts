/**
 * The Zendesk source: lists the support team (agents, admins, custom-role agents) and custom roles
 * for the directory pull. Read-only by design: the source is the source of truth.
 */
import { z } from 'zod';
import { CompanionError } from '../../lib/errors';
import { HttpClient } from '../../lib/http-client';
import { ZendeskError } from './errors';
import { resolveOptions, type ZendeskClientOptions } from './client-options';
import { customRolesUrl } from './requests';
import { parseCustomRoles } from './responses';
import { listTeamUsers, type ListingDeps } from './team-users';
import { authorizedGet } from './transport';
import type { CustomRole, TeamUserFilter, TeamUsersPage } from './types';

const filterSchema = z
  .object({
    roles: z.array(z.enum(['agent', 'admin'])),
    customRoleIds: z.array(z.number().int().positive()),
  })
  .refine((f) => f.roles.length + f.customRoleIds.length > 0, 'choose at least one role to import');

export class ZendeskClient {
  readonly baseUrl: string;
  readonly http: HttpClient;
  private readonly deps: ListingDeps;

  constructor(private readonly options: ZendeskClientOptions) {
    const resolved = resolveOptions(options);
    this.baseUrl = resolved.baseUrl;
    this.http = new HttpClient({
      name: 'zendesk',
      logger: options.logger,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...options.http,
    });
    this.deps = {
      http: this.http,
      tokens: options.tokens,
      baseUrl: this.baseUrl,
      logger: options.logger,
      maxPages: resolved.maxPages,
    };
  }

  /**
   * The chosen team, page by page (team-users.ts). Throws CONFIG_INVALID for an empty or malformed
   * filter, ZendeskListingIncompleteError when the listing cannot reach its end.
   */
  listTeamUsers(filter: TeamUserFilter): AsyncGenerator<TeamUsersPage> {
    const parsed = filterSchema.safeParse(filter);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => i.message).join('; ');
      // A generator that fails on its first next(), like every other listing failure.
      return (async function* (): AsyncGenerator<TeamUsersPage> {
        throw new CompanionError('CONFIG_INVALID', `Zendesk roles to import: ${detail}`);
      })();
    }
    return listTeamUsers(this.deps, parsed.data);
  }

  /** `GET /api/v2/custom_roles` (Enterprise), for the role picker. Throws ZendeskError. */
  async listCustomRoles(): Promise<CustomRole[]> {
    const res = await authorizedGet(
      this.http,
      this.options.tokens,
      'list custom roles',
      customRolesUrl(this.baseUrl),
    );
    const roles = parseCustomRoles(res);
    if (!roles.ok) throw new ZendeskError('list custom roles', roles.error);
    return roles.value;
  }
}
