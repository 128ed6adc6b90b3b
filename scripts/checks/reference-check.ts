import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CheckResult, Problem, timed } from './problem';
import { displayPath, listSourceFiles } from './source-files';

/*
 * Cross-references between the components of the source, which the schema check cannot see and a
 * deploy would refuse (or, worse, deploy a tab, app or permission that points at nothing):
 *   CustomTab            its lwcComponent exists, is exposed and targets lightning__Tab
 *   CustomApplication    each tab exists (or is a standard-… tab)
 *   PermissionSet        Apex classes, tabs, applications, custom permissions, custom objects and
 *                        custom fields it grants exist
 *   PermissionSetGroup   each permission set exists
 *   LightningComponentBundle  each @salesforce/apex/Class.method import names an @AuraEnabled static
 *                        method, each @salesforce/customPermission/Name a custom permission, each
 *                        c/name a bundle
 * Standard objects, fields, tabs and apps are taken on trust: only an org knows them.
 */

type Xml = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) =>
    [
      'tabs',
      'classAccesses',
      'tabSettings',
      'applicationVisibilities',
      'customPermissions',
      'objectPermissions',
      'fieldPermissions',
      'permissionSets',
      'target',
    ].includes(name),
});

export interface SourceIndex {
  classes: Map<string, string>;
  bundles: Map<string, { meta: Xml; scripts: Array<{ file: string; text: string }> }>;
  tabs: Set<string>;
  applications: Set<string>;
  customPermissions: Set<string>;
  permissionSets: Set<string>;
  objects: Set<string>;
  fields: Set<string>;
}

const BASE = {
  classes: /\/classes\/(?:.*\/)?([^/]+)\.cls$/,
  bundleMeta: /\/lwc\/([^/]+)\/\1\.js-meta\.xml$/,
  bundleScript: /\/lwc\/([^/]+)\/(?!__tests__\/)[^/]+\.js$/,
  tab: /\/tabs\/([^/]+)\.tab-meta\.xml$/,
  application: /\/applications\/([^/]+)\.app-meta\.xml$/,
  customPermission: /\/customPermissions\/([^/]+)\.customPermission-meta\.xml$/,
  permissionSet: /\/permissionsets\/([^/]+)\.permissionset-meta\.xml$/,
  object: /\/objects\/([^/]+)\/\1\.object-meta\.xml$/,
  field: /\/objects\/([^/]+)\/fields\/([^/]+)\.field-meta\.xml$/,
};

/** What the source defines, by name. */
export function indexSource(files: string[]): SourceIndex {
  const index: SourceIndex = {
    classes: new Map(),
    bundles: new Map(),
    tabs: new Set(),
    applications: new Set(),
    customPermissions: new Set(),
    permissionSets: new Set(),
    objects: new Set(),
    fields: new Set(),
  };
  const bundle = (name: string) => {
    if (!index.bundles.has(name)) index.bundles.set(name, { meta: {}, scripts: [] });
    return index.bundles.get(name)!;
  };
  for (const file of files) {
    const posix = file.split(path.sep).join('/');
    let m: RegExpExecArray | null;
    if ((m = BASE.classes.exec(posix))) index.classes.set(m[1], fs.readFileSync(file, 'utf8'));
    else if ((m = BASE.bundleMeta.exec(posix))) bundle(m[1]).meta = parseXml(file);
    else if ((m = BASE.bundleScript.exec(posix)))
      bundle(m[1]).scripts.push({ file, text: fs.readFileSync(file, 'utf8') });
    else if ((m = BASE.tab.exec(posix))) index.tabs.add(m[1]);
    else if ((m = BASE.application.exec(posix))) index.applications.add(m[1]);
    else if ((m = BASE.customPermission.exec(posix))) index.customPermissions.add(m[1]);
    else if ((m = BASE.permissionSet.exec(posix))) index.permissionSets.add(m[1]);
    else if ((m = BASE.object.exec(posix))) index.objects.add(m[1]);
    if ((m = BASE.field.exec(posix))) index.fields.add(`${m[1]}.${m[2]}`);
  }
  return index;
}

function parseXml(file: string): Xml {
  try {
    return parser.parse(fs.readFileSync(file, 'utf8')) as Xml;
  } catch {
    return {}; // malformed XML is the XML check's to report
  }
}

const list = (value: unknown): Xml[] => (Array.isArray(value) ? (value as Xml[]) : []);
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const isCustom = (name: string) => /__(c|e|mdt|x|b)$/.test(name);

/** Does this Apex class declare an @AuraEnabled static method of that name? */
export function hasAuraEnabledMethod(source: string, method: string): boolean {
  const pattern = new RegExp(
    String.raw`@AuraEnabled(\s*\([^)]*\))?\s+(public|global)\s+static\s+[\w.<>,\s]+?\s+${method}\s*\(`,
    'i',
  );
  return pattern.test(source);
}

/** Problems of one component file, given the index. */
export function checkReferences(file: string, index: SourceIndex): Problem[] {
  const posix = file.split(path.sep).join('/');
  const shown = displayPath(file);
  const content = fs.readFileSync(file, 'utf8');
  const problems: Problem[] = [];
  const report = (needle: string, message: string) => {
    const at = content.indexOf(needle);
    const line = at < 0 ? undefined : content.slice(0, at).split('\n').length;
    problems.push({ file: shown, line, message });
  };

  if (BASE.tab.test(posix)) {
    const tab = (parseXml(file).CustomTab ?? {}) as Xml;
    const component = text(tab.lwcComponent);
    if (component) {
      const bundle = index.bundles.get(component);
      const targets = list(
        ((bundle?.meta.LightningComponentBundle as Xml | undefined)?.targets as Xml | undefined)?.target,
      );
      const exposed = text((bundle?.meta.LightningComponentBundle as Xml | undefined)?.isExposed) === 'true';
      if (!bundle)
        report(component, `tab shows the Lightning web component ${component}, which does not exist`);
      else if (!exposed || !targets.map(text).includes('lightning__Tab'))
        report(component, `${component} must be exposed with the target lightning__Tab to be shown in a tab`);
    }
  } else if (BASE.application.test(posix)) {
    const app = (parseXml(file).CustomApplication ?? {}) as Xml;
    for (const tab of list(app.tabs).map(text)) {
      if (!tab.startsWith('standard-') && !index.tabs.has(tab))
        report(tab, `app lists the tab ${tab}, which does not exist`);
    }
  } else if (BASE.permissionSet.test(posix)) {
    permissionSetProblems((parseXml(file).PermissionSet ?? {}) as Xml, index, report);
  } else if (/\/permissionsetgroups\/[^/]+\.permissionsetgroup-meta\.xml$/.test(posix)) {
    const group = (parseXml(file).PermissionSetGroup ?? {}) as Xml;
    for (const name of list(group.permissionSets).map(text)) {
      if (!index.permissionSets.has(name))
        report(name, `group holds the permission set ${name}, which does not exist`);
    }
  } else if (BASE.bundleScript.test(posix)) {
    lwcImportProblems(content, index, report);
  }
  return problems;
}

function permissionSetProblems(
  set: Xml,
  index: SourceIndex,
  report: (needle: string, message: string) => void,
): void {
  for (const access of list(set.classAccesses)) {
    const name = text(access.apexClass);
    if (!index.classes.has(name)) report(name, `grants the Apex class ${name}, which does not exist`);
  }
  for (const setting of list(set.tabSettings)) {
    const name = text(setting.tab);
    if (!name.startsWith('standard-') && !index.tabs.has(name))
      report(name, `grants the tab ${name}, which does not exist`);
  }
  for (const visibility of list(set.applicationVisibilities)) {
    const name = text(visibility.application);
    if (!name.includes('__') && !index.applications.has(name))
      report(name, `grants the app ${name}, which does not exist`);
  }
  for (const permission of list(set.customPermissions)) {
    const name = text(permission.name);
    if (!index.customPermissions.has(name))
      report(name, `grants the custom permission ${name}, which does not exist`);
  }
  for (const permission of list(set.objectPermissions)) {
    const name = text(permission.object);
    if (isCustom(name) && !index.objects.has(name))
      report(name, `grants the object ${name}, which does not exist`);
  }
  for (const permission of list(set.fieldPermissions)) {
    const name = text(permission.field);
    const [object, field] = name.split('.');
    if (isCustom(field ?? '') && !index.fields.has(name))
      report(name, `grants the field ${name}, which does not exist`);
    else if (isCustom(object) && !index.objects.has(object))
      report(name, `grants a field of ${object}, which does not exist`);
  }
}

function lwcImportProblems(
  content: string,
  index: SourceIndex,
  report: (needle: string, message: string) => void,
): void {
  for (const [, specifier] of content.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
    const apex = /^@salesforce\/apex\/([\w]+)\.([\w]+)$/.exec(specifier);
    const permission = /^@salesforce\/customPermission\/([\w]+)$/.exec(specifier);
    const local = /^c\/([\w]+)$/.exec(specifier);
    if (apex) {
      const source = index.classes.get(apex[1]);
      if (!source) report(specifier, `imports ${specifier}: there is no Apex class ${apex[1]}`);
      else if (!hasAuraEnabledMethod(source, apex[2]))
        report(specifier, `imports ${specifier}: ${apex[1]} has no @AuraEnabled static method ${apex[2]}`);
    } else if (permission && !index.customPermissions.has(permission[1])) {
      report(specifier, `imports ${specifier}: there is no custom permission ${permission[1]}`);
    } else if (local && !index.bundles.has(local[1])) {
      report(specifier, `imports ${specifier}: there is no Lightning web component ${local[1]}`);
    }
  }
}

export function runReferenceCheck(dir: string): Promise<CheckResult> {
  return timed('References', async () => {
    const files = listSourceFiles(dir);
    const index = indexSource(files);
    const checked = files.filter(
      (file) =>
        /\.(tab|app|permissionset|permissionsetgroup)-meta\.xml$/.test(file) ||
        BASE.bundleScript.test(file.split(path.sep).join('/')),
    );
    return { checked: checked.length, problems: checked.flatMap((file) => checkReferences(file, index)) };
  });
}
