import * as fs from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FieldSpec, loadMetadataSchema, MetadataSchema, ResolvedType } from './metadata-schema';
import { CheckResult, Problem, timed } from './problem';
import { displayPath, listSourceFiles } from './source-files';
import { Position, startTagPositions } from './xml-positions';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/**
 * Elements typed `string` in the schema whose real content is free-form XML. LightningComponentBundle
 * declares `targetConfigs?: string`, yet a bundle's targetConfigs holds <targetConfig> elements.
 */
const FREE_FORM_ELEMENTS = new Set(['LightningComponentBundle/targetConfigs']);

/** A parsed element as fast-xml-parser gives it with `preserveOrder`: `{ tag: children, ':@': attrs }`. */
type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

/**
 * Checks one `*-meta.xml` document: well-formed, a Metadata API root element in the metadata
 * namespace, and, recursively, only child elements its type allows (each at most once unless it may
 * repeat), required elements present and enumeration / boolean / number values valid.
 */
export function checkMetadataXml(
  file: string,
  xml: string,
  schema: MetadataSchema = loadMetadataSchema(),
): Problem[] {
  const text = xml.replace(/^\uFEFF/, '');
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return [{ file, line, column: col, message: `malformed XML: ${readableValidatorMessage(msg)}` }];
  }
  const problems: Problem[] = [];
  const positions = startTagPositions(text);
  let visited = 0;
  const report = (position: Position | undefined, message: string): void => {
    problems.push({ file, line: position?.line, column: position?.column, message });
  };

  const roots = (parser.parse(text) as OrderedNode[]).filter((node) => tagOf(node) !== undefined);
  if (roots.length !== 1) {
    report(undefined, `expected one root element, found ${roots.length}`);
    return problems;
  }
  const root = roots[0];
  const rootName = tagOf(root) as string;
  const rootPosition = positions[visited++];
  const rootType = schema.metadataType(rootName);
  if (!rootType) {
    report(rootPosition, `root element <${rootName}> is not a Metadata API type`);
    return problems;
  }
  const namespace = (root[':@'] as Record<string, string> | undefined)?.xmlns;
  if (namespace !== METADATA_NAMESPACE) {
    report(
      rootPosition,
      `<${rootName}> must declare xmlns="${METADATA_NAMESPACE}" (found ${namespace ?? 'none'})`,
    );
  }

  const checkElement = (
    node: OrderedNode,
    type: ResolvedType,
    path: string,
    position: Position | undefined,
  ): void => {
    const tag = tagOf(node) as string;
    const children = (node[tag] as OrderedNode[]) ?? [];
    const elements = children.filter((child) => tagOf(child) !== undefined);
    const content = children
      .map((child) => child['#text'])
      .filter((value) => value !== undefined)
      .join('')
      .trim();

    if (type.kind === 'object') {
      if (content) report(position, `<${path}> must hold elements, not text ("${shorten(content)}")`);
      const counts = new Map<string, number>();
      for (const child of elements) {
        const childTag = tagOf(child) as string;
        const index = (counts.get(childTag) ?? 0) + 1;
        counts.set(childTag, index);
        const childPosition = positions[visited++];
        const field = type.fields.get(childTag);
        if (!field) {
          report(
            childPosition,
            `unknown element <${childTag}> in <${path}> (${type.name})${suggestion(childTag, type.fields)}`,
          );
          skipSubtree(child);
          continue;
        }
        if (!field.array && index === 2) {
          report(childPosition, `<${path}/${childTag}> appears more than once but may not repeat`);
        }
        const childPath = `${path}/${childTag}${field.array ? `[${index}]` : ''}`;
        checkElement(child, field.type(), childPath, childPosition);
      }
      for (const field of type.fields.values()) {
        if (!field.optional && !field.array && !counts.has(field.name)) {
          report(position, `<${path}> is missing required element <${field.name}> (${type.name})`);
        }
      }
      return;
    }

    if (elements.length > 0) {
      const freeForm = [...FREE_FORM_ELEMENTS].some((suffix) => stripIndexes(path).endsWith(suffix));
      if (!freeForm && type.kind !== 'any') {
        report(position, `<${path}> must hold a value, not elements (<${tagOf(elements[0])}>)`);
      }
      for (const element of elements) {
        visited++;
        skipSubtree(element);
      }
      return;
    }
    if (type.kind === 'enum' && !type.values.has(content)) {
      report(
        position,
        `invalid value "${content}" for <${path}>: ${type.name} allows ${listValues(type.values)}`,
      );
    } else if (type.kind === 'primitive' && type.name === 'boolean' && !/^(true|false)$/.test(content)) {
      report(position, `invalid value "${content}" for <${path}>: expected true or false`);
    } else if (type.kind === 'primitive' && type.name === 'number' && !/^-?\d+(\.\d+)?$/.test(content)) {
      report(position, `invalid value "${content}" for <${path}>: expected a number`);
    }
  };

  /** Advances the position cursor past an element and its descendants without checking them. */
  const skipSubtree = (node: OrderedNode): void => {
    const tag = tagOf(node) as string;
    for (const child of (node[tag] as OrderedNode[]) ?? []) {
      if (tagOf(child) === undefined) continue;
      visited++;
      skipSubtree(child);
    }
  };

  checkElement(root, rootType, rootName, rootPosition);
  return problems;
}

/** Runs checkMetadataXml over every `*-meta.xml` file under `dir`. */
export function runXmlCheck(dir: string): Promise<CheckResult> {
  return timed('XML', async () => {
    const schema = loadMetadataSchema();
    const files = listSourceFiles(dir).filter((file) => file.endsWith('-meta.xml'));
    const problems = files.flatMap((file) =>
      checkMetadataXml(displayPath(file), fs.readFileSync(file, 'utf8'), schema),
    );
    return { checked: files.length, problems };
  });
}

/** fast-xml-parser reports unclosed elements as "Invalid '[ \"a\", \"b\" ]' found."; say it plainly. */
function readableValidatorMessage(message: string): string {
  const unclosed = /^Invalid '\[([\s\S]*)\]' found\.?$/.exec(message);
  if (!unclosed) return message;
  const names = unclosed[1].split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
  return `unclosed element${names.length > 1 ? 's' : ''} <${names.join('>, <')}> at end of file`;
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}

function stripIndexes(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function listValues(values: ReadonlySet<string>): string {
  const all = [...values];
  return all.length <= 40 ? all.join(', ') : `${all.slice(0, 40).join(', ')}, … (${all.length} values)`;
}

/** ", did you mean <x>?" for a close name (case-insensitive match or edit distance ≤ 2), else "". */
function suggestion(name: string, fields: Map<string, FieldSpec>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of fields.keys()) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? `, did you mean <${best}>?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
