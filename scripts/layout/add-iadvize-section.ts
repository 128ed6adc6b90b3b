import { XMLParser, XMLValidator } from 'fast-xml-parser';

/*
 * Adds the iAdvize fields to a User page layout retrieved from an org, without touching anything else.
 * A Layout deploy replaces the whole layout, so the project never ships one: we patch the org's own.
 *
 * The edit is made on the text, not by re-serialising a parsed tree, so that every byte outside the
 * inserted elements stays as retrieved (order, comments, entities, formatting) and the diff is minimal.
 * The parser is only used to read what is already there.
 */

export type LayoutBehavior = 'Edit' | 'Readonly';

export interface IAdvizeLayoutField {
  field: string;
  behavior: LayoutBehavior;
}

export const IADVIZE_SECTION_LABEL = 'iAdvize';

/** Editable fields go in the section's first column, read-only ones in its second. */
export const IADVIZE_LAYOUT_FIELDS: readonly IAdvizeLayoutField[] = [
  { field: 'IAdvize_Sync__c', behavior: 'Edit' },
  { field: 'IAdvize_Operator_Id__c', behavior: 'Edit' },
  { field: 'IAdvize_SSO_Token__c', behavior: 'Edit' },
  { field: 'IAdvize_Sync_Status__c', behavior: 'Readonly' },
  { field: 'IAdvize_Sync_Message__c', behavior: 'Readonly' },
  { field: 'IAdvize_Last_Synced__c', behavior: 'Readonly' },
];

/** Layout children that the Metadata API schema orders after <layoutSections>. */
const ELEMENTS_AFTER_SECTIONS = [
  'miniLayout',
  'multilineLayoutFields',
  'platformActionList',
  'quickActionList',
  'relatedContent',
  'relatedLists',
  'relatedObjects',
  'runAssignmentRulesDefault',
  'showEmailCheckbox',
  'showHighlightsPanel',
  'showInteractionLogPanel',
  'showKnowledgeComponent',
  'showRunAssignmentRulesCheckbox',
  'showSolutionSection',
  'showSubmitAndAttachButton',
  'summaryLayout',
];

interface SectionInfo {
  start: number;
  end: number;
  text: string;
  label: string;
  style: string;
  fields: string[];
}

interface Format {
  newline: string;
  sectionIndent: string;
  unit: string;
}

const sectionParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'layoutColumns' || name === 'layoutItems',
});

/**
 * Returns `layoutXml` with an "iAdvize" section holding the six iAdvize fields (Sync, Operator ID and
 * SSO Token editable; Status, Message and Last Synced read-only). Idempotent: a field already placed
 * anywhere in the layout's sections is never added again, an existing "iAdvize" section is completed
 * rather than duplicated, and when nothing is missing the input is returned unchanged.
 * The new section goes before the "Custom Links" section, else after the last section.
 * Throws when the input is not a well-formed Layout document.
 */
export function addIAdvizeSection(layoutXml: string): string {
  const validation = XMLValidator.validate(layoutXml);
  if (validation !== true) {
    throw new Error(`The layout is not well-formed XML (line ${validation.err.line}): ${validation.err.msg}`);
  }
  const root = /<([A-Za-z_][\w.:-]*)/.exec(layoutXml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1];
  if (root !== 'Layout') throw new Error(`Expected a <Layout> document, found <${root ?? 'nothing'}>`);

  const sections = findSections(layoutXml);
  const present = new Set(sections.flatMap((section) => section.fields.map((field) => field.toLowerCase())));
  const missing = IADVIZE_LAYOUT_FIELDS.filter(({ field }) => !present.has(field.toLowerCase()));
  if (missing.length === 0) return layoutXml;

  const format = detectFormat(layoutXml, sections);
  const existing = sections.find(
    (section) => section.label.trim().toLowerCase() === IADVIZE_SECTION_LABEL.toLowerCase(),
  );
  if (existing) {
    const completed = completeSection(existing.text, missing, format);
    return layoutXml.slice(0, existing.start) + completed + layoutXml.slice(existing.end);
  }

  const section = renderSection(missing, format);
  const customLinks = sections.find((candidate) => candidate.style === 'CustomLinks');
  if (customLinks) {
    return insertAt(layoutXml, customLinks.start, `${section}${format.newline}${format.sectionIndent}`);
  }
  const last = sections[sections.length - 1];
  if (last) return insertAt(layoutXml, last.end, `${format.newline}${format.sectionIndent}${section}`);
  return insertAt(
    layoutXml,
    firstPositionAfterSections(layoutXml),
    `${section}${format.newline}${format.sectionIndent}`,
  );
}

function findSections(xml: string): SectionInfo[] {
  const sections: SectionInfo[] = [];
  for (const match of xml.matchAll(/<layoutSections>[\s\S]*?<\/layoutSections>/g)) {
    const start = match.index ?? 0;
    const text = match[0];
    const parsed = (sectionParser.parse(text) as { layoutSections?: RawSection }).layoutSections ?? {};
    const fields = (parsed.layoutColumns ?? []).flatMap((column) =>
      (typeof column === 'object' ? (column.layoutItems ?? []) : []).map((item) => item.field).filter(isText),
    );
    sections.push({
      start,
      end: start + text.length,
      text,
      label: isText(parsed.label) ? parsed.label : '',
      style: isText(parsed.style) ? parsed.style : '',
      fields,
    });
  }
  return sections;
}

interface RawSection {
  label?: unknown;
  style?: unknown;
  layoutColumns?: Array<{ layoutItems?: Array<{ field?: unknown }> } | string>;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Newline style, indentation of <layoutSections> and one indentation step, as the file uses them. */
function detectFormat(xml: string, sections: SectionInfo[]): Format {
  const newline = xml.includes('\r\n') ? '\r\n' : '\n';
  const indentBefore = (offset: number): string =>
    /[ \t]*$/.exec(xml.slice(xml.lastIndexOf('\n', offset - 1) + 1, offset))?.[0] ?? '';
  const firstChild = /<Layout\b[^>]*>\s*?\n([ \t]*)</.exec(xml);
  const sectionIndent = sections[0] ? indentBefore(sections[0].start) : (firstChild?.[1] ?? '    ');
  const innerIndent = sections[0] ? /\n([ \t]*)</.exec(sections[0].text)?.[1] : undefined;
  const unit =
    innerIndent && innerIndent.length > sectionIndent.length
      ? innerIndent.slice(sectionIndent.length)
      : sectionIndent || '    ';
  return { newline, sectionIndent, unit };
}

function renderItem({ field, behavior }: IAdvizeLayoutField, indent: string, format: Format): string {
  const { newline: nl, unit } = format;
  return [
    `${indent}<layoutItems>`,
    `${indent}${unit}<behavior>${behavior}</behavior>`,
    `${indent}${unit}<field>${field}</field>`,
    `${indent}</layoutItems>`,
  ].join(nl);
}

function renderColumn(fields: IAdvizeLayoutField[], indent: string, format: Format): string {
  if (fields.length === 0) return `${indent}<layoutColumns/>`;
  const items = fields.map((field) => renderItem(field, indent + format.unit, format));
  return [`${indent}<layoutColumns>`, ...items, `${indent}</layoutColumns>`].join(format.newline);
}

function renderSection(fields: IAdvizeLayoutField[], format: Format): string {
  const { newline: nl, sectionIndent, unit } = format;
  const inner = sectionIndent + unit;
  return [
    '<layoutSections>',
    `${inner}<customLabel>true</customLabel>`,
    `${inner}<detailHeading>true</detailHeading>`,
    `${inner}<editHeading>true</editHeading>`,
    `${inner}<label>${IADVIZE_SECTION_LABEL}</label>`,
    renderColumn(
      fields.filter((f) => f.behavior === 'Edit'),
      inner,
      format,
    ),
    renderColumn(
      fields.filter((f) => f.behavior === 'Readonly'),
      inner,
      format,
    ),
    `${inner}<style>TwoColumnsTopToBottom</style>`,
    `${sectionIndent}</layoutSections>`,
  ].join(nl);
}

/** Adds `missing` to an existing iAdvize section: editable to its first column, read-only to its second. */
function completeSection(sectionText: string, missing: IAdvizeLayoutField[], format: Format): string {
  const columnPattern = /<layoutColumns\s*\/>|<layoutColumns>[\s\S]*?<\/layoutColumns>/g;
  const columns = [...sectionText.matchAll(columnPattern)].map((match) => ({
    start: match.index ?? 0,
    text: match[0],
  }));
  const columnIndent = (offset: number): string =>
    /[ \t]*$/.exec(sectionText.slice(sectionText.lastIndexOf('\n', offset - 1) + 1, offset))?.[0] ?? '';

  if (columns.length === 0) {
    const inner = columnIndent(sectionText.length - '</layoutSections>'.length) + format.unit;
    const column = renderColumn(missing, inner, format).trimStart();
    const at = sectionText.includes('<style>')
      ? sectionText.indexOf('<style>')
      : sectionText.lastIndexOf('</layoutSections>');
    return insertAt(sectionText, at, `${column}${format.newline}${inner}`);
  }

  const target = (field: IAdvizeLayoutField): number =>
    field.behavior === 'Readonly' && columns.length > 1 ? 1 : 0;
  let result = sectionText;
  for (let index = columns.length - 1; index >= 0; index--) {
    const fields = missing.filter((field) => target(field) === index);
    if (fields.length === 0) continue;
    const column = columns[index];
    const indent = columnIndent(column.start);
    const items = fields.map((field) => renderItem(field, indent + format.unit, format)).join(format.newline);
    const opening = column.text.startsWith('<layoutColumns>')
      ? column.text.replace(/\s*<\/layoutColumns>$/, '')
      : '<layoutColumns>';
    const replacement = `${opening}${format.newline}${items}${format.newline}${indent}</layoutColumns>`;
    result = result.slice(0, column.start) + replacement + result.slice(column.start + column.text.length);
  }
  return result;
}

function firstPositionAfterSections(xml: string): number {
  const pattern = new RegExp(`<(${ELEMENTS_AFTER_SECTIONS.join('|')})\\b`);
  const match = pattern.exec(xml);
  return match?.index ?? xml.lastIndexOf('</Layout>');
}

function insertAt(text: string, offset: number, insertion: string): string {
  return text.slice(0, offset) + insertion + text.slice(offset);
}
