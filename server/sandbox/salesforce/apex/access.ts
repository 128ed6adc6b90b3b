/**
 * UserSyncAccess and UserSyncCommands of force-app: the custom permission checks that throw, and the
 * publication of User_Sync_Command__e with its create check.
 */
import { auraError, type ApexContext } from './runtime';

export const MANAGE_INTEGRATIONS = 'User_Sync_Manage_Integrations';
export const ACTIVATE_USERS = 'User_Sync_Activate_Users';

export const NO_MANAGE_INTEGRATIONS_MESSAGE =
  'You need the "User Sync: Manage Integrations" permission to do this. ' +
  'Ask your Salesforce administrator for the User Sync Manage Integrations permission set.';
export const NO_ACTIVATE_USERS_MESSAGE =
  'You need the "User Sync: Activate Users" permission to activate Pending users. ' +
  'Ask your Salesforce administrator for the User Sync Activate Users permission set.';

export function requireManageIntegrations(ctx: ApexContext): void {
  if (!ctx.checkPermission(MANAGE_INTEGRATIONS)) throw auraError(NO_MANAGE_INTEGRATIONS_MESSAGE);
}

export function requireActivateUsers(ctx: ApexContext): void {
  if (!ctx.checkPermission(ACTIVATE_USERS)) throw auraError(NO_ACTIVATE_USERS_MESSAGE);
}

export type Command = 'RUN_NOW' | 'SETTINGS_CHANGED' | 'CONFIRM_DEACTIVATIONS' | 'CONNECT' | 'PREVIEW';
export type PushCommand = 'PUSH_CHANGED' | 'PUSH_RUN_NOW' | 'PUSH_PREVIEW';

/** UserSyncCommands.publish. */
export function publishCommand(
  ctx: ApexContext,
  command: Command,
  source: string,
  runId: string | null,
): void {
  send(ctx, { Command__c: command, Source__c: source, Run_Id__c: runId });
}

/** UserSyncCommands.publishForPush: a push command goes to the Zendesk side of the companion. */
export function publishPushCommand(ctx: ApexContext, command: PushCommand, pushId: string): void {
  send(ctx, { Command__c: command, Source__c: 'zendesk', Push_Id__c: pushId });
}

function send(ctx: ApexContext, event: Record<string, unknown>): void {
  const command = String(event.Command__c);
  if (!ctx.canCreate('User_Sync_Command__e')) {
    throw auraError(
      'You cannot send commands to the User Sync companion: you need Create access on User Sync Command.',
    );
  }
  const result = ctx.publish('User_Sync_Command__e', event);
  if (!result.success) {
    const reasons = result.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
    throw auraError(`The ${command} command could not be sent to the companion: ${reasons}`);
  }
}
