import { CsvFormatError, csvRecord, parseCsv, quoteCsv } from './csv';

const LF = { delimiter: ',', lineEnding: 'LF' } as const;
const CRLF = { delimiter: ',', lineEnding: 'CRLF' } as const;

describe('Bulk API 2.0 CSV', () => {
  it('reads quoted values with delimiters, doubled quotes and line breaks (RFC 4180)', () => {
    const text = 'Name,Note\n"Doe, Jane","She said ""hi""\nand left"\nplain,\n';
    expect(parseCsv(text, LF)).toEqual({
      header: ['Name', 'Note'],
      rows: [{ values: ['Doe, Jane', 'She said "hi"\nand left'] }, { values: ['plain', ''] }],
    });
  });

  it('keeps spaces around delimiters, fails only the row with a space next to a quote', () => {
    const parsed = parseCsv('A,B\nJohn, Smith\n"John", "Smith"\nok,"x"\n', LF);
    expect(parsed.rows[0]).toEqual({ values: ['John', ' Smith'] });
    expect(parsed.rows[1].error).toMatch(/double quote/);
    expect(parsed.rows[2]).toEqual({ values: ['ok', 'x'] });
  });

  it('uses the job delimiter and line ending, and refuses the other line ending', () => {
    expect(parseCsv('A|B\r\n"x|y"|z\r\n', { delimiter: '|', lineEnding: 'CRLF' }).rows).toEqual([
      { values: ['x|y', 'z'] },
    ]);
    expect(parseCsv('A\tB\n1\t2', { delimiter: '\t', lineEnding: 'LF' }).rows).toEqual([
      { values: ['1', '2'] },
    ]);
    expect(() => parseCsv('A,B\r\n1,2\r\n', LF)).toThrow(
      new CsvFormatError(
        'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
      ),
    );
    expect(() => parseCsv('A,B\n1,2\n', CRLF)).toThrow(/Current LineEnding setting is CRLF/);
    // A line break inside quotes is data, whatever the line ending.
    expect(parseCsv('A\r\n"1\n2"\r\n', CRLF).rows).toEqual([{ values: ['1\n2'] }]);
  });

  it('skips blank lines and a byte order mark, and refuses an unterminated quote', () => {
    expect(parseCsv('\ufeffA,B\n\n1,2\n\n', LF)).toEqual({
      header: ['A', 'B'],
      rows: [{ values: ['1', '2'] }],
    });
    expect(parseCsv('', LF)).toEqual({ header: [], rows: [] });
    expect(() => parseCsv('A\n"open\n', LF)).toThrow(CsvFormatError);
  });

  it('writes every value quoted, as Salesforce result files do', () => {
    expect(quoteCsv('say "hi"')).toBe('"say ""hi"""');
    expect(csvRecord(['a,b', '', 'x\ny'], LF)).toBe('"a,b","","x\ny"\n');
    expect(csvRecord(['1', '2'], { delimiter: ';', lineEnding: 'CRLF' })).toBe('"1";"2"\r\n');
    const round = parseCsv(csvRecord(['h1', 'h2'], LF) + csvRecord(['a "q", b', 'c\nd'], LF), LF);
    expect(round.rows).toEqual([{ values: ['a "q", b', 'c\nd'] }]);
  });
});
