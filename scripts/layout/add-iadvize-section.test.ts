import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { checkMetadataXml } from '../checks/xml-check';
import { addIAdvizeSection, IADVIZE_LAYOUT_FIELDS } from './add-iadvize-section';

const FIXTURE = fs.readFileSync(path.join(__dirname, 'fixtures', 'User-User Layout.layout-meta.xml'), 'utf8');
const OUR_FIELDS = IADVIZE_LAYOUT_FIELDS.map(({ field }) => field);

interface Section {
  label: string;
  style: string;
  layoutColumns: Array<{ layoutItems?: Array<{ field?: string; behavior?: string }> } | ''>;
}

const sectionsOf = (xml: string): Section[] =>
  new XMLParser({
    isArray: (name) => ['layoutSections', 'layoutColumns', 'layoutItems'].includes(name),
  }).parse(xml).Layout.layoutSections;
const itemsOf = (section: Section) =>
  section.layoutColumns.flatMap((column) => (column ? (column.layoutItems ?? []) : []));
const fieldCount = (xml: string, field: string): number =>
  sectionsOf(xml)
    .flatMap(itemsOf)
    .filter((item) => item.field === field).length;

/** A minimal layout in the form the sf CLI retrieves it (self-closing empty columns, no space before ?>). */
const layout = (...sections: string[]): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Layout xmlns="http://soap.sforce.com/2006/04/metadata">',
    ...sections,
    '    <showEmailCheckbox>false</showEmailCheckbox>',
    '</Layout>',
    '',
  ].join('\n');
const section = (label: string, style: string, ...columns: string[][]): string =>
  [
    '    <layoutSections>',
    '        <customLabel>true</customLabel>',
    '        <detailHeading>true</detailHeading>',
    '        <editHeading>true</editHeading>',
    `        <label>${label}</label>`,
    ...columns.map((fields) =>
      fields.length === 0
        ? '        <layoutColumns/>'
        : [
            '        <layoutColumns>',
            ...fields.map(
              (field) =>
                `            <layoutItems>\n                <behavior>Edit</behavior>\n                <field>${field}</field>\n            </layoutItems>`,
            ),
            '        </layoutColumns>',
          ].join('\n'),
    ),
    `        <style>${style}</style>`,
    '    </layoutSections>',
  ].join('\n');

describe('addIAdvizeSection on a retrieved User layout', () => {
  const patched = addIAdvizeSection(FIXTURE);

  it('adds an iAdvize section before Custom Links, editable fields left, read-only right', () => {
    const labels = sectionsOf(patched).map((s) => s.label);
    expect(labels).toEqual([
      'User Information',
      'Single Sign On Information',
      'System Information',
      'iAdvize',
      'Custom Links',
    ]);
    const iAdvize = sectionsOf(patched)[3];
    expect(iAdvize.style).toBe('TwoColumnsTopToBottom');
    const [left, right] = iAdvize.layoutColumns.map((column) => (column ? (column.layoutItems ?? []) : []));
    expect(left).toEqual([
      { behavior: 'Edit', field: 'IAdvize_Sync__c' },
      { behavior: 'Edit', field: 'IAdvize_Operator_Id__c' },
      { behavior: 'Edit', field: 'IAdvize_SSO_Token__c' },
    ]);
    expect(right).toEqual([
      { behavior: 'Readonly', field: 'IAdvize_Sync_Status__c' },
      { behavior: 'Readonly', field: 'IAdvize_Sync_Message__c' },
      { behavior: 'Readonly', field: 'IAdvize_Last_Synced__c' },
    ]);
  });

  it('changes nothing else: removing the inserted lines gives back the input', () => {
    const start = patched.indexOf(
      '    <layoutSections>\n        <customLabel>true</customLabel>\n        <detailHeading>true</detailHeading>\n        <editHeading>true</editHeading>\n        <label>iAdvize</label>',
    );
    const end = patched.indexOf('</layoutSections>', start) + '</layoutSections>\n'.length;
    expect(patched.slice(0, start) + patched.slice(end)).toBe(FIXTURE);
  });

  it('keeps the layout valid against the Metadata API schema', () => {
    expect(checkMetadataXml('patched.layout-meta.xml', patched)).toEqual([]);
  });

  it('is idempotent', () => {
    expect(addIAdvizeSection(patched)).toBe(patched);
  });
});

describe('addIAdvizeSection edge cases', () => {
  it('never duplicates a field already placed elsewhere', () => {
    const input = layout(
      section(
        'Additional',
        'TwoColumnsTopToBottom',
        ['Title', 'IAdvize_Sync__c'],
        ['IAdvize_Last_Synced__c'],
      ),
    );
    const patched = addIAdvizeSection(input);
    for (const field of OUR_FIELDS) expect(fieldCount(patched, field)).toBe(1);
    const iAdvize = sectionsOf(patched).find((s) => s.label === 'iAdvize');
    expect(itemsOf(iAdvize as Section).map((item) => item.field)).toEqual([
      'IAdvize_Operator_Id__c',
      'IAdvize_SSO_Token__c',
      'IAdvize_Sync_Status__c',
      'IAdvize_Sync_Message__c',
    ]);
  });

  it('returns the input unchanged when every field is already there', () => {
    const input = layout(section('Anywhere', 'OneColumn', OUR_FIELDS));
    expect(addIAdvizeSection(input)).toBe(input);
  });

  it('completes an existing iAdvize section instead of adding a second one', () => {
    const input = layout(
      section('Information', 'TwoColumnsTopToBottom', ['Name'], []),
      section('iAdvize', 'TwoColumnsTopToBottom', ['IAdvize_Sync__c'], []),
    );
    const patched = addIAdvizeSection(input);
    expect(sectionsOf(patched).map((s) => s.label)).toEqual(['Information', 'iAdvize']);
    const [left, right] = sectionsOf(patched)[1].layoutColumns.map((column) =>
      column ? (column.layoutItems ?? []) : [],
    );
    expect(left.map((item) => item.field)).toEqual([
      'IAdvize_Sync__c',
      'IAdvize_Operator_Id__c',
      'IAdvize_SSO_Token__c',
    ]);
    expect(right.map((item) => item.field)).toEqual([
      'IAdvize_Sync_Status__c',
      'IAdvize_Sync_Message__c',
      'IAdvize_Last_Synced__c',
    ]);
    expect(checkMetadataXml('patched.layout-meta.xml', patched)).toEqual([]);
    expect(addIAdvizeSection(patched)).toBe(patched);
  });

  it('appends after the last section when there is no Custom Links section', () => {
    const patched = addIAdvizeSection(layout(section('Information', 'TwoColumnsTopToBottom', ['Name'], [])));
    expect(sectionsOf(patched).map((s) => s.label)).toEqual(['Information', 'iAdvize']);
    expect(patched.indexOf('<label>iAdvize</label>')).toBeLessThan(patched.indexOf('<showEmailCheckbox>'));
  });

  it('places the section where the schema expects it when the layout has no section', () => {
    const patched = addIAdvizeSection(layout());
    expect(sectionsOf(patched).map((s) => s.label)).toEqual(['iAdvize']);
    expect(checkMetadataXml('patched.layout-meta.xml', patched)).toEqual([]);
  });

  it('keeps Windows line endings', () => {
    const patched = addIAdvizeSection(
      layout(section('Information', 'OneColumn', ['Name'])).replace(/\n/g, '\r\n'),
    );
    expect(patched.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('refuses what is not a well-formed Layout', () => {
    expect(() => addIAdvizeSection('<Layout><layoutSections></Layout>')).toThrow(/not well-formed XML/);
    expect(() =>
      addIAdvizeSection('<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata"/>'),
    ).toThrow('Expected a <Layout> document, found <CustomObject>');
  });
});
