import { PgStore } from './postgres/pg-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

/** Where the store lives: PostgreSQL when a URL is given (several instances), else the SQLite file. */
export interface StoreLocation {
  databasePath: string;
  databaseUrl?: string;
}

export async function openStore(location: StoreLocation): Promise<Store> {
  return location.databaseUrl ? PgStore.open(location.databaseUrl) : SqliteStore.open(location.databasePath);
}

/** For logs: which store, never the URL itself (it may carry a password). */
export function describeStore(location: StoreLocation): { store: 'postgres' | 'sqlite'; host?: string } {
  if (!location.databaseUrl) return { store: 'sqlite' };
  return { store: 'postgres', host: new URL(location.databaseUrl).host };
}
