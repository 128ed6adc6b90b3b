/**
 * What each mapping writes in Zendesk, decided from the Salesforce field (the User describe) and
 * Zendesk's custom user fields: the attribute's kind of value, and for a custom attribute the field to
 * create when Zendesk lacks it. Pure: push/custom-fields.ts does the calls.
 *
 * A custom attribute is a Zendesk custom user field named like the Salesforce field: its title is
 * the field's label, its key the API name in lower case without `__c` (letters, digits, underscores,
 * never only digits, never a name a user object already uses: then `sf_` goes in front), its type
 * follows the Salesforce type (checkbox, date, integer, decimal, dropdown with the picklist's values
 * as options, multiselect, textarea, text).
 */
import type { ZendeskUserField } from '../sources/zendesk/push-types';
import { attributeKey, type Mapping, type UserField } from './types';

/** How a value is normalised and written. */
export type ValueKind =
  | 'text'
  | 'textarea'
  | 'checkbox'
  | 'date'
  | 'integer'
  | 'decimal'
  | 'dropdown'
  | 'multiselect'
  | 'tags'
  | 'organization';

export interface Attribute {
  /** `alias`, `user_fields.tier`. */
  key: string;
  mapping: Mapping;
  source: UserField;
  kind: ValueKind;
  /** Dropdown and multiselect: the option value (tag) for each Salesforce value. */
  options?: ReadonlyMap<string, string>;
}

/** Zendesk user properties and system field names a custom key must not take. */
const RESERVED = new Set([
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

/** The custom field key for a Salesforce field: `Tier__c` → `tier`, `Name` → `sf_name`. */
export function customFieldKey(salesforceField: string): string {
  const base = salesforceField
    .replace(/__c$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 60);
  return !base || /^\d+$/.test(base) || RESERVED.has(base) ? `sf_${base || 'field'}` : base;
}

/** A Zendesk tag for a picklist value: lower case, letters, digits and underscores. */
export function tagOf(value: string): string {
  const tag = value
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return tag || 'value';
}

/** Options for a picklist: one per value, tags made unique in order (`gold`, `gold_2`). */
export function optionsFor(values: readonly string[]): Array<{ name: string; value: string }> {
  const used = new Set<string>();
  return values.map((name) => {
    const base = tagOf(name);
    let value = base;
    for (let n = 2; used.has(value); n++) value = `${base}_${n}`;
    used.add(value);
    return { name, value };
  });
}

const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);

/** The Zendesk field type for a Salesforce field type, or undefined when there is none. */
export function fieldTypeFor(field: UserField): ValueKind | undefined {
  if (field.type === 'boolean') return 'checkbox';
  if (field.type === 'date' || field.type === 'datetime') return 'date';
  if (NUMBER_TYPES.has(field.type)) return field.type === 'int' || field.scale === 0 ? 'integer' : 'decimal';
  if (field.type === 'picklist') return 'dropdown';
  if (field.type === 'multipicklist') return 'multiselect';
  if (field.type === 'textarea') return 'textarea';
  if (
    ['string', 'email', 'phone', 'url', 'id', 'reference', 'combobox', 'encryptedstring'].includes(field.type)
  )
    return 'text';
  return undefined;
}

/** The `user_field` body that creates the custom field of a custom attribute mapping. */
export function customFieldBody(key: string, field: UserField): Record<string, unknown> | undefined {
  const type = fieldTypeFor(field);
  if (!type) return undefined;
  return {
    type,
    key,
    title: field.label,
    description: `Salesforce User.${field.name}, kept up to date by User Sync`,
    ...((type === 'dropdown' || type === 'multiselect') && {
      custom_field_options: optionsFor(field.picklistValues),
    }),
  };
}

/** Zendesk user field types whose values the push can write. */
const WRITABLE_FIELD_TYPES = new Set([
  'text',
  'textarea',
  'checkbox',
  'date',
  'integer',
  'decimal',
  'dropdown',
  'multiselect',
]);

/** For an existing dropdown: each Salesforce value to the option value it equals, or its tag. */
function optionMap(field: UserField, zendesk: ZendeskUserField): Map<string, string> {
  const known = new Set(zendesk.options);
  return new Map(field.picklistValues.map((v) => [v, known.has(v) ? v : tagOf(v)]));
}

export interface Catalogue {
  attributes: Attribute[];
  /** Custom attribute fields Zendesk does not have yet: key → create body. */
  missing: Map<string, Record<string, unknown>>;
  problems: string[];
}

/**
 * Every mapping resolved against the User describe and Zendesk's user fields. A custom attribute
 * whose field exists already (created by an earlier run, or by hand with the same key) reuses it.
 */
export function buildCatalogue(
  mappings: readonly Mapping[],
  describe: ReadonlyMap<string, UserField>,
  zendeskFields: readonly ZendeskUserField[],
): Catalogue {
  const byKey = new Map(zendeskFields.map((f) => [f.key.toLowerCase(), f]));
  const attributes: Attribute[] = [];
  const missing = new Map<string, Record<string, unknown>>();
  const problems: string[] = [];
  for (const mapping of mappings) {
    const source = describe.get(mapping.salesforceField.toLowerCase());
    if (!source) {
      problems.push(
        `Mapping ${attributeKey(mapping.target)}: User has no field named ${mapping.salesforceField}.`,
      );
      continue;
    }
    const key = attributeKey(mapping.target);
    const target = mapping.target;
    if (target.kind === 'standard') {
      const kind: ValueKind =
        target.attribute === 'tags'
          ? 'tags'
          : target.attribute === 'organization_id'
            ? 'organization'
            : 'text';
      attributes.push({ key, mapping, source, kind });
      continue;
    }
    const existing = byKey.get(target.key.toLowerCase());
    if (!existing) {
      const body = target.kind === 'custom_attribute' ? customFieldBody(target.key, source) : undefined;
      if (target.kind === 'user_field')
        problems.push(`Mapping ${key}: Zendesk has no user field with the key ${target.key}.`);
      else if (!body)
        problems.push(`Mapping ${key}: a ${source.type} field cannot become a Zendesk user field.`);
      else {
        missing.set(target.key, body);
        const kind = body.type as ValueKind;
        const options = body.custom_field_options as Array<{ name: string; value: string }> | undefined;
        attributes.push({
          key,
          mapping,
          source,
          kind,
          ...(options && { options: new Map(options.map((o) => [o.name, o.value])) }),
        });
      }
      continue;
    }
    if (!WRITABLE_FIELD_TYPES.has(existing.type)) {
      problems.push(
        `Mapping ${key}: the Zendesk field ${existing.key} is a ${existing.type} field, which the push does not write.`,
      );
      continue;
    }
    const kind = existing.type as ValueKind;
    attributes.push({
      key: `user_fields.${existing.key}`,
      mapping,
      source,
      kind,
      ...((kind === 'dropdown' || kind === 'multiselect') && { options: optionMap(source, existing) }),
    });
  }
  return { attributes, missing, problems };
}
