import { z } from 'zod';

/** The User fields provisioning reads, in one SOQL select list. */
export const SYNC_USER_FIELDS = [
  'Id',
  'FirstName',
  'LastName',
  'Email',
  'Alias',
  'IsActive',
  'IAdvize_Sync__c',
  'IAdvize_Operator_Id__c',
  'IAdvize_SSO_Token__c',
  'IAdvize_Sync_Status__c',
  'IAdvize_Sync_Message__c',
] as const;

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const syncUserSchema = z.object({
  Id: z.string().regex(/^[a-zA-Z0-9]{18}$/),
  FirstName: text,
  LastName: text,
  Email: text,
  Alias: text,
  IsActive: z.boolean(),
  IAdvize_Sync__c: z.boolean(),
  IAdvize_Operator_Id__c: text,
  IAdvize_SSO_Token__c: text,
  IAdvize_Sync_Status__c: text,
  IAdvize_Sync_Message__c: text,
});

export type SyncUser = z.infer<typeof syncUserSchema>;

export type SyncAction = 'CREATE' | 'LINK';
