import manageIntegrations from '@salesforce/customPermission/User_Sync_Manage_Integrations';
import activateUsers from '@salesforce/customPermission/User_Sync_Activate_Users';

/*
 * The User Sync custom permissions as the UI sees them. A custom permission import is true when the
 * user holds it and undefined otherwise. These only hide buttons: the Apex controllers check the same
 * permissions and refuse what the user may not do.
 */

/** Connect, configure, enable, sync now, preview, confirm, retry. */
export function canManageIntegrations() {
  return manageIntegrations === true;
}

/** Link or create Salesforce users for Pending rows. */
export function canActivateUsers() {
  return activateUsers === true;
}
