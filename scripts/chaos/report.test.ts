import { failed, importChecks, renderChecks, tickChecks } from './report';

describe('chaos report', () => {
  it('passes only the state a clean run leaves', () => {
    const clean = tickChecks({
      ticked: 10,
      created: 10,
      notWrittenBack: 0,
      operatorsCreated: 10,
      duplicateEmails: 0,
      wrongOperator: 0,
    });
    expect(failed(clean)).toEqual([]);
    const duplicated = tickChecks({
      ticked: 10,
      created: 10,
      notWrittenBack: 0,
      operatorsCreated: 11,
      duplicateEmails: 1,
      wrongOperator: 0,
    });
    expect(failed(duplicated).map((c) => c.what)).toEqual([
      'operators created in iAdvize',
      'emails with more than one operator',
    ]);
  });

  it('fails an import that left a run Running or deactivated anyone', () => {
    const checks = importChecks({
      sourceUsers: 100,
      rows: 100,
      deactivatedRows: 3,
      runsRunning: 1,
      runsFailedInterrupted: 2,
      runsSucceeded: 1,
    });
    expect(failed(checks).map((c) => c.what)).toEqual([
      'rows deactivated (nobody left the source)',
      'runs left Running',
    ]);
    expect(renderChecks('import', checks)).toContain('FAIL  runs left Running');
  });
});
