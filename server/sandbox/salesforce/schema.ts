/**
 * Object and field definitions: the standard objects the app needs (User, Profile, UserLicense,
 * Organization) plus whatever custom objects, fields and platform events are loaded from metadata
 * (see metadata.ts). Names are looked up case-insensitively, as Salesforce does, and reported with
 * their canonical API name.
 */
import { KEY_PREFIXES } from './ids';

/** Field types, as `describe` reports them. */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'encryptedstring'
  | 'email'
  | 'phone'
  | 'url'
  | 'boolean'
  | 'picklist'
  | 'multipicklist'
  | 'double'
  | 'int'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'reference';

/** Field types whose values are text on the wire and in SOQL literals. */
export const TEXT_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'string',
  'textarea',
  'encryptedstring',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'time',
]);

export interface PicklistDef {
  values: string[];
  restricted: boolean;
  defaultValue?: string;
}

export interface FieldDef {
  /** Canonical API name. */
  name: string;
  label: string;
  type: FieldType;
  /** Max length of text types. */
  length?: number;
  precision?: number;
  scale?: number;
  /** Must hold a value after every save (REQUIRED_FIELD_MISSING). */
  required?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
  externalId?: boolean;
  /** Can identify a record in an upsert/GET-by-field URL (Id, Username, external ids). */
  idLookup?: boolean;
  createable: boolean;
  updateable: boolean;
  /** Set by the platform when the caller leaves it empty on insert (defaults, audit fields...). */
  defaultedOnCreate?: boolean;
  defaultValue?: unknown;
  picklist?: PicklistDef;
  referenceTo?: string[];
  relationshipName?: string;
  custom: boolean;
  /** Formula / derived: never writable, computed on read. */
  calculated?: boolean;
  autoNumber?: boolean;
  /** Status code and message used instead of DUPLICATE_VALUE for this field's uniqueness. */
  duplicateError?: { statusCode: string; message: string };
}

export type ObjectKind = 'standard' | 'custom' | 'event';

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  kind: ObjectKind;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Platform events: HighVolume or StandardVolume. */
  eventType?: string;
  publishBehavior?: string;
  /** Fields by lower-case name. */
  fields: Map<string, FieldDef>;
  /** Canonical field names in describe order. */
  fieldOrder: string[];
  /** Reference fields by lower-case relationship name (Profile -> ProfileId). */
  relationships: Map<string, FieldDef>;
}

export class Schema {
  private readonly objects = new Map<string, ObjectDef>();

  add(def: ObjectDef): ObjectDef {
    this.objects.set(def.name.toLowerCase(), def);
    return def;
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }

  byKeyPrefix(prefix: string): ObjectDef | undefined {
    return this.all().find((o) => o.keyPrefix === prefix);
  }

  field(object: ObjectDef, name: string): FieldDef | undefined {
    return object.fields.get(name.toLowerCase());
  }
}

// ---- building definitions --------------------------------------------------------------------------

type FieldSpec = Partial<FieldDef> & { name: string; type: FieldType };

export function field(spec: FieldSpec): FieldDef {
  const readOnly = spec.calculated || spec.autoNumber || spec.type === 'id';
  return {
    label: spec.name,
    custom: spec.name.endsWith('__c'),
    createable: !readOnly,
    updateable: !readOnly,
    ...spec,
  };
}

export function newObject(
  spec: Omit<ObjectDef, 'fields' | 'fieldOrder' | 'relationships'>,
  fields: FieldDef[],
): ObjectDef {
  const def: ObjectDef = { ...spec, fields: new Map(), fieldOrder: [], relationships: new Map() };
  for (const f of fields) addField(def, f);
  return def;
}

export function addField(def: ObjectDef, f: FieldDef): void {
  const key = f.name.toLowerCase();
  if (!def.fields.has(key)) def.fieldOrder.push(f.name);
  else def.fieldOrder = def.fieldOrder.map((n) => (n.toLowerCase() === key ? f.name : n));
  def.fields.set(key, f);
  if (f.type === 'reference' && f.relationshipName)
    def.relationships.set(f.relationshipName.toLowerCase(), f);
}

const readOnly = { createable: false, updateable: false } as const;

/** Fields every object has: Id and the audit fields. */
export function systemFields(idLabel: string): FieldDef[] {
  return [
    field({ name: 'Id', type: 'id', label: idLabel, length: 18, idLookup: true, ...readOnly }),
    field({
      name: 'CreatedDate',
      type: 'datetime',
      label: 'Created Date',
      ...readOnly,
      defaultedOnCreate: true,
    }),
    field({
      name: 'CreatedById',
      type: 'reference',
      label: 'Created By ID',
      referenceTo: ['User'],
      relationshipName: 'CreatedBy',
      ...readOnly,
      defaultedOnCreate: true,
    }),
    field({
      name: 'LastModifiedDate',
      type: 'datetime',
      label: 'Last Modified Date',
      ...readOnly,
      defaultedOnCreate: true,
    }),
    field({
      name: 'LastModifiedById',
      type: 'reference',
      label: 'Last Modified By ID',
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy',
      ...readOnly,
      defaultedOnCreate: true,
    }),
    field({
      name: 'SystemModstamp',
      type: 'datetime',
      label: 'System Modstamp',
      ...readOnly,
      defaultedOnCreate: true,
    }),
  ];
}

// ---- restricted picklist values of User --------------------------------------------------------------

/** Salesforce time zone keys are IANA names (plus GMT). */
export function timeZoneKeys(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf
    ? intl.supportedValuesOf('timeZone')
    : ['Europe/Paris', 'America/Los_Angeles'];
  return ['GMT', ...zones];
}

/** A representative subset of Salesforce locale keys (Setup > Company Information > Locale). */
// prettier-ignore
export const LOCALE_KEYS = [
  'ar_AE', 'ar_SA', 'bg_BG', 'cs_CZ', 'da_DK', 'de_AT', 'de_CH', 'de_DE', 'de_LU', 'el_GR', 'en_AU', 'en_CA',
  'en_GB', 'en_IE', 'en_IN', 'en_NZ', 'en_SG', 'en_US', 'en_ZA', 'es_AR', 'es_CL', 'es_CO', 'es_ES', 'es_MX',
  'es_US', 'et_EE', 'fi_FI', 'fr_BE', 'fr_CA', 'fr_CH', 'fr_FR', 'fr_LU', 'he_IL', 'hr_HR', 'hu_HU', 'in_ID',
  'it_CH', 'it_IT', 'iw_IL', 'ja_JP', 'ko_KR', 'lt_LT', 'lv_LV', 'nl_BE', 'nl_NL', 'no_NO', 'pl_PL', 'pt_BR',
  'pt_PT', 'ro_RO', 'ru_RU', 'sk_SK', 'sl_SI', 'sv_SE', 'th_TH', 'tr_TR', 'uk_UA', 'vi_VN', 'zh_CN', 'zh_HK',
  'zh_TW',
];

/** Fully supported and end-user languages (Salesforce Help, "Supported Languages"). */
// prettier-ignore
export const LANGUAGE_KEYS = [
  'en_US', 'de', 'es', 'es_MX', 'fr', 'it', 'ja', 'ko', 'nl_NL', 'pt_BR', 'ru', 'sv', 'th', 'zh_CN', 'zh_TW',
  'da', 'fi', 'no', 'ar', 'bg', 'cs', 'el', 'en_GB', 'et', 'hr', 'hu', 'in', 'iw', 'lt', 'lv', 'pl', 'pt_PT',
  'ro', 'sk', 'sl', 'tr', 'uk', 'vi',
];

// prettier-ignore
export const EMAIL_ENCODING_KEYS = [
  'UTF-8', 'ISO-8859-1', 'Shift_JIS', 'ISO-2022-JP', 'EUC-JP', 'ks_c_5601-1987', 'Big5', 'GB2312', 'Big5-HKSCS',
  'x-SJIS_0213',
];

export const USER_TYPES = [
  'Standard',
  'PowerPartner',
  'PowerCustomerSuccess',
  'CustomerSuccess',
  'Guest',
  'CsnOnly',
];

// ---- standard objects ------------------------------------------------------------------------------

function userObject(): ObjectDef {
  const text = (name: string, label: string, length: number, extra: Partial<FieldDef> = {}): FieldDef =>
    field({ name, label, type: 'string', length, ...extra });
  const restricted = (name: string, label: string, values: string[]): FieldDef =>
    field({ name, label, type: 'picklist', required: true, picklist: { values, restricted: true } });
  const [id, ...audit] = systemFields('User ID');
  return newObject(
    {
      name: 'User',
      label: 'User',
      labelPlural: 'Users',
      keyPrefix: KEY_PREFIXES.User,
      kind: 'standard',
      custom: false,
      createable: true,
      updateable: true,
      deletable: false,
      queryable: true,
    },
    [
      id,
      text('Username', 'Username', 80, {
        required: true,
        unique: true,
        idLookup: true,
        duplicateError: {
          statusCode: 'DUPLICATE_USERNAME',
          // Wording of the Setup/API error (it really contains <br>).
          message:
            'Duplicate Username.<br>The username already exists in this or another Salesforce organization. ' +
            "Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn't need to match the user's email address). ",
        },
      }),
      text('LastName', 'Last Name', 80, { required: true }),
      text('FirstName', 'First Name', 40),
      text('Name', 'Full Name', 121, { calculated: true }),
      text('CompanyName', 'Company Name', 80),
      text('Division', 'Division', 80),
      text('Department', 'Department', 80),
      text('Title', 'Title', 80),
      field({ name: 'Email', label: 'Email', type: 'email', length: 128, required: true }),
      text('Alias', 'Alias', 8, { required: true }),
      text('CommunityNickname', 'Nickname', 40, {
        unique: true,
        defaultedOnCreate: true,
        duplicateError: {
          statusCode: 'DUPLICATE_COMM_NICKNAME',
          message:
            'Duplicate Nickname.<br>Another user has already selected this nickname.<br>Please select another.',
        },
      }),
      field({
        name: 'IsActive',
        label: 'Active',
        type: 'boolean',
        defaultValue: true,
        defaultedOnCreate: true,
      }),
      field({
        name: 'ProfileId',
        label: 'Profile ID',
        type: 'reference',
        referenceTo: ['Profile'],
        relationshipName: 'Profile',
        required: true,
      }),
      field({
        name: 'ManagerId',
        label: 'Manager ID',
        type: 'reference',
        referenceTo: ['User'],
        relationshipName: 'Manager',
      }),
      field({
        name: 'UserType',
        label: 'User Type',
        type: 'picklist',
        picklist: { values: USER_TYPES, restricted: true },
        createable: false,
        updateable: false,
        defaultedOnCreate: true,
      }),
      text('FederationIdentifier', 'SAML Federation ID', 512),
      text('EmployeeNumber', 'Employee Number', 20),
      field({ name: 'Phone', label: 'Phone', type: 'phone', length: 40 }),
      field({ name: 'MobilePhone', label: 'Mobile', type: 'phone', length: 40 }),
      restricted('TimeZoneSidKey', 'Time Zone', timeZoneKeys()),
      restricted('LocaleSidKey', 'Locale', LOCALE_KEYS),
      restricted('EmailEncodingKey', 'Email Encoding', EMAIL_ENCODING_KEYS),
      restricted('LanguageLocaleKey', 'Language', LANGUAGE_KEYS),
      field({
        name: 'LastLoginDate',
        label: 'Last Login',
        type: 'datetime',
        createable: false,
        updateable: false,
      }),
      ...audit,
    ],
  );
}

function profileObject(): ObjectDef {
  const [id, ...audit] = systemFields('Profile ID');
  return newObject(
    {
      name: 'Profile',
      label: 'Profile',
      labelPlural: 'Profile',
      keyPrefix: KEY_PREFIXES.Profile,
      kind: 'standard',
      custom: false,
      createable: false,
      updateable: false,
      deletable: false,
      queryable: true,
    },
    [
      id,
      field({
        name: 'Name',
        label: 'Name',
        type: 'string',
        length: 255,
        required: true,
        createable: false,
        updateable: false,
      }),
      field({
        name: 'UserLicenseId',
        label: 'User License ID',
        type: 'reference',
        referenceTo: ['UserLicense'],
        relationshipName: 'UserLicense',
        createable: false,
        updateable: false,
      }),
      field({
        name: 'UserType',
        label: 'User Type',
        type: 'picklist',
        picklist: { values: USER_TYPES, restricted: true },
        createable: false,
        updateable: false,
      }),
      field({
        name: 'Description',
        label: 'Description',
        type: 'string',
        length: 255,
        createable: false,
        updateable: false,
      }),
      ...audit,
    ],
  );
}

function userLicenseObject(): ObjectDef {
  const [id, ...audit] = systemFields('User License ID');
  const ro = { createable: false, updateable: false } as const;
  return newObject(
    {
      name: 'UserLicense',
      label: 'User License',
      labelPlural: 'User Licenses',
      keyPrefix: KEY_PREFIXES.UserLicense,
      kind: 'standard',
      custom: false,
      createable: false,
      updateable: false,
      deletable: false,
      queryable: true,
    },
    [
      id,
      field({ name: 'Name', label: 'Name', type: 'string', length: 40, ...ro }),
      field({ name: 'MasterLabel', label: 'Master Label', type: 'string', length: 40, ...ro }),
      field({
        name: 'LicenseDefinitionKey',
        label: 'License Definition Key',
        type: 'string',
        length: 40,
        ...ro,
      }),
      field({
        name: 'Status',
        label: 'Status',
        type: 'picklist',
        picklist: { values: ['Active', 'Disabled'], restricted: true },
        ...ro,
      }),
      field({ name: 'TotalLicenses', label: 'Total Licenses', type: 'int', ...ro }),
      field({ name: 'UsedLicenses', label: 'Used Licenses', type: 'int', calculated: true }),
      ...audit,
    ],
  );
}

function organizationObject(): ObjectDef {
  const [id, ...audit] = systemFields('Organization ID');
  const ro = { createable: false, updateable: false } as const;
  return newObject(
    {
      name: 'Organization',
      label: 'Organization',
      labelPlural: 'Organizations',
      keyPrefix: KEY_PREFIXES.Organization,
      kind: 'standard',
      custom: false,
      createable: false,
      updateable: false,
      deletable: false,
      queryable: true,
    },
    [
      id,
      field({ name: 'Name', label: 'Name', type: 'string', length: 80, ...ro }),
      field({ name: 'OrganizationType', label: 'Edition', type: 'string', length: 40, ...ro }),
      field({ name: 'IsSandbox', label: 'Is Sandbox', type: 'boolean', ...ro }),
      field({ name: 'InstanceName', label: 'Instance Name', type: 'string', length: 5, ...ro }),
      field({ name: 'NamespacePrefix', label: 'Namespace Prefix', type: 'string', length: 15, ...ro }),
      field({ name: 'DefaultLocaleSidKey', label: 'Locale', type: 'string', length: 40, ...ro }),
      field({ name: 'LanguageLocaleKey', label: 'Language', type: 'string', length: 40, ...ro }),
      field({ name: 'TimeZoneSidKey', label: 'Time Zone', type: 'string', length: 40, ...ro }),
      ...audit,
    ],
  );
}

/** Key prefixes of a few other standard objects, used when metadata adds fields to them. */
const OTHER_STANDARD_PREFIXES: Record<string, string> = {
  Account: KEY_PREFIXES.Account,
  Contact: KEY_PREFIXES.Contact,
  Lead: '00Q',
  Case: '500',
  Opportunity: '006',
};

/** A minimal definition for a standard object the sandbox does not model, so its custom fields can load. */
export function minimalStandardObject(name: string, index: number): ObjectDef {
  const [id, ...audit] = systemFields(`${name} ID`);
  return newObject(
    {
      name,
      label: name,
      labelPlural: `${name}s`,
      keyPrefix: OTHER_STANDARD_PREFIXES[name] ?? `0X${String.fromCharCode(65 + (index % 26))}`,
      kind: 'standard',
      custom: false,
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
    },
    [
      id,
      field({ name: 'Name', label: 'Name', type: 'string', length: 255 }),
      field({
        name: 'OwnerId',
        label: 'Owner ID',
        type: 'reference',
        referenceTo: ['User'],
        relationshipName: 'Owner',
        defaultedOnCreate: true,
      }),
      field({ name: 'IsDeleted', label: 'Deleted', type: 'boolean', createable: false, updateable: false }),
      ...audit,
    ],
  );
}

export function standardSchema(): Schema {
  const schema = new Schema();
  schema.add(userObject());
  schema.add(profileObject());
  schema.add(userLicenseObject());
  schema.add(organizationObject());
  return schema;
}
