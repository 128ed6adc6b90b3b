import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';
import { SALESFORCE_ID } from '../salesforce/soql';

/**
 * The commands of a push (User_Sync_Push__c), named by `Push_Id__c`: run it now, preview it (count,
 * compare and sample, nothing sent), or re-read it after a save (enabled, disabled, rescheduled).
 */
export const PUSH_COMMANDS = ['PUSH_RUN_NOW', 'PUSH_PREVIEW', 'PUSH_CHANGED'] as const;
export type PushCommand = { kind: (typeof PUSH_COMMANDS)[number]; pushId: string };

const schema = z.object({
  Command__c: z.enum(PUSH_COMMANDS),
  Push_Id__c: z.string().regex(SALESFORCE_ID, 'not a Salesforce record id'),
});

export const isPushCommandName = (name: unknown): boolean =>
  typeof name === 'string' && (PUSH_COMMANDS as readonly string[]).includes(name);

export function parsePushCommand(payload: Record<string, unknown>): Result<PushCommand, string> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    return err(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return ok({ kind: parsed.data.Command__c, pushId: parsed.data.Push_Id__c });
}
