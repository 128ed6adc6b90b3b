/**
 * Field values: turning what a client sends into what Salesforce stores, and the per-field checks
 * Salesforce applies on save (length, restricted picklists, email format, id types).
 *
 * Stored forms: text as string (an empty string is stored as null, as Salesforce does), booleans,
 * numbers, dates as 'YYYY-MM-DD', datetimes as '2026-01-01T00:00:00.000+0000' (the REST API format),
 * ids and references as 18-char ids.
 */
import { DmlError, RestError, dmlError } from './errors';
import { keyPrefixOf, to18 } from './ids';
import { FieldDef, Schema, TEXT_TYPES } from './schema';

/** '2026-01-01T00:00:00.000+0000' */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Parses ISO-8601 datetimes, including Salesforce's '+0000' offsets; undefined when not a datetime. */
export function parseDateTime(value: string): number | undefined {
  const normalized = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}/.test(normalized)) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(normalized) ? `${normalized}T00:00:00Z` : normalized);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Jackson's wording when a JSON value has the wrong type (REST answers 400 JSON_PARSER_ERROR). */
function cannotDeserialize(value: unknown, javaType: string): RestError {
  const token =
    typeof value === 'string'
      ? 'VALUE_STRING'
      : typeof value === 'number'
        ? 'VALUE_NUMBER_INT'
        : typeof value === 'boolean'
          ? 'VALUE_TRUE'
          : Array.isArray(value)
            ? 'START_ARRAY'
            : 'START_OBJECT';
  return new RestError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${javaType} from ${token} value ${typeof value === 'object' ? JSON.stringify(value) : String(value)} or request may be missing a required field`,
  );
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Converts one incoming value to its stored form. Type errors are request-level (thrown RestError);
 * content errors (bad email, wrong id type, length, restricted picklist) are returned as a DmlError.
 */
export function normalizeValue(
  schema: Schema,
  field: FieldDef,
  value: unknown,
): { value: unknown } | { error: DmlError } {
  if (value === null || value === undefined) return { value: field.type === 'boolean' ? false : null };
  const t = field.type;
  if (TEXT_TYPES.has(t)) {
    if (typeof value === 'object') throw cannotDeserialize(value, 'string');
    const s = String(value);
    if (s === '') return { value: null };
    if (field.length !== undefined && s.length > field.length) {
      return {
        error: dmlError(
          'STRING_TOO_LONG',
          `${field.label}: data value too large: ${s} (max length=${field.length})`,
          [field.name],
        ),
      };
    }
    if (t === 'email' && !EMAIL_RE.test(s)) {
      return {
        error: dmlError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${s}`, [field.name]),
      };
    }
    if (t === 'picklist' && field.picklist?.restricted && !field.picklist.values.includes(s)) {
      return {
        error: dmlError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${field.label}: bad value for restricted picklist field: ${s}`,
          [field.name],
        ),
      };
    }
    if (t === 'multipicklist' && field.picklist?.restricted) {
      const bad = s.split(';').find((v) => !field.picklist?.values.includes(v));
      if (bad !== undefined) {
        return {
          error: dmlError(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${field.label}: bad value for restricted picklist field: ${bad}`,
            [field.name],
          ),
        };
      }
    }
    return { value: s };
  }
  switch (t) {
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      throw cannotDeserialize(value, 'boolean');
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (Number.isNaN(n)) throw cannotDeserialize(value, t === 'int' ? 'int' : 'double');
      if (t === 'int' && !Number.isInteger(n)) throw cannotDeserialize(value, 'int');
      if (field.precision !== undefined && field.scale !== undefined) {
        const digits = Math.trunc(Math.abs(n)).toString().length;
        if (digits > field.precision - field.scale) {
          return {
            error: dmlError(
              'NUMBER_OUTSIDE_VALID_RANGE',
              `${field.label}: value outside of valid range on numeric field: ${n}`,
              [field.name],
            ),
          };
        }
        const factor = 10 ** field.scale;
        return { value: Math.round(n * factor) / factor };
      }
      return { value: n };
    }
    case 'date': {
      if (typeof value !== 'string') throw cannotDeserialize(value, 'java.util.Date');
      const ms = parseDateTime(value);
      if (ms === undefined) throw cannotDeserialize(value, 'java.util.Date');
      return { value: new Date(ms).toISOString().slice(0, 10) };
    }
    case 'datetime': {
      if (typeof value !== 'string' && typeof value !== 'number')
        throw cannotDeserialize(value, 'java.util.Calendar');
      const ms = typeof value === 'number' ? value : parseDateTime(value);
      if (ms === undefined) throw cannotDeserialize(value, 'java.util.Calendar');
      return { value: formatDateTime(ms) };
    }
    case 'id':
    case 'reference': {
      if (typeof value !== 'string') throw cannotDeserialize(value, 'String');
      if (value === '') return { value: null };
      const id = to18(value);
      const targets = (field.referenceTo ?? []).map((n) => schema.object(n)?.keyPrefix);
      if (!id || (targets.length > 0 && !targets.includes(keyPrefixOf(id)))) {
        return {
          error: dmlError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [
            field.name,
          ]),
        };
      }
      return { value: id };
    }
    default:
      return { value };
  }
}
