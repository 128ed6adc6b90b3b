import { formatProblem } from './problem';
import { brokenFixture, FORCE_APP } from './test-paths';
import { checkMetadataXml, runXmlCheck } from './xml-check';
import { startTagPositions } from './xml-positions';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const messages = (xml: string): string[] => checkMetadataXml('test.xml', xml).map(formatProblem);

describe('checkMetadataXml', () => {
  it('accepts a valid custom field', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField ${NS}>
    <fullName>Flag__c</fullName>
    <defaultValue>false</defaultValue>
    <label>Flag</label>
    <type>Checkbox</type>
</CustomField>`;
    expect(messages(xml)).toEqual([]);
  });

  it('reports malformed XML with its position', () => {
    expect(messages(`<CustomField ${NS}>\n  <label>x</lable>\n</CustomField>`)).toEqual([
      expect.stringMatching(/^test\.xml:2:\d+: malformed XML: .*label/),
    ]);
  });

  it('rejects a root that is not a metadata type, and a missing namespace', () => {
    expect(messages(`<PermissionSetFieldPermissions ${NS}/>`)).toEqual([
      'test.xml:1:1: root element <PermissionSetFieldPermissions> is not a Metadata API type',
    ]);
    expect(messages('<CustomTab><label>x</label></CustomTab>')).toEqual([
      expect.stringContaining('<CustomTab> must declare xmlns="http://soap.sforce.com/2006/04/metadata"'),
    ]);
  });

  it('names the unknown element, where it is, and the likely intended name', () => {
    const xml = `<CustomField ${NS}>\n    <label>x</label>\n    <lenght>10</lenght>\n</CustomField>`;
    expect(messages(xml)).toEqual([
      'test.xml:3:5: unknown element <lenght> in <CustomField> (CustomField), did you mean <length>?',
    ]);
  });

  it('checks nested elements, enumerations, booleans, numbers, repeats and required elements', () => {
    const xml = `<CustomField ${NS}>
    <label>A</label>
    <label>B</label>
    <length>ten</length>
    <type>Picklist</type>
    <valueSet>
        <restricted>yes</restricted>
        <valueSetDefinition>
            <sorted>false</sorted>
            <value><fullName>Queued</fullName><label>Queued</label></value>
        </valueSetDefinition>
    </valueSet>
    <deleteConstraint>Explode</deleteConstraint>
</CustomField>`;
    expect(messages(xml)).toEqual([
      'test.xml:3:5: <CustomField/label> appears more than once but may not repeat',
      'test.xml:4:5: invalid value "ten" for <CustomField/length>: expected a number',
      'test.xml:7:9: invalid value "yes" for <CustomField/valueSet/restricted>: expected true or false',
      'test.xml:10:13: <CustomField/valueSet/valueSetDefinition/value[1]> is missing required element <default> (CustomValue)',
      'test.xml:13:5: invalid value "Explode" for <CustomField/deleteConstraint>: DeleteConstraint allows Cascade, Restrict, SetNull',
    ]);
  });

  it('rejects elements inside a value and text inside a complex element', () => {
    expect(
      messages(`<CustomTab ${NS}><label><b>x</b></label><actionOverrides>text</actionOverrides></CustomTab>`),
    ).toEqual([
      expect.stringContaining('<CustomTab/label> must hold a value, not elements (<b>)'),
      expect.stringContaining('<CustomTab/actionOverrides[1]> must hold elements, not text ("text")'),
    ]);
  });

  it("accepts a Lightning component's free-form targetConfigs", () => {
    const xml = `<LightningComponentBundle ${NS}>
    <apiVersion>62.0</apiVersion>
    <isExposed>true</isExposed>
    <targets><target>lightning__AppPage</target></targets>
    <targetConfigs><targetConfig targets="lightning__AppPage"><property name="title" type="String"/></targetConfig></targetConfigs>
</LightningComponentBundle>`;
    expect(messages(xml)).toEqual([]);
  });
});

describe('startTagPositions', () => {
  it('skips tags inside comments and CDATA', () => {
    const xml = '<?xml version="1.0"?>\n<a>\n  <!-- <x> -->\n  <b><![CDATA[<y>]]></b><c/>\n</a>';
    expect(startTagPositions(xml)).toEqual([
      { line: 2, column: 1 },
      { line: 4, column: 3 },
      { line: 4, column: 25 },
    ]);
  });
});

describe('runXmlCheck', () => {
  it('passes on force-app', async () => {
    const result = await runXmlCheck(FORCE_APP);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.checked).toBeGreaterThanOrEqual(15);
  });

  it('fails on malformed XML (a truncated field file)', async () => {
    const result = await runXmlCheck(brokenFixture('malformed-xml'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /Truncated__c\.field-meta\.xml:\d+:\d+: malformed XML: unclosed elements <CustomField>, <type>/,
      ),
    ]);
  });

  it('fails on an unknown element nested in a permission set', async () => {
    const result = await runXmlCheck(brokenFixture('unknown-element'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /Misspelt_Permissions\.permissionset-meta\.xml:4:9: unknown element <editible> in <PermissionSet\/fieldPermissions\[1\]> \(PermissionSetFieldPermissions\), did you mean <editable>\?$/,
      ),
      expect.stringMatching(
        /:3:5: <PermissionSet\/fieldPermissions\[1\]> is missing required element <editable>/,
      ),
    ]);
  });

  it('fails on invalid enumeration values (event type, field type)', async () => {
    const result = await runXmlCheck(brokenFixture('invalid-enum'));
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /Bad_Event__e\.object-meta\.xml:4:5: invalid value "HighVolum" for <CustomObject\/eventType>: PlatformEventType allows HighVolume, StandardVolume, ExternalEvent$/,
      ),
      expect.stringMatching(
        /Flag__c\.field-meta\.xml:6:5: invalid value "Checkbx" for <CustomField\/type>: FieldType allows /,
      ),
    ]);
  });
});
