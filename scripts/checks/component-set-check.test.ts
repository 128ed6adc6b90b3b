import { readdirSync } from 'node:fs';
import { rootElementName, rootMatchesType, runComponentSetCheck } from './component-set-check';
import { formatProblem } from './problem';
import { brokenFixture, FORCE_APP } from './test-paths';

describe('root element helpers', () => {
  it('reads the root past the declaration and comments', () => {
    expect(rootElementName('<?xml version="1.0"?>\n<!-- <Nope> -->\n<CustomField xmlns="x"/>')).toBe(
      'CustomField',
    );
  });

  it('matches the SDR type, settings files included', () => {
    expect(rootMatchesType('CustomField', 'CustomField')).toBe(true);
    expect(rootMatchesType('AccountSettings', 'Settings')).toBe(true);
    expect(rootMatchesType('CustomObject', 'CustomField')).toBe(false);
  });
});

describe('runComponentSetCheck', () => {
  it('passes on force-app and converts it to metadata format', async () => {
    const result = await runComponentSetCheck(FORCE_APP);
    expect(result.problems.map(formatProblem)).toEqual([]);
    // In source format every component has exactly one -meta.xml file.
    const components = (readdirSync(FORCE_APP, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('-meta.xml'),
    ).length;
    expect(result.detail).toBe(
      `${components} components, converted to metadata format (${components} package.xml members, API 62.0)`,
    );
  });

  it('fails on a file whose type cannot be inferred', async () => {
    const result = await runComponentSetCheck(brokenFixture('untypeable'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /widgets\/Dashboard\.widget-meta\.xml: SDR cannot type this file: Could not infer a metadata type$/,
      ),
    ]);
  });

  it('fails on an Apex class without its -meta.xml (SDR would silently leave it out)', async () => {
    const result = await runComponentSetCheck(brokenFixture('orphan-apex'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/classes\/NoMetaFile\.cls: not part of any metadata component/),
    ]);
  });

  it('fails on a field file whose root element is another type', async () => {
    const result = await runComponentSetCheck(brokenFixture('wrong-root'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /Wrong_Root__c\.field-meta\.xml: root element <CustomObject> but the path makes it a CustomField$/,
      ),
    ]);
  });
});
