/**
 * Loads custom objects, custom fields (also on standard objects such as User), platform events and
 * global value sets from an sf CLI source folder (`force-app/main/default`):
 *   objects/<Obj>/<Obj>.object-meta.xml, objects/<Obj>/fields/<Field>.field-meta.xml,
 *   globalValueSets/<Name>.globalValueSet-meta.xml
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  FieldDef,
  FieldType,
  ObjectDef,
  Schema,
  addField,
  field,
  minimalStandardObject,
  newObject,
  systemFields,
} from './schema';

type Xml = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['value', 'customValue', 'referenceTo'].includes(name),
});

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface MetadataLoadResult {
  /** Objects created or extended, by API name. */
  objects: string[];
  /** Fields loaded, as Object.Field. */
  fields: string[];
  /** Things that were skipped, with the reason. */
  warnings: string[];
}

function parseFile(path: string): Xml {
  return parser.parse(readFileSync(path, 'utf8')) as Xml;
}

const str = (v: unknown): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : String(v);
const bool = (v: unknown): boolean => String(v).trim().toLowerCase() === 'true';
const num = (v: unknown): number | undefined => (str(v) === undefined ? undefined : Number(v));

/** Values of a global value set folder, by set name. */
function loadGlobalValueSets(dir: string): Map<string, { values: string[]; defaultValue?: string }> {
  const sets = new Map<string, { values: string[]; defaultValue?: string }>();
  const folder = join(dir, 'globalValueSets');
  if (!existsSync(folder)) return sets;
  for (const file of readdirSync(folder)) {
    if (!file.endsWith('.globalValueSet-meta.xml')) continue;
    const root = (parseFile(join(folder, file)).GlobalValueSet ?? {}) as Xml;
    const values = ((root.customValue as Xml[] | undefined) ?? []).map((v) => String(v.fullName));
    const def = ((root.customValue as Xml[] | undefined) ?? []).find((v) => bool(v.default));
    sets.set(file.replace('.globalValueSet-meta.xml', ''), {
      values,
      defaultValue: def ? String(def.fullName) : undefined,
    });
  }
  return sets;
}

const TYPE_MAP: Record<string, FieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  EncryptedText: 'encryptedstring',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Checkbox: 'boolean',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Time: 'time',
  Lookup: 'reference',
  MasterDetail: 'reference',
  Hierarchy: 'reference',
  AutoNumber: 'string',
  Summary: 'double',
};

/** Default lengths of types whose metadata has no <length>. */
const DEFAULT_LENGTH: Partial<Record<string, number>> = {
  TextArea: 255,
  Email: 80,
  Phone: 40,
  Url: 255,
  Picklist: 255,
  MultiselectPicklist: 4099,
  AutoNumber: 30,
};

/** Builds a field definition from a CustomField document; returns a reason string when unsupported. */
export function customFieldFromXml(
  xml: Xml,
  fallbackName: string,
  valueSets: Map<string, { values: string[]; defaultValue?: string }>,
): FieldDef | string {
  const name = str(xml.fullName) ?? fallbackName;
  const sfType = str(xml.type);
  const formula = str(xml.formula);
  if (!sfType) return `${name}: no <type>`;
  const type = formula ? formulaType(sfType) : TYPE_MAP[sfType];
  if (!type) return `${name}: unsupported field type ${sfType}`;
  const def: FieldDef = field({
    name,
    label: str(xml.label) ?? name,
    type,
    custom: true,
    calculated: Boolean(formula) || sfType === 'Summary',
    autoNumber: sfType === 'AutoNumber',
  });
  const length = num(xml.length) ?? DEFAULT_LENGTH[sfType];
  if (
    ['string', 'textarea', 'encryptedstring', 'email', 'phone', 'url', 'picklist', 'multipicklist'].includes(
      type,
    )
  ) {
    def.length = length ?? 255;
  }
  if (['double', 'currency', 'percent'].includes(type)) {
    def.precision = num(xml.precision) ?? 18;
    def.scale = num(xml.scale) ?? 0;
  }
  def.required = bool(xml.required) && type !== 'boolean';
  def.unique = bool(xml.unique);
  def.caseSensitive = bool(xml.caseSensitive);
  def.externalId = bool(xml.externalId);
  def.idLookup = def.externalId || def.unique;
  if (type === 'boolean') {
    def.defaultValue = bool(xml.defaultValue);
    def.defaultedOnCreate = true;
  } else if (str(xml.defaultValue) !== undefined && !def.calculated) {
    // Only literal defaults (quoted text, numbers, true/false) are understood; formulas are ignored.
    const literal = literalDefault(String(xml.defaultValue));
    if (literal !== undefined) {
      def.defaultValue = literal;
      def.defaultedOnCreate = true;
    }
  }
  if (type === 'picklist' || type === 'multipicklist') {
    const valueSet = (xml.valueSet ?? {}) as Xml;
    const global = str(valueSet.valueSetName);
    let values: string[] = [];
    let defaultValue: string | undefined;
    if (global) {
      const set = valueSets.get(global);
      values = set?.values ?? [];
      defaultValue = set?.defaultValue;
    } else {
      const definition = (valueSet.valueSetDefinition ?? {}) as Xml;
      const items = (definition.value as Xml[] | undefined) ?? [];
      values = items.map((v) => String(v.fullName));
      const d = items.find((v) => bool(v.default));
      defaultValue = d ? String(d.fullName) : undefined;
    }
    // A global value set is always restricted.
    def.picklist = { values, restricted: Boolean(global) || bool(valueSet.restricted), defaultValue };
    if (defaultValue !== undefined) {
      def.defaultValue = defaultValue;
      def.defaultedOnCreate = true;
    }
  }
  if (type === 'reference') {
    const refs = (xml.referenceTo as unknown[] | undefined)?.map(String) ?? [];
    def.referenceTo = refs.length > 0 ? refs : ['User'];
    def.relationshipName = name.replace(/__c$/, '__r');
    def.required = def.required || sfType === 'MasterDetail';
  }
  if (def.calculated || def.autoNumber) {
    def.createable = false;
    def.updateable = false;
  }
  return def;
}

function formulaType(sfType: string): FieldType | undefined {
  return TYPE_MAP[sfType] ?? (sfType === 'Text' ? 'string' : undefined);
}

function literalDefault(value: string): unknown {
  const v = value.trim();
  if (/^"(.*)"$/s.test(v) || /^'(.*)'$/s.test(v)) return v.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

function customObjectFromXml(name: string, xml: Xml, index: number): ObjectDef {
  const isEvent = name.endsWith('__e');
  const label = str(xml.label) ?? name;
  const labelPlural = str(xml.pluralLabel) ?? label;
  if (isEvent) {
    const [, createdDate, createdById] = systemFields(`${label} ID`);
    return newObject(
      {
        name,
        label,
        labelPlural,
        keyPrefix: `e0${BASE62.charAt(1 + index)}`,
        kind: 'event',
        custom: true,
        createable: true,
        updateable: false,
        deletable: false,
        queryable: false,
        eventType: str(xml.eventType) ?? 'HighVolume',
        publishBehavior: str(xml.publishBehavior) ?? 'PublishAfterCommit',
      },
      [
        field({
          name: 'ReplayId',
          label: 'Replay ID',
          type: 'string',
          length: 255,
          createable: false,
          updateable: false,
        }),
        createdDate,
        createdById,
        field({
          name: 'EventUuid',
          label: 'Event UUID',
          type: 'string',
          length: 36,
          createable: false,
          updateable: false,
        }),
      ],
    );
  }
  const nameField = (xml.nameField ?? {}) as Xml;
  const autoName = str(nameField.type) === 'AutoNumber';
  const [id, ...audit] = systemFields(`${label} ID`);
  return newObject(
    {
      name,
      label,
      labelPlural,
      keyPrefix: `a0${BASE62.charAt(10 + index)}`,
      kind: 'custom',
      custom: true,
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
    },
    [
      id,
      field({
        name: 'OwnerId',
        label: 'Owner ID',
        type: 'reference',
        referenceTo: ['User'],
        relationshipName: 'Owner',
        defaultedOnCreate: true,
      }),
      field({ name: 'IsDeleted', label: 'Deleted', type: 'boolean', createable: false, updateable: false }),
      field({
        name: 'Name',
        label: str(nameField.label) ?? `${label} Name`,
        type: 'string',
        length: 80,
        autoNumber: autoName,
        // Through the API a custom object's Name defaults to the record id when left empty.
        defaultedOnCreate: true,
        createable: !autoName,
        updateable: !autoName,
        defaultValue: autoName ? str(nameField.displayFormat) : undefined,
      }),
      ...audit,
    ],
  );
}

/**
 * Loads the metadata folder into `schema`. Missing folder: nothing happens. Unsupported field types are
 * skipped with a warning rather than failing the whole load.
 */
export function loadMetadata(schema: Schema, dir: string): MetadataLoadResult {
  const result: MetadataLoadResult = { objects: [], fields: [], warnings: [] };
  const objectsDir = join(dir, 'objects');
  if (!existsSync(objectsDir)) return result;
  const valueSets = loadGlobalValueSets(dir);
  const names = readdirSync(objectsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  let customIndex = 0;
  let eventIndex = 0;
  let otherIndex = 0;
  for (const name of names) {
    const folder = join(objectsDir, name);
    const objectFile = join(folder, `${name}.object-meta.xml`);
    const objectXml = existsSync(objectFile) ? ((parseFile(objectFile).CustomObject ?? {}) as Xml) : {};
    let def = schema.object(name);
    if (!def) {
      if (name.endsWith('__c') || name.endsWith('__e')) {
        if (!existsSync(objectFile)) {
          result.warnings.push(`${name}: no ${name}.object-meta.xml`);
          continue;
        }
        def = customObjectFromXml(name, objectXml, name.endsWith('__e') ? eventIndex++ : customIndex++);
      } else if (/__(mdt|b|x|kav|Share|History)$/.test(name)) {
        result.warnings.push(`${name}: object kind not simulated`);
        continue;
      } else {
        def = minimalStandardObject(name, otherIndex++);
      }
      schema.add(def);
    }
    result.objects.push(def.name);
    const fieldsDir = join(folder, 'fields');
    if (!existsSync(fieldsDir)) continue;
    for (const file of readdirSync(fieldsDir).sort()) {
      if (!file.endsWith('.field-meta.xml')) continue;
      const xml = (parseFile(join(fieldsDir, file)).CustomField ?? {}) as Xml;
      const built = customFieldFromXml(xml, file.replace('.field-meta.xml', ''), valueSets);
      if (typeof built === 'string') {
        result.warnings.push(`${def.name}.${built}`);
        continue;
      }
      addField(def, built);
      result.fields.push(`${def.name}.${built.name}`);
    }
  }
  return result;
}
