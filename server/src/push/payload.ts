/**
 * One Salesforce user as the push sends it: the match key, the name, the email and every mapped
 * attribute, each value normalised so that the same data always gives the same payload (and hash):
 * emails trimmed and lower-cased, dates as YYYY-MM-DD, timestamps as ISO 8601 in UTC, blank text as
 * null, tags sorted, attribute keys in a stable order. Pure.
 */
import { tagOf, type Attribute } from './attributes';
import type { PushSettings, UserPayload } from './types';

const blank = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

export const normaliseEmail = (v: unknown): string | null =>
  blank(v) ? null : String(v).trim().toLowerCase();

/** Salesforce writes `2024-05-01T10:00:00.000+0000`; Date wants the offset with a colon. */
function toDate(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function isoDate(v: unknown): string | null {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return toDate(v)?.toISOString().slice(0, 10) ?? null;
}

function asText(v: unknown, sourceType: string): string | null {
  if (blank(v)) return null;
  if (sourceType === 'email') return normaliseEmail(v);
  if (sourceType === 'datetime') return toDate(v)?.toISOString() ?? String(v);
  return typeof v === 'string' ? v.trim() : String(v);
}

function asNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** The value of one attribute for one user, as it is hashed and sent. */
export function attributeValue(a: Attribute, raw: unknown): unknown {
  if (blank(raw)) return a.kind === 'tags' || a.kind === 'multiselect' ? [] : null;
  switch (a.kind) {
    case 'checkbox':
      return typeof raw === 'boolean' ? raw : raw === 'true' ? true : raw === 'false' ? false : null;
    case 'date':
      return isoDate(raw);
    case 'integer': {
      const n = asNumber(raw);
      return n === null ? null : Math.round(n);
    }
    case 'decimal':
      return asNumber(raw);
    case 'organization': {
      const n = asNumber(raw);
      return n !== null && Number.isInteger(n) && n > 0 ? n : null;
    }
    case 'dropdown': {
      const text = String(raw).trim();
      return a.options?.get(text) ?? tagOf(text);
    }
    case 'multiselect':
      return sorted(
        String(raw)
          .split(';')
          .map((v) => v.trim())
          .filter(Boolean)
          .map((v) => a.options?.get(v) ?? tagOf(v)),
      );
    case 'tags':
      if (typeof raw === 'boolean') return raw ? [tagOf(a.source.name.replace(/__c$/i, ''))] : [];
      // A multi-select picklist holds values separated by ";", each one tag; text holds tags
      // separated by spaces, commas or semicolons, as Zendesk reads a tag list.
      return sorted(
        String(raw)
          .split(a.source.type === 'multipicklist' ? ';' : /[;,\s]+/)
          .map((v) => v.trim())
          .filter(Boolean)
          .map(tagOf),
      );
    default:
      return asText(raw, a.source.type);
  }
}

/** The fields a segment query must select for these settings and attributes. */
export function selectedFields(settings: PushSettings, attributes: readonly Attribute[]): string[] {
  const fields = [
    'Id',
    'Email',
    settings.nameField,
    ...(settings.externalIdField ? [settings.externalIdField] : []),
  ];
  for (const a of attributes) fields.push(a.source.name);
  const seen = new Set<string>();
  return fields.filter((f) => !seen.has(f.toLowerCase()) && seen.add(f.toLowerCase()));
}

/** Reads a field of a record without regard to the case its name was written in. */
function read(record: Record<string, unknown>, field: string): unknown {
  if (field in record) return record[field];
  const lower = field.toLowerCase();
  const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}

export function buildPayload(
  record: Record<string, unknown>,
  settings: PushSettings,
  attributes: readonly Attribute[],
): UserPayload {
  const userId = String(record.Id);
  const name = blank(read(record, settings.nameField))
    ? null
    : String(read(record, settings.nameField)).trim();
  const email = normaliseEmail(record.Email);
  const rawKey = settings.matchKey === 'email' ? email : read(record, settings.externalIdField ?? 'Id');
  const key = blank(rawKey) ? null : String(rawKey).trim();
  const values: Record<string, unknown> = {};
  for (const a of [...attributes].sort((x, y) => x.key.localeCompare(y.key)))
    values[a.key] = attributeValue(a, read(record, a.source.name));
  return { userId, label: name ?? userId, key, name, email, attributes: values };
}
