/** SOQL string literal: backslashes and quotes escaped, newlines as escapes (SOQL reference). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** A comma-separated list of string literals for an IN clause. */
export function soqlList(values: readonly string[]): string {
  return values.map(soqlString).join(', ');
}

/** Salesforce ids are 15 or 18 alphanumerics; anything else never reaches a query. */
export const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Splits a list into chunks of at most `size` (a collection call takes 200 records). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
