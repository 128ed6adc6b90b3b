import { z } from 'zod';
import { err, ok, type Result } from '../lib/result';

type Source = 'zendesk' | 'intercom';

/** The commands the directory scheduler runs. */
export type RunCommand =
  | { kind: 'RUN_NOW'; source: Source }
  | { kind: 'SETTINGS_CHANGED'; source: Source }
  /** A dry run recorded as a Preview run: counts and a sample of what a run would do, nothing written. */
  | { kind: 'PREVIEW'; source: Source }
  | { kind: 'CONFIRM_DEACTIVATIONS'; source: Source; runId: string | null };

/**
 * "Connect" in the app: the companion writes a signed, short-lived start link to the source's settings
 * record (connect/connect-link.ts); the admin's browser opens it. The LWC never calls the companion.
 */
export type ConnectCommand = { kind: 'CONNECT'; source: Source };

/** A User_Sync_Command__e the LWC publishes: the only way Salesforce asks the companion to act. */
export type Command = RunCommand | ConnectCommand;

const schema = z.object({
  Command__c: z.enum(['RUN_NOW', 'SETTINGS_CHANGED', 'CONFIRM_DEACTIVATIONS', 'CONNECT', 'PREVIEW']),
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
