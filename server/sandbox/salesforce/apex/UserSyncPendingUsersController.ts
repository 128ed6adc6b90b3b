/**
 * UserSyncPendingUsersController on the sandbox org: the directory rows with their suggested users,
 * the profiles and defaults for new users, drafts, linking rows to existing users and creating users.
 */
import { requireActivateUsers } from './access';
import {
  MAX_ROWS,
  activationProblem,
  linkTargetProblem,
  rowResults,
  type NewUserRequest,
} from './activation-rules';
import {
  createUsers,
  defaults,
  drafts,
  linkedRow,
  messageRow,
  profileOptions,
  updateRows,
} from './new-users';
import { auraError, idArg, soqlList, stringArg, type ApexClassEmulation, type ApexContext } from './runtime';

const STATUSES = ['Pending', 'Active', 'Deactivated'];
const SOURCE_VALUES: Record<string, string> = { zendesk: 'Zendesk', intercom: 'Intercom' };
const MAX_LIST = 2000;

function requireRowCount(items: unknown): unknown[] {
  if (!Array.isArray(items) || items.length === 0) throw auraError('Select at least one user.');
  if (items.length > MAX_ROWS)
    throw auraError(`Select at most ${MAX_ROWS} users at once (${items.length} selected).`);
  return items;
}

function getPendingUsers(ctx: ApexContext, sourceArg: unknown, statusArg: unknown) {
  const source = stringArg(sourceArg)?.trim() || null;
  const status = stringArg(statusArg)?.trim() || null;
  if (source !== null && !(source in SOURCE_VALUES))
    throw auraError(`Unknown source "${source}": expected zendesk or intercom.`);
  if (status !== null && !STATUSES.includes(status))
    throw auraError(`Unknown status "${status}": expected Pending, Active or Deactivated.`);
  const sources = source === null ? Object.values(SOURCE_VALUES) : [SOURCE_VALUES[source]];
  const rows = ctx.query(
    'SELECT Id, Name, Email__c, Source__c, Status__c, Role__c, Primary_Identifier__c, Activation_Message__c, ' +
      `User__c, User__r.Name FROM External_User__c WHERE Source__c IN ${soqlList(sources)} ` +
      `AND Status__c IN ${soqlList(status === null ? STATUSES : [status])} ORDER BY Name LIMIT ${MAX_LIST}`,
  );
  // UserSyncDirectoryRows: the oldest active internal user with the row's email is suggested.
  const emails = new Set(
    rows
      .filter((r) => !r.User__c && typeof r.Email__c === 'string')
      .map((r) => String(r.Email__c).toLowerCase()),
  );
  const suggestions = new Map<string, Record<string, unknown>>();
  if (emails.size > 0)
    for (const user of ctx.query(
      `SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' AND Email IN ${soqlList(emails)} ORDER BY CreatedDate`,
    )) {
      const key = String(user.Email).toLowerCase();
      if (!suggestions.has(key)) suggestions.set(key, user);
    }
  return rows.map((row) => {
    const suggestion =
      row.User__c || typeof row.Email__c !== 'string'
        ? undefined
        : suggestions.get(row.Email__c.toLowerCase());
    const user = row.User__r as Record<string, unknown> | null;
    return {
      id: row.Id,
      name: row.Name,
      email: row.Email__c,
      source: row.Source__c,
      status: row.Status__c,
      role: row.Role__c,
      primaryIdentifier: row.Primary_Identifier__c,
      activationMessage: row.Activation_Message__c,
      userId: row.User__c,
      userName: user ? user.Name : null,
      suggestedUserId: suggestion ? suggestion.Id : null,
      suggestedUserName: suggestion ? suggestion.Name : null,
    };
  });
}

function linkUsers(ctx: ApexContext, linksArg: unknown) {
  requireActivateUsers(ctx);
  const links = (requireRowCount(linksArg) as Array<Record<string, unknown>>).map((link) => ({
    externalUserId: idArg(link?.externalUserId, 'externalUserId') as string,
    userId: idArg(link?.userId, 'userId'),
  }));
  const rows = new Map(
    ctx
      .query(
        `SELECT Id, Status__c FROM External_User__c WHERE Id IN ${soqlList(links.map((l) => l.externalUserId))}`,
      )
      .map((row) => [row.Id as string, row]),
  );
  const users = new Map(
    ctx
      .query(
        `SELECT Id, Name, IsActive, UserType FROM User WHERE Id IN ${soqlList(links.flatMap((l) => (l.userId ? [l.userId] : [])))}`,
      )
      .map((user) => [user.Id as string, user]),
  );
  const problems = new Map<string, string>();
  for (const link of links) {
    const problem =
      activationProblem(rows.get(link.externalUserId)) ??
      linkTargetProblem(link.userId ? users.get(link.userId) : undefined);
    if (problem !== null && !problems.has(link.externalUserId)) problems.set(link.externalUserId, problem);
  }
  const written = new Set<string>();
  const updates: Record<string, unknown>[] = [];
  for (const link of links) {
    if (!rows.has(link.externalUserId) || written.has(link.externalUserId)) continue;
    written.add(link.externalUserId);
    const problem = problems.get(link.externalUserId);
    updates.push(
      problem === undefined
        ? linkedRow(link.externalUserId, link.userId as string)
        : messageRow(link.externalUserId, problem),
    );
  }
  for (const [rowId, failure] of updateRows(ctx, updates)) problems.set(rowId, failure);
  return rowResults(
    links.map((l) => l.externalUserId),
    problems,
    'Linked to the chosen Salesforce user.',
  );
}

function requestArg(value: unknown): NewUserRequest {
  const v = (value ?? {}) as Record<string, unknown>;
  return {
    externalUserId: idArg(v.externalUserId, 'externalUserId') as string,
    firstName: stringArg(v.firstName),
    lastName: stringArg(v.lastName),
    email: stringArg(v.email),
    username: stringArg(v.username),
    alias: stringArg(v.alias),
  };
}

export const UserSyncPendingUsersController: ApexClassEmulation = {
  name: 'UserSyncPendingUsersController',
  methods: {
    getPendingUsers: {
      params: ['source', 'status'],
      run: (ctx, a) => getPendingUsers(ctx, a.source, a.status),
    },
    getProfiles: { params: [], run: (ctx) => profileOptions(ctx) },
    getNewUserDefaults: { params: [], run: (ctx) => defaults(ctx) },
    proposeNewUsers: {
      params: ['externalUserIds'],
      run: (ctx, a) =>
        drafts(
          ctx,
          requireRowCount(a.externalUserIds).map((id) => idArg(id, 'externalUserIds') as string),
        ),
    },
    linkUsers: { params: ['links'], run: (ctx, a) => linkUsers(ctx, a.links) },
    createUsers: {
      params: ['settings', 'users'],
      run(ctx, a) {
        requireActivateUsers(ctx);
        const users = requireRowCount(a.users).map(requestArg);
        const s = a.settings as Record<string, unknown> | null | undefined;
        const settings = s
          ? {
              profileId: idArg(s.profileId, 'profileId'),
              timeZone: stringArg(s.timeZone),
              locale: stringArg(s.locale),
              language: stringArg(s.language),
              emailEncoding: stringArg(s.emailEncoding),
            }
          : null;
        return createUsers(ctx, settings, users);
      },
    },
  },
};
