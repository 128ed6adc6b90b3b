/**
 * Describe resources: GET /sobjects (global describe), /sobjects/{Obj} (basic information) and
 * /sobjects/{Obj}/describe, with the subset of describe properties clients commonly read.
 */
import { FieldDef, ObjectDef, Schema } from './schema';

function urls(version: string, def: ObjectDef): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function objectSummary(def: ObjectDef, version: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: def.createable,
    custom: def.custom,
    customSetting: false,
    deletable: def.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: def.kind !== 'event',
    mergeable: false,
    mruEnabled: def.kind !== 'event',
    name: def.name,
    queryable: def.queryable,
    replicateable: def.kind !== 'event',
    retrieveable: def.queryable,
    searchable: def.queryable,
    triggerable: true,
    undeletable: def.deletable,
    updateable: def.updateable,
    urls: urls(version, def),
  };
}

function soapType(f: FieldDef): string {
  switch (f.type) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    case 'int':
      return 'xsd:int';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    default:
      return 'xsd:string';
  }
}

export function describeField(f: FieldDef): Record<string, unknown> {
  const nillable = !f.required && f.type !== 'boolean' && f.type !== 'id';
  return {
    autoNumber: Boolean(f.autoNumber),
    calculated: Boolean(f.calculated),
    caseSensitive: Boolean(f.caseSensitive),
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.defaultValue ?? null,
    defaultedOnCreate: Boolean(f.defaultedOnCreate),
    externalId: Boolean(f.externalId),
    filterable: true,
    groupable: f.type !== 'textarea',
    idLookup: Boolean(f.idLookup),
    label: f.label,
    length: f.length ?? 0,
    name: f.name,
    nillable,
    picklistValues: (f.picklist?.values ?? []).map((value) => ({
      active: true,
      defaultValue: value === f.picklist?.defaultValue,
      label: value,
      validFor: null,
      value,
    })),
    precision: f.precision ?? 0,
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    restrictedPicklist: Boolean(f.picklist?.restricted),
    scale: f.scale ?? 0,
    soapType: soapType(f),
    sortable: f.type !== 'textarea' && f.type !== 'multipicklist',
    type: f.type,
    unique: Boolean(f.unique),
    updateable: f.updateable,
  };
}

export function describeObject(def: ObjectDef, version: string): Record<string, unknown> {
  return {
    ...objectSummary(def, version),
    fields: def.fieldOrder.map((n) => describeField(def.fields.get(n.toLowerCase()) as FieldDef)),
    childRelationships: [],
    recordTypeInfos: [],
  };
}

export function globalDescribe(schema: Schema, version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: schema
      .all()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => objectSummary(d, version)),
  };
}
