import { loadMetadataSchema, parseMetadataSchema } from './metadata-schema';

describe('parseMetadataSchema', () => {
  const schema = parseMetadataSchema(`
    export type Metadata = { fullName?: string; };
    export type Colour = 'Red' | 'Green';
    export type Part = { colour: Colour; size?: number; tags: string[]; };
    export type Widget = Metadata & { label: string; parts: Part[]; enabled?: boolean; };
    export type WidgetFolder = Widget;
    export type Loose = unknown;
  `);

  it('merges intersections and reads optional and repeated elements', () => {
    const widget = schema.metadataType('Widget');
    expect(widget?.kind).toBe('object');
    if (widget?.kind !== 'object') return;
    expect([...widget.fields.keys()]).toEqual(['fullName', 'label', 'parts', 'enabled']);
    expect(widget.fields.get('label')).toMatchObject({ optional: false, array: false });
    expect(widget.fields.get('parts')).toMatchObject({ optional: false, array: true });
    const part = widget.fields.get('parts')?.type();
    expect(part?.kind === 'object' && part.fields.get('colour')?.type()).toEqual({
      kind: 'enum',
      name: 'Colour',
      values: new Set(['Red', 'Green']),
    });
  });

  it('treats only types that reach Metadata as metadata types', () => {
    expect(schema.metadataType('WidgetFolder')?.kind).toBe('object');
    expect(schema.metadataType('Part')).toBeUndefined();
    expect(schema.metadataType('Metadata')).toBeUndefined();
    expect(schema.type('Part')?.kind).toBe('object');
    expect(schema.type('Loose')).toEqual({ kind: 'any' });
  });
});

describe('loadMetadataSchema (the installed @salesforce/types)', () => {
  const schema = loadMetadataSchema();

  it('knows the types this project ships and their enumerations', () => {
    for (const name of [
      'CustomField',
      'CustomObject',
      'PermissionSet',
      'ApexClass',
      'ApexTrigger',
      'Layout',
      'CustomTab',
    ]) {
      expect(schema.metadataType(name)?.kind).toBe('object');
    }
    const customObject = schema.metadataType('CustomObject');
    const eventType =
      customObject?.kind === 'object' ? customObject.fields.get('eventType')?.type() : undefined;
    expect(eventType?.kind === 'enum' && [...eventType.values]).toEqual([
      'HighVolume',
      'StandardVolume',
      'ExternalEvent',
    ]);
  });

  it('does not accept nested types as file roots', () => {
    expect(schema.metadataType('PermissionSetFieldPermissions')).toBeUndefined();
    expect(schema.type('PermissionSetFieldPermissions')?.kind).toBe('object');
  });
});
