import { IdAllocator, checksumSuffix, isValidId, keyPrefixOf, newOrgId, sameId, to15, to18 } from './ids';

describe('Salesforce ids', () => {
  it('computes the 18-char checksum of the REST API guide example', () => {
    expect(checksumSuffix('001D000000IqhSL')).toBe('IAZ');
    expect(to18('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
  });

  it('encodes upper-case positions chunk by chunk', () => {
    expect(checksumSuffix('000000000000000')).toBe('AAA');
    expect(checksumSuffix('AAAAAAAAAAAAAAA')).toBe('555');
    expect(checksumSuffix('A0000B00000000C')).toBe('BBQ');
  });

  it('reads an 18-char id case-insensitively and restores the case from the checksum', () => {
    expect(to18('001d000000iqhsliaz')).toBe('001D000000IqhSLIAZ');
    expect(to15('001D000000IqhSLIAZ')).toBe('001D000000IqhSL');
    expect(sameId('001D000000IqhSL', '001D000000IQHSLIAZ')).toBe(true);
    expect(sameId('001D000000IqhSL', '001D000000IqhSl')).toBe(false);
  });

  it('rejects malformed ids and inconsistent checksums', () => {
    expect(isValidId('001D000000IqhSL')).toBe(true);
    expect(isValidId('001D000000IqhS')).toBe(false);
    expect(isValidId('001D000000IqhSL-AZ')).toBe(false);
    // Digit position flagged as upper case: no such id.
    expect(isValidId('000000000000000BAA')).toBe(false);
    expect(isValidId(42)).toBe(false);
  });

  it('allocates unique 18-char ids with the key prefix and a valid checksum', () => {
    const ids = new IdAllocator();
    const a = ids.allocate('005');
    const b = ids.allocate('005');
    expect(a).toHaveLength(18);
    expect(keyPrefixOf(a)).toBe('005');
    expect(a).not.toBe(b);
    expect(to18(a.slice(0, 15))).toBe(a);
    const org = newOrgId();
    expect(org.startsWith('00D')).toBe(true);
    expect(to18(org)).toBe(org);
  });
});
