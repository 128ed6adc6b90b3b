/**
 * SOQL: parser, binder (names checked against the schema) and evaluator, as pure functions.
 *
 * Supported: SELECT field list (incl. parent relationship paths like Profile.Name, COUNT() and
 * COUNT(field)), FROM, WHERE with = != <> < <= > >= LIKE IN / NOT IN, AND / OR / NOT and parentheses,
 * null, true/false, numbers, quoted strings with backslash escapes, date and datetime literals and
 * TODAY / YESTERDAY / TOMORROW / LAST_N_DAYS:n / NEXT_N_DAYS:n / N_DAYS_AGO:n, ORDER BY with
 * ASC/DESC and NULLS FIRST/LAST, LIMIT, OFFSET.
 *
 * Errors follow Salesforce's shape: the errorCode (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE,
 * INVALID_QUERY_FILTER_OPERATOR...) and a message that quotes the query line with a caret under the
 * offending column, e.g.
 *   "\nSELECT Naem FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Naem' on entity 'Account'. ..."
 * The long window Salesforce shows for very long lines is simplified to the whole line.
 */
import { FieldDef, ObjectDef, Schema, TEXT_TYPES } from './schema';
import { isValidId, to18 } from './ids';
import { noSuchColumnQueryMessage, unsupportedTypeQueryMessage } from './errors';
import { parseDateTime } from './values';

// ---- errors ------------------------------------------------------------------------------------------

export class SoqlError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly row?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = errorCode;
  }
}

/** Builds the "\n<line>\n   ^\nERROR at Row:r:Column:c\n<detail>" message Salesforce returns. */
function located(text: string, pos: number, errorCode: string, detail: string): SoqlError {
  const before = text.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = pos - lineStart + 1;
  const lineEnd = text.indexOf('\n', pos);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const message = `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${detail}`;
  return new SoqlError(errorCode, message, row, column);
}

// ---- tokens --------------------------------------------------------------------------------------------

type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';

interface Token {
  kind: TokenKind;
  /** Identifier/operator text, decoded string value, or literal text. */
  value: string;
  /** Raw text between the quotes, for LIKE patterns (keeps \% and \_). */
  raw?: string;
  pos: number;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2}))?/;
const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_.]/.test(text.charAt(i))) i++;
      tokens.push({ kind: 'ident', value: text.slice(start, i), pos: start });
      continue;
    }
    if (c === "'") {
      i++;
      let value = '';
      let closed = false;
      while (i < text.length) {
        const ch = text.charAt(i);
        if (ch === '\\') {
          const next = text.charAt(i + 1);
          if (next in ESCAPES) value += ESCAPES[next];
          else if (next === '%' || next === '_') value += next;
          else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 4;
          } else {
            throw located(
              text,
              i,
              'MALFORMED_QUERY',
              `Invalid string literal '${text.slice(start + 1, i + 2)}'. Illegal character sequence '\\${next}' in string literal.`,
            );
          }
          i += 2;
          continue;
        }
        if (ch === "'") {
          closed = true;
          i++;
          break;
        }
        value += ch;
        i++;
      }
      if (!closed)
        throw located(
          text,
          start,
          'MALFORMED_QUERY',
          `line 1:${start} no viable alternative at character '''`,
        );
      tokens.push({ kind: 'string', value, raw: text.slice(start + 1, i - 1), pos: start });
      continue;
    }
    const dateMatch = DATE_RE.exec(text.slice(i));
    if (dateMatch && /^\d{4}-/.test(text.slice(i))) {
      i += dateMatch[0].length;
      tokens.push({
        kind: dateMatch[0].includes('T') ? 'datetime' : 'date',
        value: dateMatch[0],
        pos: start,
      });
      continue;
    }
    const numMatch = /^[-+]?(?:\d+\.?\d*|\.\d+)/.exec(text.slice(i));
    if (
      numMatch &&
      (/\d/.test(c) || ((c === '-' || c === '+' || c === '.') && /[\d.]/.test(text.charAt(i + 1))))
    ) {
      i += numMatch[0].length;
      tokens.push({ kind: 'number', value: numMatch[0], pos: start });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['!=', '<>', '<=', '>='].includes(two)) {
      tokens.push({ kind: 'op', value: two === '<>' ? '!=' : two, pos: start });
      i += 2;
      continue;
    }
    if (['=', '<', '>'].includes(c)) {
      tokens.push({ kind: 'op', value: c, pos: start });
      i++;
      continue;
    }
    if (['(', ')', ',', ':'].includes(c)) {
      tokens.push({ kind: 'punct', value: c, pos: start });
      i++;
      continue;
    }
    throw located(
      text,
      start,
      'MALFORMED_QUERY',
      `line 1:${start} no viable alternative at character '${c}'`,
    );
  }
  tokens.push({ kind: 'eof', value: '<EOF>', pos: text.length });
  return tokens;
}

// ---- AST ----------------------------------------------------------------------------------------------

export interface FieldPath {
  /** Path segments as written (e.g. ['Profile', 'Name']). */
  parts: string[];
  pos: number;
}

export type SelectItem =
  { kind: 'field'; path: FieldPath } | { kind: 'count'; path?: FieldPath; alias?: string; pos: number };

export type Literal =
  | { kind: 'string'; value: string; raw: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'datetime'; value: number; text: string; pos: number }
  | { kind: 'dateFunction'; name: string; n?: number; pos: number };

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; path: FieldPath; op: ComparisonOp; value: Literal }
  | { kind: 'in'; path: FieldPath; negate: boolean; values: Literal[] };

export interface OrderItem {
  path: FieldPath;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  text: string;
  select: SelectItem[];
  from: { name: string; pos: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}

const DATE_FUNCTIONS = new Set(['TODAY', 'YESTERDAY', 'TOMORROW']);
const DATE_FUNCTIONS_N = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO']);
const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'ORDER',
  'BY',
  'LIMIT',
  'OFFSET',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'NULL',
  'TRUE',
  'FALSE',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'GROUP',
  'HAVING',
  'WITH',
  'FOR',
  'USING',
  'INCLUDES',
  'EXCLUDES',
]);

// ---- parser -------------------------------------------------------------------------------------------

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.value.toUpperCase() === word;
  }

  private unexpected(t: Token = this.peek()): SoqlError {
    return located(this.text, t.pos, 'MALFORMED_QUERY', `unexpected token: '${t.value}'`);
  }

  private expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.unexpected();
    return this.next();
  }

  private expectPunct(p: string): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.value !== p) throw this.unexpected();
    return this.next();
  }

  parse(): SoqlQuery {
    this.expectKeyword('SELECT');
    const select = this.selectList();
    this.expectKeyword('FROM');
    const fromToken = this.peek();
    if (fromToken.kind !== 'ident' || RESERVED.has(fromToken.value.toUpperCase())) throw this.unexpected();
    this.next();
    const query: SoqlQuery = {
      text: this.text,
      select,
      from: { name: fromToken.value, pos: fromToken.pos },
      orderBy: [],
    };
    if (this.isKeyword('WHERE')) {
      this.next();
      query.where = this.condition();
    }
    if (
      this.isKeyword('GROUP') ||
      this.isKeyword('HAVING') ||
      this.isKeyword('WITH') ||
      this.isKeyword('USING')
    ) {
      throw new SoqlError(
        'MALFORMED_QUERY',
        `The sandbox does not support ${this.peek().value.toUpperCase()} clauses`,
      );
    }
    if (this.isKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      query.orderBy = this.orderList();
    }
    if (this.isKeyword('LIMIT')) {
      this.next();
      query.limit = this.integer();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      const t = this.peek();
      query.offset = this.integer();
      if (query.offset > 2000) {
        throw located(this.text, t.pos, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
      }
    }
    if (this.isKeyword('FOR')) {
      // FOR VIEW / FOR REFERENCE / FOR UPDATE change nothing in a single-user simulation.
      this.next();
      const t = this.next();
      if (t.kind !== 'ident' || !['VIEW', 'REFERENCE', 'UPDATE'].includes(t.value.toUpperCase()))
        throw this.unexpected(t);
    }
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return query;
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) throw this.unexpected(t);
    return Number(t.value);
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.value === '(') {
        throw new SoqlError('MALFORMED_QUERY', 'The sandbox does not support relationship subqueries');
      }
      if (t.kind !== 'ident' || RESERVED.has(t.value.toUpperCase())) throw this.unexpected(t);
      if (t.value.toUpperCase() === 'COUNT' && this.peek(1).kind === 'punct' && this.peek(1).value === '(') {
        this.next();
        this.expectPunct('(');
        let path: FieldPath | undefined;
        if (this.peek().kind === 'ident') path = this.fieldPath();
        this.expectPunct(')');
        const item: SelectItem = { kind: 'count', path, pos: t.pos };
        const aliasToken = this.peek();
        if (aliasToken.kind === 'ident' && !RESERVED.has(aliasToken.value.toUpperCase())) {
          item.alias = aliasToken.value;
          this.next();
        }
        items.push(item);
      } else {
        items.push({ kind: 'field', path: this.fieldPath() });
      }
      const sep = this.peek();
      if (sep.kind === 'punct' && sep.value === ',') {
        this.next();
        continue;
      }
      return items;
    }
  }

  private fieldPath(): FieldPath {
    const t = this.next();
    if (t.kind !== 'ident' || RESERVED.has(t.value.toUpperCase())) throw this.unexpected(t);
    return { parts: t.value.split('.'), pos: t.pos };
  }

  /** SOQL does not allow AND and OR at the same level without parentheses. */
  private condition(): Condition {
    const first = this.term();
    const items = [first];
    let joiner: 'AND' | 'OR' | undefined;
    while (this.isKeyword('AND') || this.isKeyword('OR')) {
      const word = this.peek().value.toUpperCase() as 'AND' | 'OR';
      if (joiner && joiner !== word) throw this.unexpected();
      joiner = word;
      this.next();
      items.push(this.term());
    }
    if (!joiner) return first;
    return { kind: joiner === 'AND' ? 'and' : 'or', items };
  }

  private term(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', item: this.term() };
    }
    const t = this.peek();
    if (t.kind === 'punct' && t.value === '(') {
      this.next();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    const path = this.fieldPath();
    if (this.isKeyword('NOT') && this.isKeyword('IN', 1)) {
      this.next();
      this.next();
      return { kind: 'in', path, negate: true, values: this.valueList() };
    }
    if (this.isKeyword('IN')) {
      this.next();
      return { kind: 'in', path, negate: false, values: this.valueList() };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      return { kind: 'compare', path, op: 'LIKE', value: this.value() };
    }
    if (this.isKeyword('INCLUDES') || this.isKeyword('EXCLUDES')) {
      throw new SoqlError('MALFORMED_QUERY', 'The sandbox does not support INCLUDES / EXCLUDES');
    }
    const op = this.next();
    if (op.kind !== 'op') throw this.unexpected(op);
    return { kind: 'compare', path, op: op.value as ComparisonOp, value: this.value() };
  }

  private valueList(): Literal[] {
    this.expectPunct('(');
    const values: Literal[] = [this.value()];
    while (this.peek().kind === 'punct' && this.peek().value === ',') {
      this.next();
      values.push(this.value());
    }
    this.expectPunct(')');
    return values;
  }

  private value(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, raw: t.raw ?? t.value, pos: t.pos };
      case 'number':
        return { kind: 'number', value: Number(t.value), pos: t.pos };
      case 'date':
        if (Number.isNaN(Date.parse(`${t.value}T00:00:00Z`))) throw this.unexpected(t);
        return { kind: 'date', value: t.value, pos: t.pos };
      case 'datetime': {
        const ms = Date.parse(t.value);
        if (Number.isNaN(ms)) throw this.unexpected(t);
        return { kind: 'datetime', value: ms, text: t.value, pos: t.pos };
      }
      case 'ident': {
        const word = t.value.toUpperCase();
        if (word === 'NULL') return { kind: 'null', pos: t.pos };
        if (word === 'TRUE' || word === 'FALSE')
          return { kind: 'boolean', value: word === 'TRUE', pos: t.pos };
        if (DATE_FUNCTIONS.has(word)) return { kind: 'dateFunction', name: word, pos: t.pos };
        if (DATE_FUNCTIONS_N.has(word)) {
          this.expectPunct(':');
          const n = this.integer();
          return { kind: 'dateFunction', name: word, n, pos: t.pos };
        }
        throw this.unexpected(t);
      }
      default:
        throw this.unexpected(t);
    }
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    for (;;) {
      const path = this.fieldPath();
      let descending = false;
      if (this.isKeyword('ASC') || this.isKeyword('DESC'))
        descending = this.next().value.toUpperCase() === 'DESC';
      // Nulls sort first ascending and last descending unless told otherwise [inferred from observed behaviour].
      let nullsLast = descending;
      if (this.isKeyword('NULLS')) {
        this.next();
        const w = this.next();
        if (w.kind !== 'ident' || !['FIRST', 'LAST'].includes(w.value.toUpperCase()))
          throw this.unexpected(w);
        nullsLast = w.value.toUpperCase() === 'LAST';
      }
      items.push({ path, descending, nullsLast });
      if (this.peek().kind === 'punct' && this.peek().value === ',') {
        this.next();
        continue;
      }
      return items;
    }
  }
}

/** Parses a SOQL statement. Throws SoqlError (MALFORMED_QUERY...) on bad syntax. */
export function parseSoql(text: string): SoqlQuery {
  return new Parser(text, tokenize(text)).parse();
}

// ---- binding: names resolved against the schema -------------------------------------------------------

export interface BoundPath {
  /** Canonical segments, e.g. ['Profile', 'Name']. */
  names: string[];
  /** Reference fields followed, one per relationship segment. */
  via: FieldDef[];
  /** Objects along the way: [base, parent, ...]. */
  objects: ObjectDef[];
  leaf: FieldDef;
}

export type BoundCondition =
  | { kind: 'and' | 'or'; items: BoundCondition[] }
  | { kind: 'not'; item: BoundCondition }
  | { kind: 'test'; path: BoundPath; test: (value: unknown) => boolean };

export interface BoundQuery {
  query: SoqlQuery;
  object: ObjectDef;
  fields: BoundPath[];
  /** COUNT() without a field: only totalSize is returned. */
  countOnly: boolean;
  /** COUNT(field) aggregates: returned as one AggregateResult row. */
  aggregates: { path?: BoundPath; alias: string }[];
  where?: BoundCondition;
  orderBy: { path: BoundPath; descending: boolean; nullsLast: boolean }[];
}

export interface BindOptions {
  /** Current time, for TODAY / LAST_N_DAYS... (UTC days). */
  now?: number;
}

function bindPath(q: SoqlQuery, schema: Schema, base: ObjectDef, path: FieldPath): BoundPath {
  const objects = [base];
  const via: FieldDef[] = [];
  const names: string[] = [];
  let current = base;
  let parts = path.parts;
  // A path may be prefixed with the object name itself (SELECT User.Email FROM User).
  if (parts.length > 1 && parts[0].toLowerCase() === base.name.toLowerCase()) parts = parts.slice(1);
  for (let i = 0; i < parts.length - 1; i++) {
    const rel = current.relationships.get(parts[i].toLowerCase());
    const target = rel?.referenceTo ? schema.object(rel.referenceTo[0]) : undefined;
    if (!rel || !target) {
      throw located(
        q.text,
        path.pos,
        'INVALID_FIELD',
        `Didn't understand relationship '${parts[i]}' in field path. If you are attempting to use a custom ` +
          `relationship, be sure to append the '__r' after the custom relationship name. Please reference your ` +
          `WSDL or the describe call for the appropriate names.`,
      );
    }
    via.push(rel);
    names.push(rel.relationshipName as string);
    objects.push(target);
    current = target;
  }
  const leafName = parts[parts.length - 1];
  const leaf = current.fields.get(leafName.toLowerCase());
  if (!leaf) {
    throw located(q.text, path.pos, 'INVALID_FIELD', noSuchColumnQueryMessage(leafName, current.name));
  }
  names.push(leaf.name);
  return { names, via, objects, leaf };
}

const NUMBER_TYPES = new Set(['double', 'int', 'currency', 'percent']);
const DAY = 86_400_000;

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** [start, end) of a date function, in ms (UTC days). */
function dateFunctionRange(lit: { name: string; n?: number }, now: number): [number, number] {
  const today = startOfUtcDay(now);
  const n = lit.n ?? 0;
  switch (lit.name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'LAST_N_DAYS':
      return [today - n * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today + DAY, today + (n + 1) * DAY];
    case 'N_DAYS_AGO':
      return [today - n * DAY, today - (n - 1) * DAY];
    default:
      return [today, today + DAY];
  }
}

/** Milliseconds of a stored date/datetime value. */
function timeOf(value: unknown): number | undefined {
  return typeof value === 'string' ? parseDateTime(value) : undefined;
}

function likeRegExp(raw: string): RegExp {
  let source = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw.charAt(i + 1);
      const decoded = ESCAPES[next] ?? next;
      source += decoded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function typeMismatch(q: SoqlQuery, lit: Literal, field: FieldDef, type: string, quoted: boolean): SoqlError {
  const detail = `value of filter criterion for field '${field.name}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`;
  return located(q.text, lit.pos, 'INVALID_FIELD', detail);
}

/** A comparable form of a literal for the field's type; throws on a type mismatch. */
type Operand =
  | { kind: 'null' }
  | { kind: 'value'; value: string | number | boolean }
  | { kind: 'range'; start: number; end: number };

function operand(q: SoqlQuery, field: FieldDef, lit: Literal, now: number): Operand {
  if (lit.kind === 'null') return { kind: 'null' };
  const t = field.type;
  if (t === 'id' || t === 'reference') {
    if (lit.kind !== 'string') throw typeMismatch(q, lit, field, 'id', true);
    if (!isValidId(lit.value)) {
      throw located(q.text, lit.pos, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${lit.value}`);
    }
    return { kind: 'value', value: to18(lit.value) as string };
  }
  if (t === 'boolean') {
    if (lit.kind !== 'boolean') throw typeMismatch(q, lit, field, 'boolean', false);
    return { kind: 'value', value: lit.value };
  }
  if (NUMBER_TYPES.has(t)) {
    if (lit.kind !== 'number') throw typeMismatch(q, lit, field, t === 'int' ? 'int' : 'double', false);
    return { kind: 'value', value: lit.value };
  }
  if (t === 'date') {
    if (lit.kind === 'date') return { kind: 'value', value: timeOf(lit.value) as number };
    if (lit.kind === 'dateFunction') {
      const [start, end] = dateFunctionRange(lit, now);
      return { kind: 'range', start, end };
    }
    throw typeMismatch(q, lit, field, 'date', false);
  }
  if (t === 'datetime') {
    if (lit.kind === 'datetime') return { kind: 'value', value: lit.value };
    if (lit.kind === 'dateFunction') {
      const [start, end] = dateFunctionRange(lit, now);
      return { kind: 'range', start, end };
    }
    throw typeMismatch(q, lit, field, 'dateTime', false);
  }
  if (TEXT_TYPES.has(t)) {
    if (lit.kind !== 'string') throw typeMismatch(q, lit, field, 'string', true);
    return { kind: 'value', value: lit.value.toLowerCase() };
  }
  throw typeMismatch(q, lit, field, t, lit.kind === 'string');
}

/** The stored value in comparable form (lower-cased text, 18-char ids, ms for dates). */
function comparable(field: FieldDef, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'id':
    case 'reference':
      return to18(String(value)) ?? String(value);
    case 'date':
    case 'datetime':
      return timeOf(value) ?? null;
    case 'boolean':
      return Boolean(value);
    case 'double':
    case 'int':
    case 'currency':
    case 'percent':
      return Number(value);
    default:
      return String(value).toLowerCase();
  }
}

function compareTest(
  q: SoqlQuery,
  field: FieldDef,
  op: ComparisonOp,
  lit: Literal,
  now: number,
): (v: unknown) => boolean {
  if (op === 'LIKE') {
    if (lit.kind !== 'string') throw typeMismatch(q, lit, field, 'string', true);
    if (!TEXT_TYPES.has(field.type) && field.type !== 'id' && field.type !== 'reference') {
      throw located(q.text, lit.pos, 'INVALID_FIELD', `invalid operator on ${field.type} field: LIKE`);
    }
    const re = likeRegExp(lit.raw);
    return (v) => v !== null && v !== undefined && re.test(String(v));
  }
  const rhs = operand(q, field, lit, now);
  if (rhs.kind === 'null') {
    if (op === '=') return (v) => v === null || v === undefined;
    if (op === '!=') return (v) => v !== null && v !== undefined;
    return () => false;
  }
  if (rhs.kind === 'range') {
    const { start, end } = rhs;
    return (v) => {
      const x = comparable(field, v);
      if (x === null) return op === '!=';
      const n = x as number;
      switch (op) {
        case '=':
          return n >= start && n < end;
        case '!=':
          return n < start || n >= end;
        case '<':
          return n < start;
        case '<=':
          return n < end;
        case '>':
          return n >= end;
        case '>=':
          return n >= start;
      }
      return false;
    };
  }
  const r = rhs.value;
  return (v) => {
    const x = comparable(field, v);
    // SOQL: a null field is "not equal" to any value and never compares with < >.
    if (x === null) return op === '!=';
    switch (op) {
      case '=':
        return x === r;
      case '!=':
        return x !== r;
      case '<':
        return x < r;
      case '<=':
        return x <= r;
      case '>':
        return x > r;
      case '>=':
        return x >= r;
    }
    return false;
  };
}

function bindCondition(
  q: SoqlQuery,
  schema: Schema,
  base: ObjectDef,
  c: Condition,
  now: number,
): BoundCondition {
  switch (c.kind) {
    case 'and':
    case 'or':
      return { kind: c.kind, items: c.items.map((i) => bindCondition(q, schema, base, i, now)) };
    case 'not':
      return { kind: 'not', item: bindCondition(q, schema, base, c.item, now) };
    case 'compare': {
      const path = bindPath(q, schema, base, c.path);
      return { kind: 'test', path, test: compareTest(q, path.leaf, c.op, c.value, now) };
    }
    case 'in': {
      const path = bindPath(q, schema, base, c.path);
      const tests = c.values.map((v) => compareTest(q, path.leaf, '=', v, now));
      const any = (v: unknown): boolean => tests.some((t) => t(v));
      // NOT IN excludes nulls too (a null is not "not in" a list in SOQL) [inferred].
      return { kind: 'test', path, test: c.negate ? (v) => v !== null && v !== undefined && !any(v) : any };
    }
  }
}

/** Resolves object and field names (case-insensitively) and type-checks the WHERE clause. */
export function bindSoql(query: SoqlQuery, schema: Schema, options: BindOptions = {}): BoundQuery {
  const now = options.now ?? Date.now();
  const object = schema.object(query.from.name);
  if (!object || !object.queryable) {
    throw located(query.text, query.from.pos, 'INVALID_TYPE', unsupportedTypeQueryMessage(query.from.name));
  }
  const fields: BoundPath[] = [];
  const aggregates: BoundQuery['aggregates'] = [];
  let countOnly = false;
  for (const item of query.select) {
    if (item.kind === 'field') fields.push(bindPath(query, schema, object, item.path));
    else if (item.path)
      aggregates.push({
        path: bindPath(query, schema, object, item.path),
        alias: item.alias ?? `expr${aggregates.length}`,
      });
    else countOnly = true;
  }
  if (countOnly && (fields.length > 0 || aggregates.length > 0 || query.select.length > 1)) {
    throw new SoqlError('MALFORMED_QUERY', 'COUNT() must be the only element in the SELECT list.');
  }
  if (aggregates.length > 0 && fields.length > 0) {
    const f = query.select.find((s) => s.kind === 'field') as { path: FieldPath };
    throw located(
      query.text,
      f.path.pos,
      'MALFORMED_QUERY',
      `Field must be grouped or aggregated: ${f.path.parts.join('.')}`,
    );
  }
  const seen = new Set<string>();
  for (const f of fields) {
    const key = f.names.join('.').toLowerCase();
    // SOQL reference (FIELDS()): `[{"message":"duplicate field selected: Id","errorCode":"INVALID_FIELD"}]`.
    if (seen.has(key)) throw new SoqlError('INVALID_FIELD', `duplicate field selected: ${f.names.join('.')}`);
    seen.add(key);
  }
  return {
    query,
    object,
    fields,
    countOnly,
    aggregates,
    where: query.where ? bindCondition(query, schema, object, query.where, now) : undefined,
    orderBy: query.orderBy.map((o) => ({
      path: bindPath(query, schema, object, o.path),
      descending: o.descending,
      nullsLast: o.nullsLast,
    })),
  };
}

// ---- evaluation ----------------------------------------------------------------------------------------

export type SoqlRecord = Record<string, unknown>;

export interface SoqlSource {
  /** Rows of the queried object (already filtered for deleted/not deleted). */
  rows: SoqlRecord[];
  /** A record by object and id (for parent relationships). */
  lookup(object: string, id: string): SoqlRecord | undefined;
  /** The value of a field on a record (stored or computed). */
  value(object: ObjectDef, record: SoqlRecord, field: FieldDef): unknown;
}

function valueAt(path: BoundPath, record: SoqlRecord, source: SoqlSource): unknown {
  let current: SoqlRecord | undefined = record;
  for (let i = 0; i < path.via.length; i++) {
    const ref: unknown = source.value(path.objects[i], current, path.via[i]);
    if (typeof ref !== 'string') return null;
    current = source.lookup(path.objects[i + 1].name, ref);
    if (!current) return null;
  }
  return source.value(path.objects[path.objects.length - 1], current, path.leaf);
}

function evaluate(c: BoundCondition, record: SoqlRecord, source: SoqlSource): boolean {
  switch (c.kind) {
    case 'and':
      return c.items.every((i) => evaluate(i, record, source));
    case 'or':
      return c.items.some((i) => evaluate(i, record, source));
    case 'not':
      return !evaluate(c.item, record, source);
    case 'test':
      return c.test(valueAt(c.path, record, source));
  }
}

function compareValues(a: unknown, b: unknown, field: FieldDef): number {
  const x = comparable(field, a);
  const y = comparable(field, b);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}

export interface SoqlResult {
  totalSize: number;
  /** Result rows without `attributes` (the caller adds them with the right API version). */
  rows: SoqlRecord[];
  /** True for COUNT() queries: rows is empty, totalSize is the count. */
  countOnly: boolean;
}

/**
 * Runs a bound query. Rows come back as plain objects keyed by canonical names in SELECT order;
 * relationship paths become nested objects `{ __type, ...fields }` (or null when the parent is empty).
 */
export function runSoql(bound: BoundQuery, source: SoqlSource): SoqlResult {
  let rows = bound.where
    ? source.rows.filter((r) => evaluate(bound.where as BoundCondition, r, source))
    : [...source.rows];
  if (bound.countOnly) {
    const n = Math.max(0, Math.min(rows.length - (bound.query.offset ?? 0), bound.query.limit ?? Infinity));
    return { totalSize: n, rows: [], countOnly: true };
  }
  if (bound.aggregates.length > 0) {
    const row: SoqlRecord = { __type: 'AggregateResult' };
    for (const agg of bound.aggregates) {
      const path = agg.path;
      row[agg.alias] = path ? rows.filter((r) => valueAt(path, r, source) !== null).length : rows.length;
    }
    return { totalSize: 1, rows: [row], countOnly: false };
  }
  if (bound.orderBy.length > 0) {
    const keyed = rows.map((r) => ({ r, keys: bound.orderBy.map((o) => valueAt(o.path, r, source)) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < bound.orderBy.length; i++) {
        const o = bound.orderBy[i];
        const va = a.keys[i];
        const vb = b.keys[i];
        const aNull = va === null || va === undefined;
        const bNull = vb === null || vb === undefined;
        if (aNull || bNull) {
          if (aNull && bNull) continue;
          return (aNull ? -1 : 1) * (o.nullsLast ? -1 : 1);
        }
        const c = compareValues(va, vb, o.path.leaf);
        if (c !== 0) return o.descending ? -c : c;
      }
      return 0;
    });
    rows = keyed.map((k) => k.r);
  }
  const offset = bound.query.offset ?? 0;
  rows = rows.slice(offset, bound.query.limit === undefined ? undefined : offset + bound.query.limit);
  const projected = rows.map((r) => project(bound, r, source));
  return { totalSize: projected.length, rows: projected, countOnly: false };
}

function project(bound: BoundQuery, record: SoqlRecord, source: SoqlSource): SoqlRecord {
  const out: SoqlRecord = {};
  for (const path of bound.fields) {
    if (path.via.length === 0) {
      out[path.leaf.name] = source.value(bound.object, record, path.leaf) ?? null;
      continue;
    }
    // Walk/create nested parent objects; a missing parent makes the whole relationship null.
    let target: SoqlRecord = out;
    let current: SoqlRecord | undefined = record;
    for (let i = 0; i < path.via.length; i++) {
      const relName = path.names[i];
      const ref: unknown = current ? source.value(path.objects[i], current, path.via[i]) : null;
      current = typeof ref === 'string' ? source.lookup(path.objects[i + 1].name, ref) : undefined;
      if (!current) {
        if (!(relName in target)) target[relName] = null;
        current = undefined;
        break;
      }
      if (!target[relName]) target[relName] = { __type: path.objects[i + 1].name, __id: current.Id };
      target = target[relName] as SoqlRecord;
    }
    if (current)
      target[path.leaf.name] =
        source.value(path.objects[path.objects.length - 1], current, path.leaf) ?? null;
  }
  return out;
}
