import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ComponentSet,
  MetadataConverter,
  MetadataResolver,
  SourceComponent,
} from '@salesforce/source-deploy-retrieve';
import { CheckResult, Problem, timed } from './problem';
import { sourceApiVersion } from './project-config';
import { displayPath, listSourceFiles } from './source-files';

/*
 * What the sf CLI itself would do with the directory, offline, with @salesforce/source-deploy-retrieve:
 *   1. every file's metadata type can be inferred from its path and suffix (else TypeInferenceError,
 *      which also stops `sf project deploy`);
 *   2. every file belongs to a component (SDR silently drops e.g. a .cls without its -meta.xml);
 *   3. each component's XML root element is the type SDR resolved (a field file holding <CustomObject>
 *      would be sent as the wrong thing);
 *   4. the set converts to metadata (Metadata API) format, as a deploy does first.
 * The API version is set explicitly: without it SDR looks the latest version up online and stalls.
 */

/** Root element name of an XML document, skipping the declaration and comments. */
export function rootElementName(xml: string): string | undefined {
  const body = xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  return /<([A-Za-z_][\w.:-]*)/.exec(body)?.[1];
}

/** Does a component's root element match its SDR type? Settings files are typed `Settings`. */
export function rootMatchesType(root: string, typeName: string): boolean {
  return root === typeName || (typeName === 'Settings' && root.endsWith('Settings'));
}

export function runComponentSetCheck(dir: string): Promise<CheckResult> {
  return timed('Component set', async () => {
    const sourceDir = path.resolve(dir);
    const files = listSourceFiles(sourceDir);
    const problems: Problem[] = [];

    const resolver = new MetadataResolver();
    for (const file of files) {
      try {
        resolver.getComponentsFromPath(file);
      } catch (error) {
        problems.push({
          file: displayPath(file),
          message: `SDR cannot type this file: ${messageOf(error).replace(`${file}: `, '')}`,
        });
      }
    }
    if (problems.length > 0) return { checked: files.length, problems };

    const apiVersion = sourceApiVersion(sourceDir);
    const set = ComponentSet.fromSource({ fsPaths: [sourceDir] });
    set.sourceApiVersion = apiVersion;
    set.apiVersion = apiVersion;
    const components = set
      .getSourceComponents()
      .toArray()
      .flatMap((component) => [component, ...component.getChildren()]);

    const covered = new Set<string>();
    for (const component of components) {
      for (const file of filesOf(component)) covered.add(path.resolve(file));
      const problem = rootProblem(component);
      if (problem) problems.push(problem);
    }
    for (const file of files) {
      if (!covered.has(file)) {
        problems.push({
          file: displayPath(file),
          message: 'not part of any metadata component: the sf CLI would not deploy it (missing -meta.xml?)',
        });
      }
    }

    const output = fs.mkdtempSync(path.join(os.tmpdir(), 'mdapi-'));
    let detail = '';
    try {
      await new MetadataConverter().convert(set, 'metadata', {
        type: 'directory',
        outputDirectory: output,
        genUniqueDir: false,
      });
      const members = (fs.readFileSync(path.join(output, 'package.xml'), 'utf8').match(/<members>/g) ?? [])
        .length;
      detail = `${components.length} components, converted to metadata format (${members} package.xml members, API ${apiVersion})`;
    } catch (error) {
      problems.push({
        file: displayPath(sourceDir),
        message: `conversion to metadata format failed: ${messageOf(error)}`,
      });
    } finally {
      fs.rmSync(output, { recursive: true, force: true });
    }
    return { checked: files.length, problems, detail };
  });
}

function filesOf(component: SourceComponent): string[] {
  const files = component.xml ? [component.xml] : [];
  return files.concat(component.content ? component.walkContent() : []);
}

function rootProblem(component: SourceComponent): Problem | undefined {
  if (!component.xml || !component.xml.endsWith('-meta.xml')) return undefined;
  const root = rootElementName(fs.readFileSync(component.xml, 'utf8'));
  if (root === undefined || rootMatchesType(root, component.type.name)) return undefined;
  return {
    file: displayPath(component.xml),
    message: `root element <${root}> but the path makes it a ${component.type.name}`,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
