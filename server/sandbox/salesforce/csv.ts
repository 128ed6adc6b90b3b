/**
 * CSV as Bulk API 2.0 reads and writes it (RFC 4180 with Salesforce's rules, "Valid CSV Record Rows"
 * and "Prepare CSV Files" in the Bulk API 2.0 Developer Guide):
 *
 * - one delimiter per job (COMMA by default; BACKQUOTE, CARET, PIPE, SEMICOLON, TAB) and one line
 *   ending per job (LF by default, or CRLF);
 * - a value holding the delimiter, a line break or a double quote is enclosed in double quotes, and a
 *   double quote inside it is doubled;
 * - values are not trimmed: a space next to a delimiter belongs to the value, but a space before or after
 *   a double quote is an error for that row.
 *
 * The writer quotes every value, as Salesforce's result files do.
 */

export type LineEnding = 'LF' | 'CRLF';

export const COLUMN_DELIMITERS = {
  BACKQUOTE: '`',
  CARET: '^',
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
} as const;

export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

export interface CsvFormat {
  delimiter: string;
  lineEnding: LineEnding;
}

export interface CsvRow {
  values: string[];
  /** A problem confined to this row (a stray double quote); the row fails, the others go on. */
  error?: string;
}

export interface ParsedCsv {
  header: string[];
  rows: CsvRow[];
}

/** The whole file cannot be read (the job fails). `message` is the job's errorMessage. */
export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

const QUOTE = '"';

/** Line-ending mismatch, in the wording Salesforce reports for it. */
const lineEndingError = (lineEnding: LineEnding) =>
  new CsvFormatError(
    `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${lineEnding}`,
  );

/**
 * Parses a whole CSV file: the first record is the header. Completely empty lines are skipped
 * [inferred: Salesforce's handling of blank lines is not documented]. A leading UTF-8 byte order mark is
 * dropped.
 */
export function parseCsv(text: string, format: CsvFormat): ParsedCsv {
  const { delimiter, lineEnding } = format;
  const records: CsvRow[] = [];
  let values: string[] = [];
  let value = '';
  let rowError: string | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  // Whether the current record has any content (a blank line is skipped).
  let started = false;

  const endValue = () => {
    values.push(value);
    value = '';
  };
  const endRecord = () => {
    endValue();
    if (started || values.length > 1) records.push(rowError ? { values, error: rowError } : { values });
    values = [];
    rowError = undefined;
    started = false;
  };
  const stray = (column: number) => {
    // inferred: the documentation says the row errors, not with which message.
    rowError ??= `Invalid CSV: a double quote must enclose the whole value (column ${column})`;
  };

  while (i < n) {
    const c = text[i];
    if (c === QUOTE && value === '') {
      // A quoted value: runs to the next lone double quote.
      started = true;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i];
        if (q === QUOTE) {
          if (text[i + 1] === QUOTE) {
            value += QUOTE;
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        value += q;
        i++;
      }
      if (!closed) {
        // inferred wording: an unterminated quote swallows the rest of the file.
        throw new CsvFormatError('ClientInputError : Unterminated quoted value at the end of the CSV data');
      }
      // Anything but a delimiter or a line ending after the closing quote is an error for the row; the
      // characters are kept in the value so the row can still be reported.
      while (
        i < n &&
        text[i] !== delimiter &&
        text[i] !== '\n' &&
        !(text[i] === '\r' && text[i + 1] === '\n')
      ) {
        stray(values.length + 1);
        value += text[i];
        i++;
      }
      continue;
    }
    if (c === delimiter) {
      started = true;
      endValue();
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      if (lineEnding !== 'CRLF') throw lineEndingError(lineEnding);
      endRecord();
      i += 2;
      continue;
    }
    if (c === '\n') {
      if (lineEnding !== 'LF') throw lineEndingError(lineEnding);
      endRecord();
      i++;
      continue;
    }
    if (c === QUOTE) stray(values.length + 1);
    started = true;
    value += c;
    i++;
  }
  if (started || value !== '' || values.length > 0) endRecord();

  const [first, ...rows] = records;
  return { header: first ? first.values : [], rows };
}

/** One value as Salesforce's result files write it: always quoted, inner quotes doubled. */
export function quoteCsv(value: string): string {
  return QUOTE + value.split(QUOTE).join(QUOTE + QUOTE) + QUOTE;
}

/** One record, every value quoted, followed by the line ending. */
export function csvRecord(values: string[], format: CsvFormat): string {
  return values.map(quoteCsv).join(format.delimiter) + (format.lineEnding === 'CRLF' ? '\r\n' : '\n');
}
