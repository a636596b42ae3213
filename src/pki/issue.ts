/**
 * Certificate issuance (куәлік беру): builds an X.509 v3 TBSCertificate with the typed RFC 5280 schemas and signs
 * it with node:crypto (sha256WithRSAEncryption). RSA PKCS#1 v1.5 signatures are deterministic, so the same key
 * and template always give the same certificate bytes: regenerating `certs/` with kept keys changes nothing.
 */
import { createHash, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AccessDescription,
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  FreshestCRL,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  PolicyInformation,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
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
import { ALGORITHM } from './oids.js';
import type { NameAttribute } from './profile.js';

/** A distinguished name, one attribute per RDN, each in the string type the profile asks for. */
export function buildName(attributes: NameAttribute[]): Name {
  return new Name(
    attributes.map((a) => {
      const value =
        a.encoding === 'printable'
          ? new AttributeValue({ printableString: a.value })
          : a.encoding === 'ia5'
            ? new AttributeValue({ ia5String: a.value })
            : new AttributeValue({ utf8String: a.value });
      return new RelativeDistinguishedName([new AttributeTypeAndValue({ type: a.type, value })]);
    }),
  );
}

/** An extension whose value is the DER of a typed ASN.1 object. */
export function extension(oid: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** The SubjectPublicKeyInfo DER of a key. */
export function spkiDer(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = AsnConvert.parse(spkiDer(publicKey), SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();
}

const KEY_USAGE_FLAG: Record<string, number> = {
  digitalSignature: KeyUsageFlags.digitalSignature,
  nonRepudiation: KeyUsageFlags.nonRepudiation,
  keyEncipherment: KeyUsageFlags.keyEncipherment,
  dataEncipherment: KeyUsageFlags.dataEncipherment,
  keyAgreement: KeyUsageFlags.keyAgreement,
  keyCertSign: KeyUsageFlags.keyCertSign,
  cRLSign: KeyUsageFlags.cRLSign,
};

/** Builders of the extensions the sandbox writes, so profiles read as a list. */
export const ext = {
  keyUsage: (usages: string[]) =>
    extension(id_ce_keyUsage, true, new KeyUsage(usages.reduce((flags, u) => flags | (KEY_USAGE_FLAG[u] ?? 0), 0))),
  extKeyUsage: (oids: string[]) => extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage(oids)),
  basicConstraints: (ca: boolean, pathLen?: number) =>
    extension(id_ce_basicConstraints, true, new BasicConstraints(ca ? { cA: true, ...(pathLen === undefined ? {} : { pathLenConstraint: pathLen }) } : {})),
  policies: (oids: string[]) => extension(id_ce_certificatePolicies, false, new CertificatePolicies(oids.map((o) => new PolicyInformation({ policyIdentifier: o })))),
  subjectKeyId: (id: Buffer) => extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(id)),
  authorityKeyId: (id: Buffer) => extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(id) })),
  crlDistributionPoints: (urls: string[]) => extension(id_ce_cRLDistributionPoints, false, new CRLDistributionPoints(urls.map(distributionPoint))),
  freshestCrl: (urls: string[]) => extension(id_ce_freshestCRL, false, new FreshestCRL(urls.map(distributionPoint))),
  authorityInfoAccess: (access: { caIssuers?: string; ocsp?: string }) =>
    extension(
      id_pe_authorityInfoAccess,
      false,
      new AuthorityInfoAccessSyntax([
        ...(access.ocsp ? [new AccessDescription({ accessMethod: id_ad_ocsp, accessLocation: new GeneralName({ uniformResourceIdentifier: access.ocsp }) })] : []),
        ...(access.caIssuers
          ? [new AccessDescription({ accessMethod: id_ad_caIssuers, accessLocation: new GeneralName({ uniformResourceIdentifier: access.caIssuers }) })]
          : []),
      ]),
    ),
  /** A raw extension whose value is already DER (e.g. id-pkix-ocsp-nocheck's NULL). */
  raw: (oid: string, der: Buffer) => new Extension({ extnID: oid, critical: false, extnValue: new OctetString(der) }),
};

function distributionPoint(url: string): DistributionPoint {
  return new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: url })] }) });
}

/** What a certificate says, before it is signed. */
export interface CertificateTemplate {
  /** Hex serial number (positive, no leading zero byte). */
  serialNumber: string;
  subject: NameAttribute[];
  /** The issuer's subject name, as the DER of its certificate encodes it (so names match byte for byte). */
  issuer: Name;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  extensions: Extension[];
}

export const SHA256_WITH_RSA = new AlgorithmIdentifier({ algorithm: ALGORITHM.sha256WithRSAEncryption, parameters: null });

/** Signs a template with the issuer's private key; returns the certificate's DER. */
export function signCertificate(template: CertificateTemplate, issuerKey: KeyObject): Buffer {
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: hexToArrayBuffer(template.serialNumber),
    signature: SHA256_WITH_RSA,
    issuer: template.issuer,
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: buildName(template.subject),
    subjectPublicKeyInfo: AsnConvert.parse(spkiDer(template.publicKey), SubjectPublicKeyInfo),
    extensions: new Extensions(template.extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, issuerKey);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: SHA256_WITH_RSA, signatureValue: toArrayBuffer(signature) });
  return Buffer.from(AsnConvert.serialize(certificate));
}

/** The subject name of a certificate, as its DER encodes it. */
export function subjectNameOf(certificateDer: Buffer): Name {
  return AsnConvert.parse(certificateDer, Certificate).tbsCertificate.subject;
}

export function hexToArrayBuffer(hex: string): ArrayBuffer {
  return toArrayBuffer(Buffer.from(hex, 'hex'));
}

export function toArrayBuffer(bytes: Buffer | Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** DER to PEM with the given label. */
export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

/** The DER inside the first PEM block, or null. */
export function fromPem(pem: string, label = 'CERTIFICATE'): Buffer | null {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  return m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : null;
}
