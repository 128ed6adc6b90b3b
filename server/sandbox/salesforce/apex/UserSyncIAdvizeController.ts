/**
 * UserSyncIAdvizeController on the sandbox org: users by iAdvize sync status, the Failed and Skipped
 * ones with their messages, and Retry (marks them Queued and publishes the request the User trigger
 * would have published).
 */
import { requireManageIntegrations } from './access';
import { MAX_ROWS, describeSaveError, rowResults } from './activation-rules';
import { ACTION_CREATE, ACTION_LINK, STATUS_QUEUED } from '../trigger';
import {
  auraError,
  datetimeOut,
  idArg,
  soqlList,
  type ApexClassEmulation,
  type ApexContext,
} from './runtime';

export const STATUSES = ['Queued', 'Created', 'Linked', 'Skipped', 'Failed'];
const MAX_USERS = 500;
const NO_PUBLISH_PERMISSION_MESSAGE =
  'You cannot send this user to iAdvize: you need Create access on iAdvize Sync Request ' +
  '(IAdvize_Sync_Request__e). Ask your administrator for the User Sync Admin permission set.';

function getStatusCounts(ctx: ApexContext) {
  // GROUP BY is counted here: the sandbox's SOQL has no aggregates by group.
  const counts = new Map<string, number>();
  for (const row of ctx.query(
    'SELECT IAdvize_Sync_Status__c FROM User WHERE IAdvize_Sync_Status__c != null',
  )) {
    const status = row.IAdvize_Sync_Status__c as string;
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

function getProblemUsers(ctx: ApexContext) {
  return ctx
    .query(
      'SELECT Id, Name, Email, IAdvize_Sync_Status__c, IAdvize_Sync_Message__c, IAdvize_Last_Synced__c FROM User ' +
        `WHERE IAdvize_Sync_Status__c IN ('Failed', 'Skipped') ORDER BY IAdvize_Last_Synced__c DESC NULLS LAST, Name LIMIT ${MAX_USERS}`,
    )
    .map((user) => ({
      id: user.Id,
      name: user.Name,
      email: user.Email,
      status: user.IAdvize_Sync_Status__c,
      message: user.IAdvize_Sync_Message__c,
      lastSynced: datetimeOut(user.IAdvize_Last_Synced__c),
    }));
}

/** UserIAdvizeSyncHandler.decideAction(user, null): what a retry asks of the companion. */
function retryAction(user: Record<string, unknown>): string | null {
  if (user.IAdvize_Sync__c === true) return ACTION_CREATE;
  const operatorId = user.IAdvize_Operator_Id__c;
  return typeof operatorId === 'string' && operatorId.trim() !== '' ? ACTION_LINK : null;
}

function retryProblem(user: Record<string, unknown> | undefined): string | null {
  if (!user) return 'No user with this Id: refresh the list.';
  if (user.IAdvize_Sync_Status__c !== 'Failed')
    return `Only Failed users can be retried; ${String(user.Name)} is ${String(user.IAdvize_Sync_Status__c)}.`;
  if (retryAction(user) === null)
    return `Nothing to retry for ${String(user.Name)}: tick Sync to iAdvize or enter an iAdvize operator ID first.`;
  return null;
}

function retry(ctx: ApexContext, userIdsArg: unknown) {
  requireManageIntegrations(ctx);
  if (!Array.isArray(userIdsArg) || userIdsArg.length === 0 || userIdsArg.length > MAX_ROWS)
    throw auraError(`Select 1 to ${MAX_ROWS} Failed users to retry.`);
  const userIds = userIdsArg.map((id) => idArg(id, 'userIds') as string);
  const users = new Map(
    ctx
      .query(
        'SELECT Id, Name, IAdvize_Sync__c, IAdvize_Operator_Id__c, IAdvize_Sync_Status__c FROM User ' +
          `WHERE Id IN ${soqlList(userIds)}`,
      )
      .map((user) => [user.Id as string, user]),
  );
  const problems = new Map<string, string>();
  const retryable: Array<Record<string, unknown>> = [];
  for (const userId of new Set(userIds)) {
    const problem = retryProblem(users.get(userId));
    if (problem === null) retryable.push(users.get(userId) as Record<string, unknown>);
    else problems.set(userId, problem);
  }
  const updates = retryable.map((u) => ({
    Id: u.Id,
    IAdvize_Sync_Status__c: STATUS_QUEUED,
    IAdvize_Sync_Message__c: null,
  }));
  ctx.update('User', updates).forEach((result, i) => {
    if (!result.success)
      problems.set(
        updates[i].Id as string,
        describeSaveError(result.errors[0].statusCode, result.errors[0].message),
      );
  });
  for (const user of retryable.filter((u) => !problems.has(u.Id as string))) {
    const event = { User_Id__c: user.Id, Action__c: retryAction(user) };
    if (!ctx.canCreate('IAdvize_Sync_Request__e')) {
      problems.set(user.Id as string, NO_PUBLISH_PERMISSION_MESSAGE);
      continue;
    }
    const published = ctx.publish('IAdvize_Sync_Request__e', event);
    if (!published.success)
      problems.set(
        user.Id as string,
        `The iAdvize sync request could not be published: ${published.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')}`,
      );
  }
  return rowResults(userIds, problems, 'Queued for iAdvize.');
}

export const UserSyncIAdvizeController: ApexClassEmulation = {
  name: 'UserSyncIAdvizeController',
  methods: {
    getStatusCounts: { params: [], run: (ctx) => getStatusCounts(ctx) },
    getProblemUsers: { params: [], run: (ctx) => getProblemUsers(ctx) },
    retry: { params: ['userIds'], run: (ctx, a) => retry(ctx, a.userIds) },
  },
};
