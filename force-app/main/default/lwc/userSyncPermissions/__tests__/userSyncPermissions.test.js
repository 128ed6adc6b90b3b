// A custom permission import is true when the user holds the permission and undefined otherwise.
const mockPermissions = (manage, activate) => {
  jest.doMock('@salesforce/customPermission/User_Sync_Manage_Integrations', () => ({ default: manage }), {
    virtual: true,
  });
  jest.doMock('@salesforce/customPermission/User_Sync_Activate_Users', () => ({ default: activate }), {
    virtual: true,
  });
  return require('c/userSyncPermissions');
};

describe('c-user-sync-permissions', () => {
  afterEach(() => jest.resetModules());

  it('is true for a custom permission the user holds', () => {
    const { canManageIntegrations, canActivateUsers } = mockPermissions(true, undefined);
    expect(canManageIntegrations()).toBe(true);
    expect(canActivateUsers()).toBe(false);
  });

  it('is false for both when the user holds neither', () => {
    const { canManageIntegrations, canActivateUsers } = mockPermissions(undefined, undefined);
    expect(canManageIntegrations()).toBe(false);
    expect(canActivateUsers()).toBe(false);
  });
});
