/**
 * Reading the certificate a signature names (KeyInfo, a security token, a CMS SignerInfo): with the PKI's own
 * parser, so that what the signature check accepts is what certificate validation can read, and with the public key
 * taken inside the same guard (Node reads the key lazily, and throws on a broken SubjectPublicKeyInfo only then).
 * Anything unreadable is the signature's `SIGNATURE_TOKEN_INVALID`, never an internal error.
 */
import type { KeyObject } from 'node:crypto';
import { CertificateFormatError, parseCertificate, type ParsedCertificate } from '../x509.js';
import { SignatureCheckError } from './signature-errors.js';

export interface SignerCertificate {
  certificate: ParsedCertificate;
  publicKey: KeyObject;
}

/**
 * Parses a signer's certificate (DER) and its public key.
 * @throws SignatureCheckError SIGNATURE_TOKEN_INVALID when either cannot be read
 */
export function readSignerCertificate(der: Buffer, where: string): SignerCertificate {
  try {
    const certificate = parseCertificate(der);
    return { certificate, publicKey: certificate.x509.publicKey };
  } catch (e) {
    // CertificateFormatError from our parser, or OpenSSL's decode error from the key: both mean "not readable".
    const why = e instanceof CertificateFormatError ? e.message : 'its public key cannot be read';
    throw new SignatureCheckError('SIGNATURE_TOKEN_INVALID', `${where} does not hold a readable X.509 certificate (${why})`, where);
  }
}
