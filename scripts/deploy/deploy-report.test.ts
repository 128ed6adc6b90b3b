import { readDeploy } from './deploy-report';

describe('readDeploy', () => {
  it('reads a success', () => {
    expect(
      readDeploy(
        { status: 0, result: { success: true, numberComponentsDeployed: 128, numberTestsCompleted: 73 } },
        0,
      ),
    ).toEqual({ ok: true, summary: '128 components, 73 tests run', problems: [] });
  });

  it('turns one component failure (an object) and test failures into readable lines', () => {
    const outcome = readDeploy(
      {
        status: 1,
        result: {
          success: false,
          details: {
            componentFailures: {
              componentType: 'ApexClass',
              fullName: 'UserSyncRunsController',
              fileName: 'classes/UserSyncRunsController.cls',
              lineNumber: 42,
              columnNumber: 9,
              problem: 'Variable does not exist: Sample__c',
            },
            runTestResult: {
              failures: [
                {
                  name: 'UserSyncRunRules_Tests',
                  methodName: 'parsesSample',
                  message: 'System.AssertException',
                },
              ],
            },
          },
        },
      },
      1,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.problems).toEqual([
      'ApexClass UserSyncRunsController (classes/UserSyncRunsController.cls:42:9): Variable does not exist: Sample__c',
      'test UserSyncRunRules_Tests.parsesSample: System.AssertException',
    ]);
  });

  it('falls back on the error message when the answer has no details', () => {
    const outcome = readDeploy(
      {
        name: 'FailedValidationError',
        message: 'Failed to validate the deployment (0Af). Due To:\n1 component error(s)',
        status: 1,
      },
      1,
    );
    expect(outcome).toMatchObject({ ok: false, problems: [expect.stringContaining('Failed to validate')] });
  });
});
