/**
 * Custom user fields (https://developer.zendesk.com/api-reference/ticketing/users/user_fields/): the
 * fields an account adds to its users, each with a key that user objects carry values under
 * (`"user_fields": {"plan": "gold"}`), a type, and for dropdowns the options whose `value` (tag) is
 * what a user holds.
 *
 * Documented: the types; `custom_field_options[{name, value}]` for dropdown and multiselect;
 * `regexp_for_validation` for regexp; the key cannot change after creation; "avoid field keys that
 * overlap with system fields, such as id, name, tags, details, and notes".
 * Chosen here (the exact rules are not published): a key is letters, digits and underscores, not
 * only digits, at most 64 characters; system names and an existing key (any case) are refused with
 * 422 RecordInvalid; a missing type is `text`; values are checked against the field's type when a
 * user is written, an unknown key is ignored.
 */
export const USER_FIELD_TYPES = [
  'checkbox',
  'date',
  'decimal',
  'dropdown',
  'integer',
  'lookup',
  'multiselect',
  'regexp',
  'text',
  'textarea',
] as const;
export type UserFieldType = (typeof USER_FIELD_TYPES)[number];

/** Names a user object already uses: a custom field key must not shadow them. */
export const RESERVED_KEYS = new Set([
  'id',
  'name',
  'tags',
  'details',
  'notes',
  'email',
  'external_id',
  'role',
  'alias',
  'phone',
  'locale',
  'time_zone',
  'organization_id',
  'channel',
]);

export interface FieldOption {
  id: number;
  name: string;
  raw_name: string;
  value: string;
}

export interface UserField {
  id: number;
  url: string;
  key: string;
  type: UserFieldType;
  title: string;
  raw_title: string;
  description: string;
  raw_description: string;
  position: number;
  active: boolean;
  system: boolean;
  regexp_for_validation: string | null;
  created_at: string;
  updated_at: string;
  custom_field_options?: FieldOption[];
}

/** A refusal in Zendesk's words: `{error: "RecordInvalid", details: {field: [{description}]}}`. */
export interface FieldRefusal {
  field: string;
  description: string;
}

const KEY = /^[A-Za-z0-9_]{1,64}$/;

export function keyProblem(key: unknown, taken: (key: string) => boolean): string | undefined {
  if (typeof key !== 'string' || key === '') return 'Key: cannot be blank';
  if (!KEY.test(key)) return 'Key: is invalid (letters, numbers and underscores only)';
  if (/^\d+$/.test(key)) return 'Key: cannot be only numbers';
  if (RESERVED_KEYS.has(key.toLowerCase())) return `Key: ${key} is reserved for a system field`;
  if (taken(key)) return 'Key: has already been taken';
  return undefined;
}

export class UserFieldStore {
  private readonly list: UserField[] = [];
  private nextId = 360_010_000_001;
  private nextOptionId = 360_020_000_001;

  constructor(
    private readonly now: () => string,
    private readonly urlOf: (id: number) => string,
  ) {}

  all(): readonly UserField[] {
    return this.list;
  }

  byKey(key: string): UserField | undefined {
    return this.list.find((f) => f.key.toLowerCase() === key.toLowerCase());
  }

  firstAfter(id: number): number {
    const i = this.list.findIndex((f) => f.id > id);
    return i < 0 ? this.list.length : i;
  }

  firstAtOrAfter(id: number): number {
    return this.firstAfter(id - 1);
  }

  /** Creates a field from a POST body's `user_field`, or says what is wrong with it. */
  create(raw: Record<string, unknown>): UserField | FieldRefusal {
    const type = raw.type ?? 'text';
    if (!USER_FIELD_TYPES.includes(type as UserFieldType))
      return { field: 'type', description: `Type: ${String(type)} is not a valid field type` };
    const title = raw.title;
    if (typeof title !== 'string' || title.trim() === '')
      return { field: 'title', description: 'Title: cannot be blank' };
    const keyError = keyProblem(raw.key, (k) => this.byKey(k) !== undefined);
    if (keyError) return { field: 'key', description: keyError };
    const options = optionsOf(type as UserFieldType, raw.custom_field_options);
    if (typeof options === 'string') return { field: 'custom_field_options', description: options };
    if (type === 'regexp' && typeof raw.regexp_for_validation !== 'string')
      return { field: 'regexp_for_validation', description: 'Regexp for validation: cannot be blank' };
    const id = this.nextId++;
    const at = this.now();
    const description = typeof raw.description === 'string' ? raw.description : '';
    const field: UserField = {
      id,
      url: this.urlOf(id),
      key: raw.key as string,
      type: type as UserFieldType,
      title,
      raw_title: title,
      description,
      raw_description: description,
      position: this.list.length,
      active: raw.active !== false,
      system: false,
      regexp_for_validation: typeof raw.regexp_for_validation === 'string' ? raw.regexp_for_validation : null,
      created_at: at,
      updated_at: at,
      ...(options && {
        custom_field_options: options.map((o) => ({ id: this.nextOptionId++, ...o, raw_name: o.name })),
      }),
    };
    this.list.push(field);
    return field;
  }

  /** An option added in Admin Center (tests: a Salesforce picklist value Zendesk learns later). */
  addOption(key: string, option: { name: string; value: string }): void {
    const field = this.byKey(key);
    if (!field?.custom_field_options) throw new Error(`no dropdown field ${key}`);
    field.custom_field_options.push({ id: this.nextOptionId++, ...option, raw_name: option.name });
  }
}

function optionsOf(
  type: UserFieldType,
  raw: unknown,
): Array<{ name: string; value: string }> | undefined | string {
  if (type !== 'dropdown' && type !== 'multiselect') return undefined;
  if (!Array.isArray(raw) || raw.length === 0) return 'Custom field options: cannot be blank';
  const options: Array<{ name: string; value: string }> = [];
  for (const o of raw as Array<Record<string, unknown>>) {
    if (typeof o?.name !== 'string' || typeof o?.value !== 'string' || o.value === '')
      return 'Custom field options: each needs a name and a value';
    if (options.some((known) => known.value === o.value))
      return `Custom field options: value ${o.value} is used twice`;
    options.push({ name: o.name, value: o.value });
  }
  return options;
}

/**
 * A value a user object carries for a field, as stored, or why it is refused. `null` clears it.
 * [inferred] numbers may come as digit strings; dates as YYYY-MM-DD or an ISO timestamp (kept as
 * the date); a dropdown holds one option value.
 */
export function fieldValue(field: UserField, value: unknown): { value: unknown } | { error: string } {
  if (value === null || value === '') return { value: null };
  const invalid = { error: `${field.title}: ${JSON.stringify(value)} is not a valid ${field.type} value` };
  switch (field.type) {
    case 'checkbox':
      return typeof value === 'boolean' ? { value } : invalid;
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      return typeof n === 'number' && Number.isInteger(n) ? { value: n } : invalid;
    }
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? { value: n } : invalid;
    }
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(value)
        ? { value: value.slice(0, 10) }
        : invalid;
    case 'dropdown':
      return typeof value === 'string' && field.custom_field_options?.some((o) => o.value === value)
        ? { value }
        : invalid;
    case 'multiselect':
      return Array.isArray(value) &&
        value.every((v) => field.custom_field_options?.some((o) => o.value === v))
        ? { value }
        : invalid;
    case 'regexp':
      return typeof value === 'string' && new RegExp(field.regexp_for_validation ?? '').test(value)
        ? { value }
        : invalid;
    default:
      return typeof value === 'string' || typeof value === 'number' ? { value: String(value) } : invalid;
  }
}
