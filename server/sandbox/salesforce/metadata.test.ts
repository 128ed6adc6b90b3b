import { existsSync } from 'node:fs';
import { loadMetadata } from './metadata';
import { standardSchema } from './schema';
import { defaultMetadataDir } from './server';
import { FIXTURE_METADATA } from './test-helpers';

describe('metadata loading', () => {
  it('adds custom fields to User and loads custom objects and platform events from the fixture', () => {
    const schema = standardSchema();
    const result = loadMetadata(schema, FIXTURE_METADATA);
    expect(result.warnings).toEqual([]);
    const user = schema.object('user')!;
    expect(user.fields.get('iadvize_operator_id__c')).toMatchObject({
      name: 'IAdvize_Operator_Id__c',
      type: 'string',
      length: 40,
      unique: true,
      externalId: true,
      idLookup: true,
      caseSensitive: false,
    });
    expect(user.fields.get('iadvize_sso_token__c')).toMatchObject({ type: 'encryptedstring', length: 175 });
    expect(user.fields.get('iadvize_sync__c')).toMatchObject({ type: 'boolean', defaultValue: false });
    expect(user.fields.get('iadvize_sync_status__c')?.picklist).toEqual({
      values: ['Queued', 'Created', 'Linked', 'Skipped', 'Failed'],
      restricted: true,
      defaultValue: undefined,
    });
    expect(user.fields.get('iadvize_last_synced__c')?.type).toBe('datetime');

    const event = schema.object('IAdvize_Sync_Request__e')!;
    expect(event).toMatchObject({
      kind: 'event',
      eventType: 'HighVolume',
      publishBehavior: 'PublishAfterCommit',
      queryable: false,
    });
    expect(event.fields.get('user_id__c')).toMatchObject({ length: 18, required: true });

    const external = schema.object('External_User__c')!;
    expect(external).toMatchObject({ kind: 'custom', keyPrefix: 'a0A', deletable: true });
    expect(external.fields.get('user__c')).toMatchObject({
      type: 'reference',
      referenceTo: ['User'],
      relationshipName: 'User__r',
    });
    expect(external.relationships.get('user__r')?.name).toBe('User__c');
    expect(external.fields.get('seats__c')).toMatchObject({ type: 'double', precision: 5, scale: 0 });
  });

  const forceApp = defaultMetadataDir();
  const itWhenPresent = existsSync(forceApp) ? it : it.skip;
  itWhenPresent("loads the project's own force-app/main/default", () => {
    const schema = standardSchema();
    const result = loadMetadata(schema, forceApp);
    expect(result.warnings).toEqual([]);
    const user = schema.object('User')!;
    for (const name of [
      'IAdvize_Operator_Id__c',
      'IAdvize_SSO_Token__c',
      'IAdvize_Sync__c',
      'IAdvize_Sync_Status__c',
      'IAdvize_Sync_Message__c',
      'IAdvize_Last_Synced__c',
    ]) {
      expect(user.fields.get(name.toLowerCase())?.name).toBe(name);
    }
    expect(user.fields.get('iadvize_operator_id__c')).toMatchObject({
      unique: true,
      externalId: true,
      length: 40,
    });
    const event = schema.object('IAdvize_Sync_Request__e');
    expect(event?.kind).toBe('event');
    expect(event?.fields.get('user_id__c')?.length).toBe(18);
    expect(event?.fields.get('action__c')?.length).toBe(10);
  });
});
