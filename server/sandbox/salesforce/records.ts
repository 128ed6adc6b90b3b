/**
 * The in-memory record store: one table per object, records keyed by 18-char id, indexes on unique
 * and external id fields, a recycle bin (deleted rows, visible to queryAll), and an undo log so that a
 * group of writes (allOrNone collections, composite requests) can be rolled back as a whole.
 *
 * It knows nothing about validation or triggers: dml.ts decides what to write.
 */
import { to18 } from './ids';
import { FieldDef, ObjectDef } from './schema';

export type SRecord = Record<string, unknown>;

interface Table {
  rows: Map<string, SRecord>;
  deleted: Map<string, SRecord>;
  /** lower-case field name -> index key -> ids */
  indexes: Map<string, Map<string, Set<string>>>;
}

type UndoStep = () => void;

/** The key under which a value is indexed: case-insensitive unless the field is case-sensitive. */
export function indexKey(field: FieldDef, value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const s = String(value);
  return field.caseSensitive ? s : s.toLowerCase();
}

function indexedFields(def: ObjectDef): FieldDef[] {
  return [...def.fields.values()].filter((f) => f.unique || f.externalId);
}

export class RecordStore {
  private readonly tables = new Map<string, Table>();
  private undoLog: UndoStep[] | undefined;
  private depth = 0;
  private readonly observers: Array<
    (def: ObjectDef, before: SRecord | undefined, after: SRecord | undefined) => void
  > = [];

  private table(def: ObjectDef): Table {
    const key = def.name.toLowerCase();
    let t = this.tables.get(key);
    if (!t) {
      t = { rows: new Map(), deleted: new Map(), indexes: new Map() };
      for (const f of indexedFields(def)) t.indexes.set(f.name.toLowerCase(), new Map());
      this.tables.set(key, t);
    }
    return t;
  }

  // ---- reads -------------------------------------------------------------------------------------------

  get(def: ObjectDef, id: string): SRecord | undefined {
    const rows = this.table(def).rows;
    const direct = rows.get(id);
    if (direct) return direct;
    const id18 = to18(id);
    return id18 ? rows.get(id18) : undefined;
  }

  getDeleted(def: ObjectDef, id: string): SRecord | undefined {
    const id18 = to18(id);
    return id18 ? this.table(def).deleted.get(id18) : undefined;
  }

  rows(def: ObjectDef, includeDeleted = false): SRecord[] {
    const t = this.table(def);
    return includeDeleted ? [...t.rows.values(), ...t.deleted.values()] : [...t.rows.values()];
  }

  count(def: ObjectDef): number {
    return this.table(def).rows.size;
  }

  /** Ids of live records whose `field` has `value` (by the field's case rules). */
  findBy(def: ObjectDef, field: FieldDef, value: unknown): string[] {
    const key = indexKey(field, value);
    if (key === undefined) return [];
    if (field.type === 'id') {
      const rec = this.get(def, String(value));
      return rec ? [rec.Id as string] : [];
    }
    const index = this.table(def).indexes.get(field.name.toLowerCase());
    if (index) return [...(index.get(key) ?? [])];
    return this.rows(def)
      .filter((r) => indexKey(field, r[field.name]) === key)
      .map((r) => r.Id as string);
  }

  // ---- writes (each records its inverse while a transaction is open) -----------------------------------

  /** Called with the row before and after every write (also when a write is undone). */
  observe(observer: (def: ObjectDef, before: SRecord | undefined, after: SRecord | undefined) => void): void {
    this.observers.push(observer);
  }

  put(def: ObjectDef, record: SRecord): void {
    const t = this.table(def);
    const id = record.Id as string;
    const previous = t.rows.get(id);
    this.setRow(def, t, id, previous, record);
    this.undoLog?.push(() => this.setRow(def, t, id, record, previous));
  }

  remove(def: ObjectDef, id: string, tombstone: SRecord): void {
    const t = this.table(def);
    const previous = t.rows.get(id);
    if (!previous) return;
    this.setRow(def, t, id, previous, undefined);
    t.deleted.set(id, tombstone);
    this.undoLog?.push(() => {
      t.deleted.delete(id);
      this.setRow(def, t, id, undefined, previous);
    });
  }

  private setRow(
    def: ObjectDef,
    t: Table,
    id: string,
    before: SRecord | undefined,
    after: SRecord | undefined,
  ): void {
    if (before) this.unindex(def, t, before);
    if (after) {
      t.rows.set(id, after);
      this.index(def, t, after);
    } else t.rows.delete(id);
    for (const o of this.observers) o(def, before, after);
  }

  /** Runs `work` as one unit: if it throws, every write it made is undone. Units nest. */
  transaction<T>(work: () => T): T {
    const savepoint = this.savepoint();
    try {
      const result = work();
      this.release();
      return result;
    } catch (error) {
      this.rollback(savepoint);
      throw error;
    }
  }

  /** Opens a (possibly nested) unit and returns its savepoint; close it with rollback() or release(). */
  savepoint(): number {
    if (!this.undoLog) this.undoLog = [];
    this.depth++;
    return this.undoLog.length;
  }

  /** Undoes every write since `savepoint` and closes the unit. */
  rollback(savepoint: number): void {
    const log = this.undoLog;
    if (log) while (log.length > savepoint) (log.pop() as UndoStep)();
    this.release();
  }

  /** Closes the innermost unit, keeping its writes (undoable by an enclosing unit). */
  release(): void {
    this.depth = Math.max(0, this.depth - 1);
    if (this.depth === 0) this.undoLog = undefined;
  }

  private index(def: ObjectDef, t: Table, record: SRecord): void {
    for (const [name, index] of t.indexes) {
      const field = def.fields.get(name) as FieldDef;
      const key = indexKey(field, record[field.name]);
      if (key === undefined) continue;
      let ids = index.get(key);
      if (!ids) index.set(key, (ids = new Set()));
      ids.add(record.Id as string);
    }
  }

  private unindex(def: ObjectDef, t: Table, record: SRecord): void {
    for (const [name, index] of t.indexes) {
      const field = def.fields.get(name) as FieldDef;
      const key = indexKey(field, record[field.name]);
      if (key === undefined) continue;
      const ids = index.get(key);
      ids?.delete(record.Id as string);
      if (ids && ids.size === 0) index.delete(key);
    }
  }
}
