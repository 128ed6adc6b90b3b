/** One record's answer from sObject Collections (or a single-record save) through jsforce. */
export interface SaveResult {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode?: string; errorCode?: string; message: string; fields?: string[] }>;
}

export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** A refused record: its position in the request, and Salesforce's errors for it. */
export interface SaveFailure {
  index: number;
  errors: SaveError[];
}

/**
 * The refused records of a save, in request order. jsforce answers one result for one record and an
 * array for several; older APIs name the code `errorCode`.
 */
export function saveFailures(results: SaveResult | SaveResult[]): SaveFailure[] {
  return [results].flat().flatMap((result, index) => {
    if (result.success) return [];
    const errors = result.errors.map((e) => ({
      statusCode: e.statusCode ?? e.errorCode ?? 'UNKNOWN',
      message: e.message,
      fields: e.fields ?? [],
    }));
    return [
      {
        index,
        errors:
          errors.length > 0 ? errors : [{ statusCode: 'UNKNOWN', message: 'unknown error', fields: [] }],
      },
    ];
  });
}
