/**
 * CMS / PKCS#7 SignedData (RFC 5652) for files: signing (node-forge), attached or detached, and verifying each
 * SignerInfo. node-forge signs but has no CMS verification, so verification walks the DER with forge's ASN.1
 * reader and checks with node:crypto: the signer's certificate found by issuer and serial (or subject key id)
 * among the certificates carried, the content's digest against the messageDigest attribute, the contentType
 * attribute, and the RSA signature over the DER of the signed attributes. Only the signature is checked here; the
 * certificate is judged by the caller. Interoperates with `openssl cms -sign` / `-verify`.
 * @see https://www.rfc-editor.org/rfc/rfc5652
 */
import { createHash, verify as cryptoVerify } from 'node:crypto';
import forge from 'node-forge';
import { serialHex } from '../x509.js';
import { SignatureCheckError } from './signature-errors.js';
import { readSignerCertificate } from './signer-certificate.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
} as const;

/** Digest algorithms accepted, by OID, with the Node hash name. */
const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const REFUSED_DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '1.2.840.113549.2.5': 'MD5',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
};

/** RSA signature algorithms in SignerInfo: plain rsaEncryption (with the SignerInfo's digest) or sha*WithRSA. */
const RSA_SIGNATURES: Record<string, string | null> = {
  [OID.rsaEncryption]: null,
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

export const SIGNATURE_ALGORITHM_NAMES: Record<string, string> = { sha256: 'SHA256withRSA', sha384: 'SHA384withRSA', sha512: 'SHA512withRSA' };

type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

function malformed(message: string): never {
  throw new SignatureCheckError('SIGNATURE_MALFORMED', `not a CMS SignedData: ${message}`, 'CMS');
}

function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !Array.isArray(node.value)) malformed(`${what} is not a constructed ASN.1 value`);
  return node.value as Asn1[];
}

function isUniversal(node: Asn1 | undefined, type: number): node is Asn1 {
  return !!node && node.tagClass === Class.UNIVERSAL && node.type === type;
}

function isContext(node: Asn1 | undefined, tag: number): boolean {
  return !!node && node.tagClass === Class.CONTEXT_SPECIFIC && node.type === tag;
}

function oidOf(node: Asn1 | undefined, what: string): string {
  if (!isUniversal(node, Type.OID) || typeof node.value !== 'string') malformed(`${what} is not an OBJECT IDENTIFIER`);
  return forge.asn1.derToOid(node.value);
}

/** The bytes of an OCTET STRING, also when BER splits it into a constructed string of pieces. */
function octets(node: Asn1 | undefined, what: string): Buffer {
  if (!node || node.type !== Type.OCTETSTRING) malformed(`${what} is not an OCTET STRING`);
  if (typeof node.value === 'string') return Buffer.from(node.value, 'binary');
  return Buffer.concat((node.value as Asn1[]).map((piece) => octets(piece, what)));
}

function der(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

/** UTCTime (YYMMDDhhmm[ss]) or GeneralizedTime (YYYYMMDDhhmm[ss][.f]), then Z or an offset (optional in GeneralizedTime). */
const TIME_FORMATS: Record<number, RegExp> = {
  [Type.UTCTIME]: /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:Z|[+-](\d{2})(\d{2}))$/,
  [Type.GENERALIZEDTIME]: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(?:Z|[+-](\d{2})(\d{2}))?$/,
};

/**
 * A signed time attribute (signingTime), as forge reads it; SIGNATURE_MALFORMED when it is not a UTCTime or
 * GeneralizedTime naming a real instant (forge reads "ZZZZ" as an Invalid Date, and 30 February as 2 March).
 */
function readTime(node: Asn1, what: string): Date {
  const format = node.tagClass === Class.UNIVERSAL ? TIME_FORMATS[node.type] : undefined;
  const m = format && typeof node.value === 'string' ? format.exec(node.value) : null;
  if (!m) malformed(`the ${what} attribute is not a UTCTime or GeneralizedTime`);
  const [y, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = m.slice(1);
  // UTCTime's two-digit year: 50-99 are 19xx, 00-49 are 20xx (RFC 5280 §4.1.2.5.1).
  const year = y!.length === 2 ? (Number(y) >= 50 ? 1900 : 2000) + Number(y) : Number(y);
  const daysInMonth = new Date(Date.UTC(year, Number(month), 0)).getUTCDate();
  const within = (value: string | undefined, min: number, max: number) => Number(value) >= min && Number(value) <= max;
  const real =
    within(month, 1, 12) && within(day, 1, daysInMonth) && within(hour, 0, 23) && within(minute, 0, 59) && within(second, 0, 59) && within(offsetHours, 0, 23) && within(offsetMinutes, 0, 59);
  const date = real ? (node.type === Type.UTCTIME ? forge.asn1.utcTimeToDate(node.value as string) : forge.asn1.generalizedTimeToDate(node.value as string)) : null;
  if (!date || Number.isNaN(date.getTime())) malformed(`the ${what} attribute ${JSON.stringify(node.value)} is not a real time`);
  return date;
}

/** CMS input as the routes take it: DER bytes, base64 of the DER, or PEM (CMS, PKCS7). */
export function decodeCmsInput(input: string | Buffer): Buffer {
  if (Buffer.isBuffer(input)) return input;
  const text = input.trim();
  const pem = /-----BEGIN ([A-Z0-9 #]+)-----([A-Za-z0-9+/=\s]*)-----END \1-----/.exec(text);
  const b64 = (pem ? pem[2]! : text).replace(/\s+/g, '');
  if (!b64 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', 'the CMS is neither PEM nor base64 of DER', 'CMS');
  }
  return Buffer.from(b64, 'base64');
}

export interface CmsSignerOutcomeBase {
  /** The signer's certificate when it could be found among the certificates carried. */
  certificateDer?: Buffer;
  /** signingTime signed attribute, when present. */
  signingTime?: Date;
  signatureAlgorithm?: string;
}

export type CmsSignerOutcome = ({ ok: true; certificateDer: Buffer } & CmsSignerOutcomeBase) | ({ ok: false; error: SignatureCheckError } & CmsSignerOutcomeBase);

export interface CmsVerification {
  /** Whether the content was inside the CMS (attached) or given beside it (detached). */
  detached: boolean;
  /** The signed content (eContent, or the detached data given). */
  content: Buffer | null;
  contentType: string;
  /** Every certificate the CMS carries (the signers' and intermediates). */
  certificates: Buffer[];
  signers: CmsSignerOutcome[];
}

/** The signer's certificate identifier: issuer name DER + serial, or a subject key identifier. */
type SignerId = { kind: 'issuerSerial'; issuerDer: Buffer; serial: string } | { kind: 'ski'; ski: string };

/** An INTEGER's content octets (forge's binary string) as a serial in hex, without the sign byte. */
const serialOf = (bytes: string): string => serialHex(Buffer.from(bytes, 'binary'));

function findCertificate(id: SignerId, certificates: { der: Buffer; issuerDer: Buffer; serial: string; ski: string | null }[]) {
  return certificates.find((c) =>
    id.kind === 'issuerSerial' ? c.serial === id.serial && c.issuerDer.equals(id.issuerDer) : c.ski !== null && c.ski === id.ski,
  );
}

/** Reads the certificate's issuer name DER, serial and subject key identifier with forge's ASN.1 reader. */
function certificateIds(certDer: Buffer): { issuerDer: Buffer; serial: string; ski: string | null } {
  const cert = forge.asn1.fromDer(forge.util.createBuffer(certDer.toString('binary')));
  const tbs = children(cert, 'Certificate')[0];
  const fields = children(tbs, 'TBSCertificate');
  const offset = isContext(fields[0], 0) ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  if (!isUniversal(serial, Type.INTEGER) || !issuer) malformed('a certificate has no serial number or issuer');
  let ski: string | null = null;
  const extensions = fields.find((f) => isContext(f, 3));
  for (const e of extensions ? children(children(extensions, 'extensions')[0], 'Extensions') : []) {
    const parts = children(e, 'Extension');
    if (oidOf(parts[0], 'extnID') !== '2.5.29.14') continue;
    const inner = forge.asn1.fromDer(forge.util.createBuffer(octets(parts[parts.length - 1], 'extnValue').toString('binary')));
    ski = Buffer.from(inner.value as string, 'binary').toString('hex');
  }
  return { issuerDer: der(issuer), serial: serialOf(serial.value as string), ski };
}

/**
 * Verifies a CMS SignedData: each SignerInfo on its own.
 * @param detachedData the content, for a detached signature; for an attached one it must equal the content if given
 * @throws SignatureCheckError when the input is not a SignedData at all (SIGNATURE_MALFORMED) or has no signer
 */
export function verifyCms(cmsDer: Buffer, detachedData?: Buffer): CmsVerification {
  let root: Asn1;
  try {
    // @types/node-forge types only the old boolean `strict` argument; forge 1.x takes these options.
    const fromDer = forge.asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: object) => Asn1;
    root = fromDer(forge.util.createBuffer(cmsDer.toString('binary')), { strict: true, parseAllBytes: true, decodeBitStrings: false });
  } catch (e) {
    malformed(`the DER cannot be read (${(e as Error).message})`);
  }
  const contentInfo = children(root, 'ContentInfo');
  if (oidOf(contentInfo[0], 'contentType') !== OID.signedData) malformed('the ContentInfo is not signedData');
  if (!isContext(contentInfo[1], 0)) malformed('the ContentInfo has no content');
  const signedData = children(children(contentInfo[1], '[0] content')[0], 'SignedData');
  let i = 1; // skip version
  const digestAlgorithms = signedData[i++];
  if (!isUniversal(digestAlgorithms, Type.SET)) malformed('digestAlgorithms is missing');
  const encap = children(signedData[i++], 'encapContentInfo');
  const contentType = oidOf(encap[0], 'eContentType');
  const eContent = encap[1] && isContext(encap[1], 0) ? octets(children(encap[1], 'eContent')[0], 'eContent') : null;
  const certificateNodes = isContext(signedData[i], 0) ? children(signedData[i++], 'certificates') : [];
  if (isContext(signedData[i], 1)) i++; // CRLs: not used to judge (the sandbox asks its own CRL/OCSP)
  const signerInfos = signedData[i];
  if (!isUniversal(signerInfos, Type.SET)) malformed('signerInfos is missing');

  const certificates = certificateNodes
    .filter((c) => isUniversal(c, Type.SEQUENCE))
    .map((node) => {
      const bytes = der(node);
      try {
        // Only the identifiers here, to find the signer's; the signer's certificate is read in full when used.
        return { der: bytes, ...certificateIds(bytes) };
      } catch {
        return null;
      }
    })
    .filter((c): c is NonNullable<typeof c> => c !== null);

  const detached = eContent === null;
  const content = eContent ?? detachedData ?? null;
  const infos = children(signerInfos, 'signerInfos');
  if (infos.length === 0) throw new SignatureCheckError('SIGNATURE_MISSING', 'the CMS SignedData has no SignerInfo', 'CMS/signerInfos');

  const signers = infos.map((info): CmsSignerOutcome => {
    const base: CmsSignerOutcomeBase = {};
    try {
      const fields = children(info, 'SignerInfo');
      const sidNode = fields[1];
      let sid: SignerId;
      if (isUniversal(sidNode, Type.SEQUENCE)) {
        const [issuer, serial] = children(sidNode, 'issuerAndSerialNumber');
        if (!issuer || !serial || !isUniversal(serial, Type.INTEGER)) malformed('issuerAndSerialNumber is incomplete');
        sid = { kind: 'issuerSerial', issuerDer: der(issuer), serial: serialOf(serial.value as string) };
      } else if (isContext(sidNode, 0)) {
        sid = { kind: 'ski', ski: Buffer.from(sidNode!.value as string, 'binary').toString('hex') };
      } else {
        malformed('the SignerInfo has no signer identifier');
      }
      const digestOid = oidOf(children(fields[2], 'digestAlgorithm')[0], 'digestAlgorithm');
      const hash = DIGESTS[digestOid];
      if (!hash) {
        const weak = REFUSED_DIGESTS[digestOid];
        throw new SignatureCheckError(
          'SIGNATURE_ALGORITHM_REFUSED',
          weak ? `the ${weak} digest is refused: sign with SHA-256` : `digest algorithm ${digestOid} is not accepted`,
          'SignerInfo/digestAlgorithm',
        );
      }
      let next = 3;
      const signedAttrs = isContext(fields[next], 0) ? fields[next++] : undefined;
      const sigAlgOid = oidOf(children(fields[next++], 'signatureAlgorithm')[0], 'signatureAlgorithm');
      const signature = octets(fields[next], 'signature');
      if (!(sigAlgOid in RSA_SIGNATURES)) {
        throw new SignatureCheckError(
          'SIGNATURE_ALGORITHM_REFUSED',
          sigAlgOid === OID.rsassaPss ? 'RSASSA-PSS is not supported by the sandbox: sign with PKCS#1 v1.5 (sha256WithRSAEncryption)' : `signature algorithm ${sigAlgOid} is not accepted (RSA only)`,
          'SignerInfo/signatureAlgorithm',
        );
      }
      const sigHash = RSA_SIGNATURES[sigAlgOid] ?? hash;
      if (sigHash !== hash) {
        throw new SignatureCheckError('SIGNATURE_ALGORITHM_REFUSED', `the signature algorithm's digest (${sigHash}) differs from the SignerInfo's (${hash})`, 'SignerInfo');
      }
      base.signatureAlgorithm = SIGNATURE_ALGORITHM_NAMES[hash];

      const cert = findCertificate(sid, certificates);
      if (!cert) {
        throw new SignatureCheckError(
          'SIGNATURE_KEY_INFO_REFUSED',
          "the signer's certificate is not in the CMS: sign with the certificate included (openssl cms -sign does by default; do not pass -nocerts)",
          'CMS/certificates',
        );
      }
      base.certificateDer = cert.der;
      if (content === null) {
        throw new SignatureCheckError('SIGNATURE_MALFORMED', 'the signature is detached: send the signed data beside it (`data`)', 'CMS/encapContentInfo');
      }
      if (eContent && detachedData && !eContent.equals(detachedData)) {
        throw new SignatureCheckError('SIGNATURE_INVALID', 'the data given is not the content the CMS carries', 'CMS/encapContentInfo');
      }
      const contentDigest = createHash(hash).update(content).digest();
      let signedBytes: Buffer;
      if (signedAttrs) {
        const attrs = children(signedAttrs, 'signedAttrs').map((a) => {
          const [type, values] = children(a, 'Attribute');
          return { type: oidOf(type, 'attrType'), values: children(values, 'attrValues') };
        });
        const one = (oid: string) => {
          const found = attrs.filter((a) => a.type === oid);
          if (found.length > 1 || (found[0] && found[0].values.length !== 1)) malformed(`the signed attribute ${oid} must occur once with one value`);
          return found[0]?.values[0];
        };
        const signedContentType = one(OID.contentType);
        const messageDigest = one(OID.messageDigest);
        if (!signedContentType || !messageDigest) malformed('signed attributes must include contentType and messageDigest');
        if (oidOf(signedContentType, 'contentType') !== contentType) {
          throw new SignatureCheckError('SIGNATURE_INVALID', 'the signed contentType attribute differs from the content type', 'SignerInfo/signedAttrs');
        }
        if (!octets(messageDigest, 'messageDigest').equals(contentDigest)) {
          throw new SignatureCheckError('SIGNATURE_INVALID', 'the content digest does not match the signed messageDigest: the content changed after signing', 'SignerInfo/signedAttrs');
        }
        const time = one(OID.signingTime);
        if (time) base.signingTime = readTime(time, 'signingTime');
        // The signature covers the DER of the attributes as a SET OF (RFC 5652 §5.4), not the [0] IMPLICIT tag.
        signedBytes = der(forge.asn1.create(Class.UNIVERSAL, Type.SET, true, signedAttrs.value as Asn1[]));
      } else {
        if (contentType !== OID.data) malformed('signed attributes are required when the content type is not id-data');
        signedBytes = content;
      }
      const { publicKey } = readSignerCertificate(cert.der, 'CMS/certificates');
      if (publicKey.asymmetricKeyType !== 'rsa') {
        throw new SignatureCheckError('SIGNATURE_ALGORITHM_REFUSED', `the signer's key is ${publicKey.asymmetricKeyType}; the sandbox verifies RSA`, 'CMS/certificates');
      }
      if (!cryptoVerify(hash, signedBytes, publicKey, signature)) {
        throw new SignatureCheckError('SIGNATURE_INVALID', "the signature value does not verify with the signer's certificate", 'SignerInfo/signature');
      }
      return { ok: true, ...base, certificateDer: cert.der };
    } catch (e) {
      if (!(e instanceof SignatureCheckError)) throw e;
      return { ok: false, error: e, ...base };
    }
  });
  return { detached, content, contentType, certificates: certificates.map((c) => c.der), signers };
}

export interface CmsSigner {
  privateKeyPem: string;
  certificateDer: Buffer;
  /** Further certificates to carry (the issuing CA), so a verifier without them can build the chain. */
  chainDer?: Buffer[];
}

/**
 * Signs data as CMS SignedData (node-forge): SHA-256, signed attributes contentType, messageDigest and
 * signingTime, the signer's certificate included. Returns DER.
 * @param options.detached leave the content out (the verifier gets it separately); default false
 * @param options.signingTime default now; pass the tenant's virtual now to sign "as of" it
 */
export function signCms(data: Buffer, signer: CmsSigner, options: { detached?: boolean; signingTime?: Date } = {}): Buffer {
  const toForge = (bytes: Buffer) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary'))));
  const certificate = toForge(signer.certificateDer);
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(data.toString('binary'));
  const carried = [signer.certificateDer, ...(signer.chainDer ?? [])];
  for (const c of carried) p7.addCertificate(toForge(c));
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(signer.privateKeyPem),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: (options.signingTime ?? new Date()) as unknown as string },
    ],
  });
  p7.sign({ detached: options.detached ?? false });
  const asn1 = p7.toAsn1();
  // forge re-encodes certificates and the signer's issuer name from its parsed view (UTF8String names come out
  // as other string types); carry the original DER so certificates and issuerAndSerialNumber match byte for byte.
  // Neither is covered by the signature, so replacing them after signing is sound.
  const fromBytes = (bytes: Buffer) => forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  const signedData = children(children(children(asn1, 'ContentInfo')[1], '[0]')[0], 'SignedData');
  const certSet = signedData.find((n) => isContext(n, 0) && n.constructed);
  if (certSet) certSet.value = carried.map(fromBytes);
  const signerInfo = children(signedData[signedData.length - 1], 'signerInfos')[0];
  const issuerAndSerial = children(signerInfo, 'SignerInfo')[1];
  children(issuerAndSerial, 'issuerAndSerialNumber')[0] = fromBytes(certificateIds(signer.certificateDer).issuerDer);
  return der(asn1);
}
