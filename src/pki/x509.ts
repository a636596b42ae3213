/**
 * Reading certificates: any X.509 v3 certificate (RSA, EC or GOST alike, ours or not) into a flat view with
 * the fields validation and NCANode-style answers need: names, IIN/BIN from the subject, key usages, policies,
 * revocation URLs.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  FreshestCRL,
  KeyUsage,
  type KeyUsageType,
  type Name,
  SubjectKeyIdentifier,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_certificatePolicies,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_freshestCRL,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import { parseIin } from '../core/iin.js';
import { ATTRIBUTE, ATTRIBUTE_SHORT_NAME, SIGNATURE_ALGORITHM_NAME } from './oids.js';

/** The input is not a certificate (bad PEM/base64, or DER that is not an X.509 certificate). */
export class CertificateFormatError extends Error {
  override readonly name = 'CertificateFormatError';
  readonly code = 'CERT_MALFORMED';
}

export interface DnAttribute {
  /** The attribute's OID. */
  type: string;
  /** CN, SURNAME, SERIALNUMBER, C, O, OU, G, E... or the OID when it has no short name. */
  name: string;
  value: string;
}

export interface ParsedCertificate {
  der: Buffer;
  certificate: Certificate;
  /** Node's view, for signature checks against an issuer's key. */
  x509: X509Certificate;
  /** Hex, lower case, without a sign byte. */
  serialNumber: string;
  subject: DnAttribute[];
  issuer: DnAttribute[];
  subjectDn: string;
  issuerDn: string;
  /** DER of the subject and issuer names, for byte-exact name chaining and OCSP name hashes. */
  subjectNameDer: Buffer;
  issuerNameDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** null when the certificate has no key-usage extension. */
  keyUsage: KeyUsageType[] | null;
  /** null when the certificate has no extended-key-usage extension; includes NCA role OIDs. */
  extendedKeyUsage: string[] | null;
  policies: string[];
  basicConstraints: { ca: boolean; pathLen?: number } | null;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  crlUrls: string[];
  deltaCrlUrls: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  signatureAlgorithm: string;
  signatureAlgorithmName: string;
  /** SubjectPublicKeyInfo DER. */
  publicKeyDer: Buffer;
  /** From SERIALNUMBER=IIN<12>, when present (checksum not checked here). */
  iin: string | null;
  /** From OU=BIN<12>, when present. */
  bin: string | null;
  /** SHA-256 of the DER, hex. */
  fingerprint: string;
}

/**
 * Decodes a certificate given as PEM, or as base64 of the DER (whitespace allowed), or as DER bytes.
 * @throws CertificateFormatError
 */
export function decodeCertificateInput(input: string | Buffer): Buffer {
  if (Buffer.isBuffer(input)) return input;
  const text = input.trim();
  if (text.startsWith('-----BEGIN')) {
    const m = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([A-Za-z0-9+/=\s]*)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/.exec(text);
    if (!m) throw new CertificateFormatError('PEM without a CERTIFICATE block');
    return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  }
  const compact = text.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new CertificateFormatError('neither PEM nor base64 of a DER certificate');
  }
  return Buffer.from(compact, 'base64');
}

function attributeValue(value: { toString(): string; anyValue?: ArrayBuffer }): string {
  return value.toString();
}

export function nameAttributes(name: Name): DnAttribute[] {
  return name.flatMap((rdn) =>
    rdn.map((atv) => ({ type: atv.type, name: ATTRIBUTE_SHORT_NAME[atv.type] ?? atv.type, value: attributeValue(atv.value) })),
  );
}

/** `CN=..., SURNAME=..., SERIALNUMBER=IIN..., C=KZ`: in the certificate's order, commas escaped. */
export function formatDn(attributes: DnAttribute[]): string {
  return attributes.map((a) => `${a.name}=${a.value.replace(/([,+"\\<>;])/g, '\\$1')}`).join(', ');
}

function parseExtension<T>(value: ArrayBuffer, type: new () => T): T {
  return AsnConvert.parse(value, type);
}

const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');

/** A serial number's INTEGER content octets in hex, lower case, without the sign byte DER adds when the high bit is set. */
export function serialHex(serial: ArrayBuffer | Uint8Array): string {
  const bytes = serial instanceof Uint8Array ? Buffer.from(serial.buffer, serial.byteOffset, serial.byteLength) : Buffer.from(serial);
  const start = bytes.length > 1 && bytes[0] === 0 ? 1 : 0;
  return bytes.subarray(start).toString('hex');
}

/**
 * Parsed certificates by SHA-256, per process: parsing with the typed schemas costs ~10 ms, and the same few
 * certificates (personas, CAs) are checked again and again. Certificates are immutable, so a cache is safe.
 */
const parsedCache = new Map<string, ParsedCertificate>();
const PARSED_CACHE_SIZE = 2000;

/**
 * Parses a certificate's DER (memoised by its SHA-256; treat the result as read-only).
 * @throws CertificateFormatError
 */
export function parseCertificate(der: Buffer): ParsedCertificate {
  const fingerprint = createHash('sha256').update(der).digest('hex');
  const cached = parsedCache.get(fingerprint);
  if (cached) return cached;
  const parsed = parseUncached(der, fingerprint);
  if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value!);
  parsedCache.set(fingerprint, parsed);
  return parsed;
}

function parseUncached(der: Buffer, fingerprint: string): ParsedCertificate {
  let certificate: Certificate;
  let x509: X509Certificate;
  try {
    certificate = AsnConvert.parse(der, Certificate);
    x509 = new X509Certificate(der);
  } catch (e) {
    throw new CertificateFormatError(`not an X.509 certificate: ${(e as Error).message}`);
  }
  const tbs = certificate.tbsCertificate;
  const out: ParsedCertificate = {
    der,
    certificate,
    x509,
    serialNumber: serialHex(tbs.serialNumber),
    subject: nameAttributes(tbs.subject),
    issuer: nameAttributes(tbs.issuer),
    subjectDn: '',
    issuerDn: '',
    subjectNameDer: Buffer.from(AsnConvert.serialize(tbs.subject)),
    issuerNameDer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    keyUsage: null,
    extendedKeyUsage: null,
    policies: [],
    basicConstraints: null,
    subjectKeyId: null,
    authorityKeyId: null,
    crlUrls: [],
    deltaCrlUrls: [],
    ocspUrls: [],
    caIssuerUrls: [],
    signatureAlgorithm: certificate.signatureAlgorithm.algorithm,
    signatureAlgorithmName: SIGNATURE_ALGORITHM_NAME[certificate.signatureAlgorithm.algorithm] ?? certificate.signatureAlgorithm.algorithm,
    publicKeyDer: Buffer.from(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    iin: null,
    bin: null,
    fingerprint,
  };
  out.subjectDn = formatDn(out.subject);
  out.issuerDn = formatDn(out.issuer);
  try {
    for (const e of tbs.extensions ?? []) {
      const value = e.extnValue.buffer;
      switch (e.extnID) {
        case id_ce_keyUsage:
          out.keyUsage = parseExtension(value, KeyUsage).toJSON();
          break;
        case id_ce_extKeyUsage:
          out.extendedKeyUsage = [...parseExtension(value, ExtendedKeyUsage)];
          break;
        case id_ce_certificatePolicies:
          out.policies = parseExtension(value, CertificatePolicies).map((p) => p.policyIdentifier);
          break;
        case id_ce_basicConstraints: {
          const bc = parseExtension(value, BasicConstraints);
          out.basicConstraints = { ca: bc.cA, ...(bc.pathLenConstraint === undefined ? {} : { pathLen: bc.pathLenConstraint }) };
          break;
        }
        case id_ce_subjectKeyIdentifier:
          out.subjectKeyId = hex(parseExtension(value, SubjectKeyIdentifier).buffer);
          break;
        case id_ce_authorityKeyIdentifier: {
          const aki = parseExtension(value, AuthorityKeyIdentifier);
          out.authorityKeyId = aki.keyIdentifier ? hex(aki.keyIdentifier.buffer) : null;
          break;
        }
        case id_ce_cRLDistributionPoints:
          out.crlUrls = distributionUrls(parseExtension(value, CRLDistributionPoints));
          break;
        case id_ce_freshestCRL:
          out.deltaCrlUrls = distributionUrls(parseExtension(value, FreshestCRL));
          break;
        case id_pe_authorityInfoAccess:
          for (const access of parseExtension(value, AuthorityInfoAccessSyntax)) {
            const url = access.accessLocation.uniformResourceIdentifier;
            if (!url) continue;
            if (access.accessMethod === id_ad_ocsp) out.ocspUrls.push(url);
            if (access.accessMethod === id_ad_caIssuers) out.caIssuerUrls.push(url);
          }
          break;
      }
    }
  } catch (e) {
    throw new CertificateFormatError(`a certificate extension cannot be read: ${(e as Error).message}`);
  }
  const serial = out.subject.find((a) => a.type === ATTRIBUTE.serialNumber)?.value;
  out.iin = /^IIN(\d{12})$/.exec(serial ?? '')?.[1] ?? null;
  const bin = out.subject.filter((a) => a.type === ATTRIBUTE.organizationalUnit).map((a) => /^BIN(\d{12})$/.exec(a.value)?.[1]).find(Boolean);
  out.bin = bin ?? null;
  return out;
}

function distributionUrls(points: CRLDistributionPoints): string[] {
  return points.flatMap((p) => (p.distributionPoint?.fullName ?? []).map((n) => n.uniformResourceIdentifier).filter((u): u is string => !!u));
}

/** The subject as NCANode reports it (`subject{commonName,surName,lastName,email,organization,gender,iin,bin,country,locality,state,dn}`). */
export interface NcaSubject {
  commonName: string | null;
  /** SURNAME. */
  surName: string | null;
  /** GIVENNAME: the patronymic in NCA certificates (NCANode's name for it). */
  lastName: string | null;
  email: string | null;
  organization: string | null;
  /** From the IIN's seventh digit. */
  gender: 'MALE' | 'FEMALE' | null;
  iin: string | null;
  bin: string | null;
  country: string | null;
  locality: string | null;
  state: string | null;
  dn: string;
}

export function ncaSubject(attributes: DnAttribute[], iin: string | null, bin: string | null): NcaSubject {
  const get = (type: string) => attributes.find((a) => a.type === type)?.value ?? null;
  const parsed = iin ? parseIin(iin) : null;
  return {
    commonName: get(ATTRIBUTE.commonName),
    surName: get(ATTRIBUTE.surname),
    lastName: get(ATTRIBUTE.givenName),
    email: get(ATTRIBUTE.emailAddress),
    organization: get(ATTRIBUTE.organization),
    gender: parsed?.ok ? (parsed.value.sex === 'male' ? 'MALE' : 'FEMALE') : null,
    iin,
    bin,
    country: get(ATTRIBUTE.country),
    locality: get(ATTRIBUTE.locality),
    state: get(ATTRIBUTE.stateOrProvince),
    dn: formatDn(attributes),
  };
}
