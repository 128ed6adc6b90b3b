import { hasAuraEnabledMethod, runReferenceCheck } from './reference-check';
import { formatProblem } from './problem';
import { brokenFixture, FORCE_APP } from './test-paths';

describe('hasAuraEnabledMethod', () => {
  it('finds @AuraEnabled static methods, cacheable or not, whatever their return type', () => {
    const source = `public with sharing class C {
      @AuraEnabled(cacheable=true)
      public static List<UserSyncOption> options() { return null; }
      @AuraEnabled
      public static Map<Id, String> save(String a) { return null; }
      public static void hidden() {}
    }`;
    expect(hasAuraEnabledMethod(source, 'options')).toBe(true);
    expect(hasAuraEnabledMethod(source, 'save')).toBe(true);
    expect(hasAuraEnabledMethod(source, 'hidden')).toBe(false);
    expect(hasAuraEnabledMethod(source, 'save2')).toBe(false);
  });
});

describe('runReferenceCheck', () => {
  it('passes on force-app: tabs, app, permission sets, group and LWC imports all resolve', async () => {
    const result = await runReferenceCheck(FORCE_APP);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.checked).toBeGreaterThan(15);
  });

  it('names every reference to something the source does not define', async () => {
    const result = await runReferenceCheck(brokenFixture('references'));
    const found = result.problems.map(
      (problem) => `${problem.file.split('/main/default/')[1]}: ${problem.message}`,
    );
    expect(found.sort()).toEqual(
      [
        'applications/Broken.app-meta.xml: app lists the tab Missing_Tab, which does not exist',
        'lwc/hiddenPanel/hiddenPanel.js: imports @salesforce/apex/RealController.getThings: RealController has no @AuraEnabled static method getThings',
        'lwc/hiddenPanel/hiddenPanel.js: imports @salesforce/apex/NoClass.nothing: there is no Apex class NoClass',
        'lwc/hiddenPanel/hiddenPanel.js: imports @salesforce/customPermission/Not_Defined: there is no custom permission Not_Defined',
        'lwc/hiddenPanel/hiddenPanel.js: imports c/nowhere: there is no Lightning web component nowhere',
        'permissionsetgroups/Broken.permissionsetgroup-meta.xml: group holds the permission set Missing_Set, which does not exist',
        'permissionsets/Broken.permissionset-meta.xml: grants the Apex class MissingController, which does not exist',
        'permissionsets/Broken.permissionset-meta.xml: grants the tab Missing_Tab, which does not exist',
        'permissionsets/Broken.permissionset-meta.xml: grants the app Missing_App, which does not exist',
        'permissionsets/Broken.permissionset-meta.xml: grants the custom permission Not_Defined, which does not exist',
        'permissionsets/Broken.permissionset-meta.xml: grants the object Missing__c, which does not exist',
        'permissionsets/Broken.permissionset-meta.xml: grants the field Account.Missing_Field__c, which does not exist',
        'tabs/Ghost.tab-meta.xml: tab shows the Lightning web component missingComponent, which does not exist',
        'tabs/Hidden.tab-meta.xml: hiddenPanel must be exposed with the target lightning__Tab to be shown in a tab',
      ].sort(),
    );
  });
});
