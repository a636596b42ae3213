/**
 * The sandbox's certification authorities, modelled on the NCA RK (Қазақстан Республикасының Ұлттық
 * куәландырушы орталығы, ҰКО / НУЦ РК) test contour: a root (түбірлік КО), the issuing CA "ҰКО 3.0 (RSA SANDBOX)"
 * that issues every persona certificate, the OCSP responder's certificate, an untrusted CA for the `untrusted`
 * state, and certificates of the sandbox's own systems (the SHEP gateway signs its responses with one).
 *
 * RSA only: the NCA's GOST 34.310 / GOST R 34.10-2015 algorithms are out of reach of Node's crypto stack.
 * @see ../../../shared/spec/integration-shapes.md §5, ../../docs/pki.md
 */
import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { Credential } from './credential.js';
import { buildName, ext, keyIdentifier, signCertificate, subjectNameOf } from './issue.js';
import { ATTRIBUTE, EKU, OCSP_NOCHECK, POLICY, ROLE } from './oids.js';
import { serialFromSeed, usageProfile, VALIDITY, type NameAttribute } from './profile.js';

export type CaName = 'root' | 'issuing' | 'untrusted' | 'ocsp';
export const CA_NAMES: readonly CaName[] = ['root', 'issuing', 'untrusted', 'ocsp'];

/** The sandbox's own systems that hold a certificate. */
export type SystemName = 'shep';
export const SYSTEM_NAMES: readonly SystemName[] = ['shep'];

/** Where the sandbox publishes its CA certificates, CRLs and OCSP (written into every certificate). */
export interface PkiUrls {
  /** `<publicUrl>/pki`. */
  base: string;
  crl: string;
  deltaCrl: string;
  rootCrl: string;
  ocsp: string;
  caIssuers: (ca: CaName) => string;
}

export function pkiUrls(publicUrl: string): PkiUrls {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    base: `${base}/pki`,
    crl: `${base}/pki/crl/nca_rsa.crl`,
    deltaCrl: `${base}/pki/crl/nca_d_rsa.crl`,
    rootCrl: `${base}/pki/crl/root_rsa.crl`,
    ocsp: `${base}/pki/ocsp`,
    // AIA caIssuers must point at DER (RFC 5280 §4.2.2.1): `.der`; `.cer` serves PEM.
    caIssuers: (ca) => `${base}/pki/ca/${ca}.der`,
  };
}

const CA_VALIDITY = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2049-12-31T23:59:59Z') };
const ISSUING_VALIDITY = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2045-01-01T00:00:00Z') };

const name = (cn: string, extra: NameAttribute[] = []): NameAttribute[] => [
  { type: ATTRIBUTE.commonName, value: cn, encoding: 'utf8' },
  ...extra,
  { type: ATTRIBUTE.country, value: 'KZ', encoding: 'printable' },
];

/** Subject names of the CAs. ТКО = түбірлік куәландырушы орталық (root CA); жалған = fake. */
export const CA_SUBJECTS: Record<CaName, NameAttribute[]> = {
  root: name('ҚР ТКО 3.0 (RSA SANDBOX)'),
  issuing: name('ҰКО 3.0 (RSA SANDBOX)'),
  untrusted: name('ЖАЛҒАН КО (RSA SANDBOX UNTRUSTED)'),
  ocsp: name('OCSP RESPONDER'),
};

/** The SHEP gateway's organisation: a sandbox BIN (valid checksum) and name. */
export const SYSTEM_IDENTITIES: Record<SystemName, { commonName: string; organization: string; bin: string }> = {
  shep: { commonName: 'SHEP SANDBOX GATEWAY', organization: 'ЭҮШ SANDBOX', bin: '100140000003' },
};

export const RSA_BITS = { root: 4096, other: 2048 } as const;

export function newKeyPairSync(bits: number = RSA_BITS.other): { privateKey: KeyObject; privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { privateKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

const generateKeyPairAsync = promisify(generateKeyPair);

/** A new RSA key off the event loop (key generation takes ~0.3 s of CPU per 2048-bit key). */
export async function newKeyPair(bits: number = RSA_BITS.other): Promise<{ privateKey: KeyObject; privateKeyPem: string }> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: bits });
  return { privateKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

export interface CaSet {
  ca: Record<CaName, Credential>;
  systems: Record<SystemName, Credential>;
}

/** Existing private keys (PKCS#8 PEM) to keep, by credential name; the rest are generated. */
export type KeptKeys = Partial<Record<string, string>>;

/**
 * Issues the CA hierarchy and the system certificates. With the same keys the result is byte-identical
 * (fixed dates, serials from names, deterministic RSA signatures).
 */
export function issueCaSet(publicUrl: string, keep: KeptKeys = {}): CaSet {
  const urls = pkiUrls(publicUrl);
  const key = (id: string, bits: number = RSA_BITS.other) => {
    const pem = keep[id] ?? newKeyPairSync(bits).privateKeyPem;
    const privateKey = createPrivateKey(pem);
    return { privateKeyPem: pem, privateKey, publicKey: createPublicKey(privateKey) };
  };
  const credential = (id: string, der: Buffer, pem: string) => new Credential(id, der, pem);

  const selfSigned = (id: 'root' | 'untrusted', bits: number) => {
    const { privateKeyPem, privateKey, publicKey } = key(id, bits);
    const keyId = keyIdentifier(publicKey);
    const der = signCertificate(
      {
        serialNumber: serialFromSeed(`ca|${id}`),
        subject: CA_SUBJECTS[id],
        issuer: buildName(CA_SUBJECTS[id]),
        ...CA_VALIDITY,
        publicKey,
        extensions: [ext.basicConstraints(true), ext.keyUsage(['keyCertSign', 'cRLSign']), ext.subjectKeyId(keyId)],
      },
      privateKey,
    );
    return credential(id, der, privateKeyPem);
  };
  const root = selfSigned('root', RSA_BITS.root);
  const untrusted = selfSigned('untrusted', RSA_BITS.other);

  const issuedBy = (
    issuer: Credential,
    id: string,
    subject: NameAttribute[],
    validity: { notBefore: Date; notAfter: Date },
    extensions: (publicKey: KeyObject) => ReturnType<typeof ext.keyUsage>[],
  ) => {
    const k = key(id);
    const publicKey = k.publicKey;
    const der = signCertificate(
      {
        serialNumber: serialFromSeed(`ca|${id}`),
        subject,
        issuer: subjectNameOf(issuer.certificateDer),
        ...validity,
        publicKey,
        extensions: [...extensions(publicKey), ext.subjectKeyId(keyIdentifier(publicKey)), ext.authorityKeyId(keyIdentifier(issuer.publicKey))],
      },
      issuer.privateKey,
    );
    return credential(id, der, k.privateKeyPem);
  };

  const issuing = issuedBy(root, 'issuing', CA_SUBJECTS.issuing, ISSUING_VALIDITY, () => [
    ext.basicConstraints(true, 0),
    ext.keyUsage(['keyCertSign', 'cRLSign']),
    ext.crlDistributionPoints([urls.rootCrl]),
    ext.authorityInfoAccess({ caIssuers: urls.caIssuers('root') }),
  ]);
  // RFC 6960 §4.2.2.2: a delegated responder is issued by the CA it answers for, with id-kp-OCSPSigning;
  // id-pkix-ocsp-nocheck tells clients not to check the responder's own status.
  const ocsp = issuedBy(issuing, 'ocsp', CA_SUBJECTS.ocsp, ISSUING_VALIDITY, () => [
    ext.keyUsage(['digitalSignature']),
    ext.extKeyUsage([EKU.ocspSigning]),
    ext.raw(OCSP_NOCHECK, Buffer.from([0x05, 0x00])),
    ext.authorityInfoAccess({ caIssuers: urls.caIssuers('issuing') }),
  ]);
  const shepIdentity = SYSTEM_IDENTITIES.shep;
  const shepProfile = usageProfile('sign', true);
  const shep = issuedBy(
    issuing,
    'shep',
    [
      { type: ATTRIBUTE.commonName, value: shepIdentity.commonName, encoding: 'utf8' },
      { type: ATTRIBUTE.country, value: 'KZ', encoding: 'printable' },
      { type: ATTRIBUTE.organization, value: shepIdentity.organization, encoding: 'utf8' },
      { type: ATTRIBUTE.organizationalUnit, value: `BIN${shepIdentity.bin}`, encoding: 'printable' },
    ],
    VALIDITY.normal,
    () => [
      ext.keyUsage(shepProfile.keyUsage),
      ext.extKeyUsage([shepProfile.eku, ROLE.organization]),
      ext.policies([POLICY.legalSign]),
      ext.crlDistributionPoints([urls.crl]),
      ext.freshestCrl([urls.deltaCrl]),
      ext.authorityInfoAccess({ caIssuers: urls.caIssuers('issuing'), ocsp: urls.ocsp }),
    ],
  );
  return { ca: { root, issuing, untrusted, ocsp }, systems: { shep } };
}

