/**
 * Who may do what in the sandbox org: the permission sets and permission set groups of force-app
 * (custom permissions, object and field permissions, Apex class access, user permissions), their
 * assignments to users, and what a profile gives by itself. The Apex emulations (apex/) ask it what
 * `FeatureManagement.checkPermission` would say and what user mode allows; REST calls do not (see the
 * README: every REST session sees and edits everything).
 *
 * Profiles: System Administrator has View All Data, Modify All Data, Manage Users and Customize
 * Application, so every object and field; any other profile reads User, Profile and UserLicense (their
 * standard fields) and gets the rest from permission sets, as a freshly made custom profile would.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
}

export interface PermissionSetDef {
  name: string;
  label: string;
  customPermissions: Set<string>;
  /** By object API name, lower case. */
  objects: Map<string, ObjectAccess>;
  /** By Object.Field, lower case. */
  fields: Map<string, { readable: boolean; editable: boolean }>;
  apexClasses: Set<string>;
  userPermissions: Set<string>;
}

const ADMIN_PROFILE = 'System Administrator';
/** Standard objects every profile reads. */
const BASE_OBJECTS = new Set(['user', 'profile', 'userlicense', 'organization']);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      'customPermissions',
      'objectPermissions',
      'fieldPermissions',
      'classAccesses',
      'userPermissions',
      'permissionSets',
    ].includes(name),
});

const isTrue = (v: unknown) => String(v).trim() === 'true';
type Xml = Record<string, unknown>;

function permissionSetFromXml(name: string, xml: Xml): PermissionSetDef {
  const list = (key: string) => (xml[key] as Xml[] | undefined) ?? [];
  const def: PermissionSetDef = {
    name,
    label: String(xml.label ?? name),
    customPermissions: new Set(
      list('customPermissions')
        .filter((p) => isTrue(p.enabled))
        .map((p) => String(p.name)),
    ),
    objects: new Map(),
    fields: new Map(),
    apexClasses: new Set(
      list('classAccesses')
        .filter((c) => isTrue(c.enabled))
        .map((c) => String(c.apexClass)),
    ),
    userPermissions: new Set(
      list('userPermissions')
        .filter((p) => isTrue(p.enabled))
        .map((p) => String(p.name)),
    ),
  };
  for (const o of list('objectPermissions')) {
    def.objects.set(String(o.object).toLowerCase(), {
      read: isTrue(o.allowRead),
      create: isTrue(o.allowCreate),
      edit: isTrue(o.allowEdit),
      delete: isTrue(o.allowDelete),
    });
  }
  for (const f of list('fieldPermissions')) {
    def.fields.set(String(f.field).toLowerCase(), {
      readable: isTrue(f.readable),
      editable: isTrue(f.editable),
    });
  }
  return def;
}

/** Permission sets and groups found under a metadata folder (permissionsets/, permissionsetgroups/). */
export function loadPermissionSets(metadataDir: string | undefined): {
  sets: Map<string, PermissionSetDef>;
  groups: Map<string, string[]>;
} {
  const sets = new Map<string, PermissionSetDef>();
  const groups = new Map<string, string[]>();
  if (!metadataDir) return { sets, groups };
  const read = (folder: string, suffix: string, each: (name: string, xml: Xml) => void) => {
    const dir = join(metadataDir, folder);
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(suffix))
      .sort()) {
      const root = parser.parse(readFileSync(join(dir, file), 'utf8')) as Xml;
      const xml = Object.values(root).find((v) => v && typeof v === 'object') as Xml;
      each(file.slice(0, -suffix.length), xml ?? {});
    }
  };
  read('permissionsets', '.permissionset-meta.xml', (name, xml) =>
    sets.set(name, permissionSetFromXml(name, xml)),
  );
  read('permissionsetgroups', '.permissionsetgroup-meta.xml', (name, xml) =>
    groups.set(name, ((xml.permissionSets as unknown[]) ?? []).map(String)),
  );
  return { sets, groups };
}

export class Permissions {
  private readonly assignments = new Map<string, Set<string>>();

  constructor(
    private readonly sets: Map<string, PermissionSetDef>,
    private readonly groups: Map<string, string[]>,
    /** The profile name of a user, or undefined for an unknown user. */
    private readonly profileOf: (userId: string) => string | undefined,
    /** Required custom fields (master-detail ones included) have no field-level security in an org. */
    private readonly isRequired: (object: string, field: string) => boolean = () => false,
  ) {}

  /** Assigns a permission set, or every set of a permission set group, to a user. */
  assign(userId: string, name: string): void {
    const names = this.groups.get(name) ?? [name];
    for (const set of names) {
      if (!this.sets.has(set)) throw new Error(`No permission set or group named ${name} in the org`);
      const held = this.assignments.get(userId) ?? new Set<string>();
      held.add(set);
      this.assignments.set(userId, held);
    }
  }

  /** The permission sets assigned to a user. */
  assigned(userId: string): string[] {
    return [...(this.assignments.get(userId) ?? [])].sort();
  }

  private setsOf(userId: string): PermissionSetDef[] {
    return this.assigned(userId).map((name) => this.sets.get(name) as PermissionSetDef);
  }

  isAdmin(userId: string): boolean {
    return this.profileOf(userId) === ADMIN_PROFILE;
  }

  /** FeatureManagement.checkPermission: custom permissions come only from permission sets. */
  checkPermission(userId: string, customPermission: string): boolean {
    return this.setsOf(userId).some((set) => set.customPermissions.has(customPermission));
  }

  customPermissions(userId: string): string[] {
    return [...new Set(this.setsOf(userId).flatMap((set) => [...set.customPermissions]))].sort();
  }

  /** A system permission such as ManageUsers (System Administrators hold them all). */
  hasUserPermission(userId: string, permission: string): boolean {
    return this.isAdmin(userId) || this.setsOf(userId).some((set) => set.userPermissions.has(permission));
  }

  canRunApexClass(userId: string, className: string): boolean {
    return this.isAdmin(userId) || this.setsOf(userId).some((set) => set.apexClasses.has(className));
  }

  objectAccess(userId: string, object: string): ObjectAccess {
    const key = object.toLowerCase();
    if (this.isAdmin(userId)) return { read: true, create: true, edit: true, delete: true };
    const access = { read: BASE_OBJECTS.has(key), create: false, edit: false, delete: false };
    for (const set of this.setsOf(userId)) {
      const granted = set.objects.get(key);
      if (!granted) continue;
      access.read ||= granted.read;
      access.create ||= granted.create;
      access.edit ||= granted.edit;
      access.delete ||= granted.delete;
    }
    return access;
  }

  /**
   * Field-level security. Standard fields and required custom fields (a master-detail is one) follow
   * the object; other custom fields need a field permission (or System Administrator).
   */
  fieldAccess(userId: string, object: string, field: string): { readable: boolean; editable: boolean } {
    const objectAccess = this.objectAccess(userId, object);
    if (this.isAdmin(userId) || !field.endsWith('__c') || this.isRequired(object, field)) {
      return { readable: objectAccess.read, editable: objectAccess.edit || objectAccess.create };
    }
    const key = `${object}.${field}`.toLowerCase();
    const access = { readable: false, editable: false };
    for (const set of this.setsOf(userId)) {
      const granted = set.fields.get(key);
      access.readable ||= Boolean(granted?.readable);
      access.editable ||= Boolean(granted?.editable);
    }
    return access;
  }
}
