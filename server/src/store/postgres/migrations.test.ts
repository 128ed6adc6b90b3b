import { MIGRATIONS } from '../migrations';
import { PG_MIGRATIONS } from './migrations';

describe('the PostgreSQL migrations', () => {
  it('have the versions of the SQLite ones, and create the same tables', () => {
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = (sql: string) => [...sql.matchAll(/CREATE TABLE (\w+)/gi)].map((m) => m[1]).sort();
    for (const [i, m] of MIGRATIONS.entries()) expect(tables(PG_MIGRATIONS[i].sql)).toEqual(tables(m.sql));
  });
});
