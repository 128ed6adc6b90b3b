import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';

/** A User_Sync_Command__e the LWC publishes: the only way Salesforce asks the companion to act. */
export type Command =
  | { kind: 'RUN_NOW'; source: 'zendesk' | 'intercom' }
  | { kind: 'SETTINGS_CHANGED'; source: 'zendesk' | 'intercom' }
  | { kind: 'CONFIRM_DEACTIVATIONS'; source: 'zendesk' | 'intercom'; runId: string | null };

const schema = z.object({
  Command__c: z.enum(['RUN_NOW', 'SETTINGS_CHANGED', 'CONFIRM_DEACTIVATIONS']),
  Source__c: z.enum(['zendesk', 'intercom']),
  Run_Id__c: z.string().nullish(),
});

export function parseCommand(payload: Record<string, unknown>): Result<Command, string> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    return err(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { Command__c: kind, Source__c: source, Run_Id__c: runId } = parsed.data;
  return ok(kind === 'CONFIRM_DEACTIVATIONS' ? { kind, source, runId: runId ?? null } : { kind, source });
}
