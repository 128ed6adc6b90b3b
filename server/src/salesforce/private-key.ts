/**
 * Checks the JWT bearer flow's private key when the configuration is read, so a wrong value is
 * reported with the variable's name at start instead of as an OpenSSL decoder error on the first
 * token request. Salesforce signs the assertion's check with the connected app's certificate: the key
 * must be the RSA private key matching it (RS256), PEM, unencrypted.
 */
import { createPrivateKey } from 'node:crypto';
import { err, ok, type Result } from '../lib/result';

const PEM_HINT = 'it should start with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----';

/** The key text when it is a usable RSA private key, or what is wrong with it (no key material). */
export function checkPrivateKey(pem: string): Result<string, string> {
  const text = pem.trim();
  if (text.includes('-----BEGIN CERTIFICATE-----'))
    return err('a certificate, not the private key: give the private key that matches this certificate');
  if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text))
    return err('a public key, not the private key: give the private key of the connected app certificate');
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----'))
    return err(
      'an encrypted private key: give it without a passphrase (openssl pkey -in key.pem -out plain.pem)',
    );
  let type: string | undefined;
  try {
    type = createPrivateKey(text).asymmetricKeyType;
  } catch {
    return err(`not a PEM private key (${PEM_HINT})`);
  }
  if (type !== 'rsa')
    return err(`an ${type ?? 'unknown'} key: the JWT bearer flow signs with RS256 and needs an RSA key`);
  return ok(text);
}
