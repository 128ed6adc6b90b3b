/**
 * @description Sends users to iAdvize: delegates every phase to UserIAdvizeSyncHandler, which marks
 * users Queued before the save and publishes IAdvize_Sync_Request__e after it.
 * @group iAdvize Sync
 * @see UserIAdvizeSyncHandler
 */
trigger UserIAdvizeSyncTrigger on User(before insert, before update, after insert, after update) {
    UserIAdvizeSyncHandler.run(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
