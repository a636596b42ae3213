/**
 * The stable codes of certificate checks (`POST /eds/x509/verify` and every signature check built on it).
 * A code names the one check that failed; users match on it, so codes never change meaning.
 * @see ../../docs/pki.md#check-codes
 */
export const CHECK_CODES = {
  CERT_EXPIRED: { check: 'validity', en: 'The certificate is past its notAfter at the time checked.' },
  CERT_NOT_YET_VALID: { check: 'validity', en: 'The certificate is before its notBefore at the time checked.' },
  CERT_UNTRUSTED: { check: 'chain', en: 'No chain leads from the certificate to a trusted root (unknown or untrusted issuer, or an issuer whose key did not sign it).' },
  CERT_CHAIN_INVALID: { check: 'chain', en: 'A chain to a trusted root exists but a CA on it is out of its validity period or not allowed to issue certificates.' },
  CERT_REVOKED: { check: 'revocation', en: 'The certificate is revoked (CRL or OCSP), with the time and reason given.' },
  CERT_ON_HOLD: { check: 'revocation', en: 'The certificate is suspended (reason certificateHold): not valid until released.' },
  CERT_REVOCATION_UNKNOWN: { check: 'revocation', en: 'OCSP answered unknown: the CA never issued this certificate (in this tenant), whatever a CRL says.' },
  CERT_KEY_USAGE: { check: 'keyUsage', en: 'The key usage does not fit the purpose: signing needs nonRepudiation and emailProtection, authentication digitalSignature and clientAuth.' },
  CERT_SUBJECT_INVALID: { check: 'identity', en: 'The subject holds neither a valid IIN (SERIALNUMBER=IIN...) nor a valid BIN (OU=BIN...).' },
  IIN_MISMATCH: { check: 'iinMatch', en: 'The IIN in the certificate is not the expected one.' },
  BIN_MISMATCH: { check: 'binMatch', en: 'The BIN in the certificate is not the expected one.' },
} as const;

export type CheckCode = keyof typeof CHECK_CODES;

/** The checks, in the order they are run and reported. */
export const CHECK_NAMES = ['validity', 'chain', 'revocation', 'keyUsage', 'identity', 'iinMatch', 'binMatch'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
