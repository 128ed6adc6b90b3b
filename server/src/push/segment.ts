/**
 * A push's segment: a SOQL WHERE clause over User, as an admin types it ("IsActive = true AND
 * Department = 'Support'"). It is never pasted into a query: it is parsed here (comparisons, IN,
 * LIKE, AND / OR / NOT, parentheses, literals and date literals), every field is checked against the
 * User describe (it exists, can be filtered on, and is compared with a value of its type), and the
 * query gets the clause as rebuilt from the parse, with field names as the describe spells them and
 * every string escaped again. Anything else (a subquery, a semicolon, LIMIT, a relationship path)
 * is refused with a sentence saying where.
 */
import { err, ok, type Result } from '../lib/result';
import { soqlString } from '../salesforce/soql';
import type { UserField } from './types';

type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; value: string; raw: string; pos: number }
  | { kind: 'number' | 'date' | 'datetime' | 'op' | 'punct'; text: string; pos: number };

type ValueKind = 'string' | 'number' | 'boolean' | 'null' | 'date' | 'datetime' | 'dateLiteral';
interface Value {
  kind: ValueKind;
  text: string;
}

type Node =
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'not'; item: Node }
  | { kind: 'compare'; field: string; op: string; value: Value }
  | { kind: 'in'; field: string; negated: boolean; values: Value[] };

export const MAX_SEGMENT_LENGTH = 4000;
const MAX_CONDITIONS = 100;

const DATE_LITERALS = new Set(
  'TODAY YESTERDAY TOMORROW LAST_WEEK THIS_WEEK NEXT_WEEK LAST_MONTH THIS_MONTH NEXT_MONTH LAST_90_DAYS NEXT_90_DAYS THIS_QUARTER LAST_QUARTER NEXT_QUARTER THIS_YEAR LAST_YEAR NEXT_YEAR'.split(
    ' ',
  ),
);
const DATE_N_LITERALS = new Set(
  'LAST_N_DAYS NEXT_N_DAYS N_DAYS_AGO LAST_N_WEEKS NEXT_N_WEEKS N_WEEKS_AGO LAST_N_MONTHS NEXT_N_MONTHS N_MONTHS_AGO LAST_N_YEARS NEXT_N_YEARS N_YEARS_AGO'.split(
    ' ',
  ),
);
const COMPARISONS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);
const TEXT_TYPES = new Set([
  'string',
  'email',
  'phone',
  'url',
  'picklist',
  'combobox',
  'id',
  'reference',
  'textarea',
]);

class SegmentError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s+|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2}))|(\d{4}-\d{2}-\d{2})(?![\d:T])|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z][A-Za-z0-9_]*(?::\d+)?)|('(?:[^'\\]|\\.)*')|(<=|>=|!=|<>|=|<|>)|([(),])/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m)
      throw new SegmentError(
        `"${text.slice(pos).split(/\s/)[0].slice(0, 12)}" at character ${pos + 1} is not part of a filter`,
      );
    const at = pos;
    pos = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'datetime', text: m[1], pos: at });
    else if (m[2]) tokens.push({ kind: 'date', text: m[2], pos: at });
    else if (m[3]) tokens.push({ kind: 'number', text: m[3], pos: at });
    else if (m[4]) tokens.push({ kind: 'ident', text: m[4], pos: at });
    else if (m[5]) tokens.push({ kind: 'string', value: unescape(m[5].slice(1, -1)), raw: m[5], pos: at });
    else if (m[6]) tokens.push({ kind: 'op', text: m[6], pos: at });
    else if (m[7]) tokens.push({ kind: 'punct', text: m[7], pos: at });
  }
  return tokens;
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

const word = (t: Token | undefined, w: string): boolean => t?.kind === 'ident' && t.text.toUpperCase() === w;

class Parser {
  private i = 0;
  conditions = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: Map<string, UserField>,
  ) {}

  parse(): Node {
    const node = this.or();
    const extra = this.tokens[this.i];
    if (extra)
      throw new SegmentError(`${this.describe(extra)} at character ${extra.pos + 1} is not part of a filter`);
    return node;
  }

  private describe(t: Token): string {
    return t.kind === 'string' ? 'a quoted text' : `"${t.text}"`;
  }

  private or(): Node {
    const items = [this.and()];
    while (word(this.tokens[this.i], 'OR')) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private and(): Node {
    const items = [this.factor()];
    while (word(this.tokens[this.i], 'AND')) {
      this.i++;
      items.push(this.factor());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private factor(): Node {
    const t = this.tokens[this.i];
    if (word(t, 'NOT')) {
      this.i++;
      return { kind: 'not', item: this.factor() };
    }
    if (t?.kind === 'punct' && t.text === '(') {
      this.i++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.condition();
  }

  private expect(text: string): void {
    const t = this.tokens[this.i];
    if (!(t && t.kind !== 'string' && t.text === text))
      throw new SegmentError(
        t ? `expected "${text}" at character ${t.pos + 1}` : `expected "${text}" at the end`,
      );
    this.i++;
  }

  private condition(): Node {
    const t = this.tokens[this.i++];
    if (t?.kind !== 'ident')
      throw new SegmentError(
        t ? `expected a User field at character ${t.pos + 1}` : 'the filter ends too early',
      );
    const field = this.fields.get(t.text.toLowerCase());
    if (!field) throw new SegmentError(`User has no field named ${t.text} (character ${t.pos + 1})`);
    if (!field.filterable) throw new SegmentError(`${field.name} cannot be used in a filter`);
    if (++this.conditions > MAX_CONDITIONS) throw new SegmentError(`more than ${MAX_CONDITIONS} conditions`);
    const next = this.tokens[this.i];
    const negated = word(next, 'NOT');
    if (negated) this.i++;
    if (word(this.tokens[this.i], 'IN')) {
      this.i++;
      this.expect('(');
      const values = [this.value(field)];
      while (
        this.tokens[this.i]?.kind === 'punct' &&
        (this.tokens[this.i] as { text: string }).text === ','
      ) {
        this.i++;
        values.push(this.value(field));
      }
      this.expect(')');
      return { kind: 'in', field: field.name, negated, values };
    }
    if (negated) throw new SegmentError(`NOT after ${field.name} must be followed by IN`);
    const op = this.tokens[this.i++];
    if (word(op, 'LIKE')) {
      if (!TEXT_TYPES.has(field.type))
        throw new SegmentError(`LIKE works on text fields; ${field.name} is not one`);
      const pattern = this.tokens[this.i++];
      if (pattern?.kind !== 'string') throw new SegmentError(`LIKE on ${field.name} needs a quoted pattern`);
      // A pattern keeps its escapes (\% and \_ are literal): the tokenizer only lets through a quoted
      // text whose every quote and backslash is escaped.
      return { kind: 'compare', field: field.name, op: 'LIKE', value: { kind: 'string', text: pattern.raw } };
    }
    if (op?.kind !== 'op' || !COMPARISONS.has(op.text))
      throw new SegmentError(
        `expected a comparison after ${field.name}${op ? ` (character ${op.pos + 1})` : ''}`,
      );
    const value = this.value(field);
    if (field.type === 'boolean' && !['=', '!=', '<>'].includes(op.text))
      throw new SegmentError(`${field.name} is a checkbox: compare it with = true or = false`);
    return { kind: 'compare', field: field.name, op: op.text, value };
  }

  private value(field: UserField): Value {
    const t = this.tokens[this.i++];
    if (!t) throw new SegmentError(`${field.name} is compared with nothing`);
    const value = toValue(t);
    if (!fits(field, value.kind))
      throw new SegmentError(`${field.name} (${field.type}) cannot be compared with ${describeValue(value)}`);
    return value;
  }
}

function toValue(t: Token): Value {
  if (t.kind === 'string') return { kind: 'string', text: soqlString(t.value) };
  if (t.kind === 'number' || t.kind === 'date' || t.kind === 'datetime')
    return { kind: t.kind, text: t.text };
  if (t.kind === 'ident') {
    const upper = t.text.toUpperCase();
    if (upper === 'NULL') return { kind: 'null', text: 'null' };
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', text: upper.toLowerCase() };
    if (DATE_LITERALS.has(upper)) return { kind: 'dateLiteral', text: upper };
    const [name, n] = upper.split(':');
    if (n !== undefined && DATE_N_LITERALS.has(name)) return { kind: 'dateLiteral', text: upper };
  }
  throw new SegmentError(
    `"${t.kind === 'ident' ? t.text : (t as { text: string }).text}" at character ${t.pos + 1} is not a value`,
  );
}

function describeValue(v: Value): string {
  return v.kind === 'string' ? `the text ${v.text}` : v.text;
}

function fits(field: UserField, kind: ValueKind): boolean {
  if (kind === 'null') return true;
  if (field.type === 'boolean') return kind === 'boolean';
  if (NUMBER_TYPES.has(field.type)) return kind === 'number';
  if (field.type === 'date') return kind === 'date' || kind === 'dateLiteral';
  if (field.type === 'datetime') return kind === 'datetime' || kind === 'dateLiteral';
  return TEXT_TYPES.has(field.type) && kind === 'string';
}

function render(node: Node): string {
  switch (node.kind) {
    case 'compare':
      return `${node.field} ${node.op} ${node.value.text}`;
    case 'in':
      return `${node.field} ${node.negated ? 'NOT IN' : 'IN'} (${node.values.map((v) => v.text).join(', ')})`;
    case 'not':
      return `NOT (${render(node.item)})`;
    case 'and':
      return node.items.map((i) => (i.kind === 'or' ? `(${render(i)})` : render(i))).join(' AND ');
    case 'or':
      return node.items.map(render).join(' OR ');
  }
}

/**
 * The segment as a clause safe to put after WHERE, or a sentence saying what is wrong with it
 * ("Segment: User has no field named Departmnt (character 1)").
 */
export function checkSegment(
  segment: string,
  fields: ReadonlyMap<string, UserField>,
): Result<string, string> {
  if (segment.length > MAX_SEGMENT_LENGTH)
    return err(`Segment: longer than ${MAX_SEGMENT_LENGTH} characters.`);
  try {
    const tokens = tokenize(segment);
    if (tokens.length === 0) return err('Segment: write a filter over User, for example IsActive = true.');
    return ok(render(new Parser(tokens, fields as Map<string, UserField>).parse()));
  } catch (error) {
    if (error instanceof SegmentError) return err(`Segment: ${error.message}.`);
    throw error;
  }
}
