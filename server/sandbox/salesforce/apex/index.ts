/**
 * The Apex the sandbox org runs for Lightning components: one emulation per @AuraEnabled controller
 * of force-app (a parity test keeps their methods and parameter names in step with the classes), and
 * the call itself as Lightning makes it: the user must have access to the class, and an exception
 * becomes the error a component receives.
 */
import type { Org } from '../org';
import { UserSyncIAdvizeController } from './UserSyncIAdvizeController';
import { UserSyncPendingUsersController } from './UserSyncPendingUsersController';
import { UserSyncPushController } from './UserSyncPushController';
import { UserSyncRunsController } from './UserSyncRunsController';
import { UserSyncSourcesController } from './UserSyncSourcesController';
import { ApexException, AuraHandledException, createContext, type ApexClassEmulation } from './runtime';

export const APEX_CLASSES: ReadonlyMap<string, ApexClassEmulation> = new Map(
  [
    UserSyncSourcesController,
    UserSyncRunsController,
    UserSyncPendingUsersController,
    UserSyncIAdvizeController,
    UserSyncPushController,
  ].map((c) => [c.name, c]),
);

/** What a component receives: the return value, or the error body Lightning hands to `catch`. */
export type ApexOutcome =
  | { ok: true; returnValue: unknown }
  | {
      ok: false;
      status: number;
      error: { message: string; exceptionType: string; isUserDefinedException: boolean; stackTrace: string };
    };

const failure = (status: number, exceptionType: string, message: string): ApexOutcome => ({
  ok: false,
  status,
  error: { message, exceptionType, isUserDefinedException: false, stackTrace: '' },
});

/** Runs `Class.method(params)` as the user, with Lightning's access check on the class first. */
export function callApex(
  org: Org,
  userId: string,
  classname: string,
  method: string,
  params: unknown,
): ApexOutcome {
  const emulation = APEX_CLASSES.get(classname);
  const target = emulation?.methods[method];
  if (!emulation || !target)
    return failure(404, 'System.NoSuchMethodException', `No @AuraEnabled method ${classname}.${method}`);
  if (!org.permissions.canRunApexClass(userId, classname))
    return failure(
      403,
      'System.NoAccessException',
      `You do not have access to the Apex class named '${classname}'.`,
    );
  const args = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
  try {
    // Lightning serialises the return value to JSON: the component gets plain data, never references.
    const value = target.run(createContext(org, userId), args);
    return { ok: true, returnValue: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    if (error instanceof AuraHandledException) return failure(500, error.exceptionType, error.message);
    if (error instanceof ApexException) return failure(500, error.exceptionType, error.message);
    const message = error instanceof Error ? error.message : String(error);
    return failure(500, 'System.UnexpectedException', message);
  }
}
