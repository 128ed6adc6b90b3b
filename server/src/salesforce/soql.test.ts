import { chunk, SALESFORCE_ID, soqlList, soqlString } from './soql';

describe('soqlString', () => {
  it('escapes quotes and backslashes so a value cannot end the literal', () => {
    expect(soqlString("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlString("x\\' OR Name != '")).toBe("'x\\\\\\' OR Name != \\''");
    expect(soqlString('a\nb')).toBe("'a\\nb'");
  });
  it('joins lists for IN', () => {
    expect(soqlList(['1', '2'])).toBe("'1', '2'");
  });
});

describe('SALESFORCE_ID', () => {
  it('accepts 15 and 18 character ids only', () => {
    expect(SALESFORCE_ID.test('005000000000001')).toBe(true);
    expect(SALESFORCE_ID.test('005000000000001AAA')).toBe(true);
    expect(SALESFORCE_ID.test("005000000000001' OR Id != '")).toBe(false);
    expect(SALESFORCE_ID.test('0050000000000')).toBe(false);
  });
});

describe('chunk', () => {
  it('splits into pieces of at most the size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 200)).toEqual([]);
  });
});
