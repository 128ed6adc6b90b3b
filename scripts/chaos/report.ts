/**
 * What a chaos run must leave behind, whatever the kills: the state a clean run leaves. Pure, so it
 * is tested apart from the processes it measures.
 */
export interface TickFigures {
  ticked: number;
  created: number;
  notWrittenBack: number;
  operatorsCreated: number;
  duplicateEmails: number;
  /** Users whose written-back Operator ID is not the operator iAdvize created for them. */
  wrongOperator: number;
}

export interface ImportFigures {
  sourceUsers: number;
  rows: number;
  deactivatedRows: number;
  runsRunning: number;
  runsFailedInterrupted: number;
  runsSucceeded: number;
}

export interface Check {
  what: string;
  got: number;
  want: number;
}

export function tickChecks(f: TickFigures): Check[] {
  return [
    { what: 'users created (of those ticked)', got: f.created, want: f.ticked },
    { what: 'users not written back', got: f.notWrittenBack, want: 0 },
    { what: 'operators created in iAdvize', got: f.operatorsCreated, want: f.ticked },
    { what: 'emails with more than one operator', got: f.duplicateEmails, want: 0 },
    { what: 'users holding another operator', got: f.wrongOperator, want: 0 },
  ];
}

export function importChecks(f: ImportFigures): Check[] {
  return [
    { what: 'directory rows', got: f.rows, want: f.sourceUsers },
    { what: 'rows deactivated (nobody left the source)', got: f.deactivatedRows, want: 0 },
    { what: 'runs left Running', got: f.runsRunning, want: 0 },
    { what: 'runs that completed', got: f.runsSucceeded, want: 1 },
  ];
}

export const failed = (checks: Check[]): Check[] => checks.filter((c) => c.got !== c.want);

export function renderChecks(title: string, checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.what.length));
  const lines = checks.map(
    (c) =>
      `  ${c.got === c.want ? 'ok  ' : 'FAIL'}  ${c.what.padEnd(width)}  ${String(c.got).padStart(7)}  (clean run: ${c.want})`,
  );
  return [title, ...lines].join('\n');
}
