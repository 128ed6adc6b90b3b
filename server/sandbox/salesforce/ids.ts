/**
 * Salesforce record ids: 15-character case-sensitive ids and their 18-character case-insensitive form.
 *
 * A 15-char id is: 3-char key prefix (the object type, e.g. 005 = User) + 2-char instance/pod +
 * 1 reserved char + 9-char base-62 record number. The 18-char form appends a 3-char checksum that
 * encodes, for each 5-char chunk, which characters are upper-case letters (bit i set = char i is A-Z),
 * each chunk's 5-bit value mapped onto "A-Z0-5". Example from the REST API developer guide:
 * 001D000000IqhSL -> 001D000000IqhSLIAZ.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$/;

/** Key prefixes of the standard objects (and pseudo-objects) the sandbox knows. */
export const KEY_PREFIXES = {
  Account: '001',
  Contact: '003',
  User: '005',
  Organization: '00D',
  UserRole: '00E',
  Profile: '00e',
  UserLicense: '100',
  QueryLocator: '01g',
  /** Ids returned when publishing a platform event ("isn't always unique" per the docs). */
  PlatformEvent: 'e01',
} as const;

/** The 3-character checksum that turns a 15-char id into an 18-char one. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(flags);
  }
  return suffix;
}

/** Converts a 15- or 18-char id into the 18-char form; returns undefined when it is not a well-formed id. */
export function to18(id: string): string | undefined {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return undefined;
  if (id.length === 18) {
    // The 18-char form is case-insensitive: restore the case of the first 15 chars from the checksum.
    const head = restoreCase(id.slice(0, 15), id.slice(15).toUpperCase());
    return head === undefined ? undefined : head + checksumSuffix(head);
  }
  return id + checksumSuffix(id);
}

/** The 15-char form of a well-formed id (case restored from the checksum when given 18 chars). */
export function to15(id: string): string | undefined {
  const full = to18(id);
  return full?.slice(0, 15);
}

/** True when `id` is a well-formed 15- or 18-char id whose checksum (if present) is consistent. */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && to18(id) !== undefined;
}

/** Same record? Compares 15/18-char forms. */
export function sameId(a: string, b: string): boolean {
  const x = to18(a);
  return x !== undefined && x === to18(b);
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

function restoreCase(head: string, suffix: string): string | undefined {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const flags = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    if (flags < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const c = head.charAt(chunk * 5 + i);
      const upper = (flags & (1 << i)) !== 0;
      if (/[a-zA-Z]/.test(c)) out += upper ? c.toUpperCase() : c.toLowerCase();
      else if (upper) return undefined;
      else out += c;
    }
  }
  return out;
}

function base62(n: number, width: number): string {
  let s = '';
  let v = Math.floor(n);
  while (v > 0) {
    s = BASE62.charAt(v % 62) + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

/** Random characters from the base-62 alphabet. */
export function randomBase62(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += BASE62.charAt(Math.floor(Math.random() * 62));
  return s;
}

/**
 * Allocates ids for one org. Record numbers are sequential per org (as on a real pod they are
 * roughly increasing), starting from an arbitrary offset so ids do not look like 000000001.
 */
export class IdAllocator {
  private next: number;

  constructor(
    private readonly pod = '8d',
    start = 4_000_000 + Math.floor(Math.random() * 1_000_000),
  ) {
    this.next = start;
  }

  /** A new 18-char id with the given 3-char key prefix. */
  allocate(keyPrefix: string): string {
    const id15 = keyPrefix + this.pod + '0' + base62(this.next++, 9);
    return id15 + checksumSuffix(id15);
  }
}

/** A fresh org id (00D...), 18 chars. */
export function newOrgId(): string {
  const id15 = KEY_PREFIXES.Organization + '8d' + '0' + '00000' + randomBase62(4);
  return id15 + checksumSuffix(id15);
}
