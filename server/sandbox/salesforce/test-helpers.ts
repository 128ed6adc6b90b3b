/**
 * Helpers for the sandbox's own tests: a sandbox on the fixture metadata, RSA keys with a self-signed
 * X.509 certificate built in memory (no key files), JWT assertions, and polling.
 */
import { KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { SalesforceSandbox, SalesforceSandboxOptions, startSalesforceSandbox } from './server';

export const FIXTURE_METADATA = join(__dirname, 'test-fixtures', 'metadata');

export const APP = { clientId: '3MVG9sandbox.test.app', clientSecret: 'S3cr3t-for-tests' };

/** A sandbox on the fixture metadata with short long-polls. */
export function startTestSandbox(options: SalesforceSandboxOptions = {}): Promise<SalesforceSandbox> {
  return startSalesforceSandbox({ metadataDir: FIXTURE_METADATA, cometdTimeoutMs: 500, ...options });
}

// ---- a minimal DER encoder, enough for a self-signed certificate -------------------------------------------

function der(tag: number, content: Buffer): Buffer {
  const len = content.length;
  let header: Buffer;
  if (len < 0x80) header = Buffer.from([tag, len]);
  else {
    const bytes: number[] = [];
    for (let n = len; n > 0; n >>= 8) bytes.unshift(n & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const integer = (bytes: number[]) => der(0x02, Buffer.from(bytes[0] & 0x80 ? [0, ...bytes] : bytes));
const NULL = Buffer.from([0x05, 0x00]);
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let n = arc >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(d: Date): Buffer {
  const iso = d.toISOString();
  return der(
    0x17,
    Buffer.from(
      `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`,
    ),
  );
}

/** A self-signed X.509 v3 certificate (sha256WithRSAEncryption) for the key pair, as PEM. */
export function selfSignedCertificate(
  privateKey: KeyObject,
  publicKey: KeyObject,
  commonName = 'sandbox-test',
): string {
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), NULL);
  const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
  const now = Date.now();
  const tbs = seq(
    der(0xa0, integer([2])),
    integer([0x12, 0x34, 0x56, 0x78]),
    sha256WithRsa,
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 365 * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const lines = cert.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export interface TestKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificatePem: string;
  publicKeyPem: string;
}

export function generateTestKeys(): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    certificatePem: selfSignedCertificate(privateKey, publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** An RS256 JWT bearer assertion. */
export function jwtAssertion(
  privateKey: KeyObject,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256' },
): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc(header)}.${enc(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export { waitFor } from '../../test/wait-for';

/** The error a promise rejects with (fails when it resolves). */
export async function rejectionOf(
  promise: PromiseLike<unknown>,
): Promise<Error & { errorCode?: string; data?: unknown; name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { errorCode?: string; data?: unknown; name: string };
  }
  throw new Error('expected a rejection');
}

/** A response body, typed by the caller. */
export async function bodyOf<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Array<Record<string, unknown>>;
}

export type ErrorBody = Array<{ message: string; errorCode: string; fields?: string[] }>;
