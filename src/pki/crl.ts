/**
 * Certificate revocation lists (кері қайтарылған куәліктер тізімі, СОС): complete ("base", `nca_rsa.crl`) and
 * delta (`nca_d_rsa.crl`) CRLs, X.509 v2, DER, signed by the issuing CA, as NCA publishes them.
 *
 * Numbering: the trait state is complete CRL number 1. After a tenant's k-th run-time change the complete CRL is
 * number 1 + 2k and the delta number 2 + 2k with BaseCRLNumber 1, listing every change since: one sequence for
 * both kinds, always increasing, and a delta applies to any complete CRL from number 1 up (RFC 5280 §5.2.4).
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-5
 */
import { sign, verify } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BaseCRLNumber,
  CertificateList,
  CRLNumber,
  CRLReason,
  KeyIdentifier,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  id_ce_deltaCRLIndicator,
} from '@peculiar/asn1-x509';
import type { Credential } from './credential.js';
import { ext, extension, hexToArrayBuffer, keyIdentifier, SHA256_WITH_RSA, toArrayBuffer } from './issue.js';
import { REVOCATION_REASON_CODE, revocationReasonOf, type RevocationReason } from './profile.js';
import { serialHex } from './x509.js';

export interface CrlEntry {
  serialNumber: string;
  revocationTime: Date;
  /** `removeFromCRL` only in a delta: the certificate left the list (a hold was released). */
  reason: RevocationReason | 'removeFromCRL';
}

export interface CrlOptions {
  issuer: Credential;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
  entries: CrlEntry[];
  /** Makes a delta CRL updating the complete CRL with this number. */
  baseCrlNumber?: number;
  /** The delta CRL's address, announced by complete CRLs (Freshest CRL). */
  freshestUrl?: string;
}

/** The complete CRL number after `sequence` run-time changes, and the delta's. */
export function crlNumbers(sequence: number): { complete: number; delta: number; base: number } {
  return { complete: 1 + 2 * sequence, delta: 2 + 2 * sequence, base: 1 };
}

/** Builds and signs a CRL; returns its DER. Entries are sorted by serial so equal states give equal bytes. */
export function buildCrl(options: CrlOptions): Buffer {
  const { issuer } = options;
  const revoked = [...options.entries]
    .sort((a, b) => a.serialNumber.localeCompare(b.serialNumber))
    .map(
      (e) =>
        new RevokedCertificate({
          userCertificate: hexToArrayBuffer(e.serialNumber),
          revocationDate: new Time(e.revocationTime),
          // RFC 5280 §5.3.1: the reason code `unspecified` SHOULD be absent.
          ...(e.reason === 'unspecified' ? {} : { crlEntryExtensions: [extension(id_ce_cRLReasons, false, new CRLReason(REVOCATION_REASON_CODE[e.reason]))] }),
        }),
    );
  const extensions = [
    extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdentifier(issuer.publicKey)) })),
    extension(id_ce_cRLNumber, false, new CRLNumber(options.crlNumber)),
    ...(options.baseCrlNumber === undefined ? [] : [extension(id_ce_deltaCRLIndicator, true, new BaseCRLNumber(options.baseCrlNumber))]),
    ...(options.freshestUrl ? [ext.freshestCrl([options.freshestUrl])] : []),
  ];
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: SHA256_WITH_RSA,
    issuer: issuer.certificate.tbsCertificate.subject,
    thisUpdate: new Time(options.thisUpdate),
    nextUpdate: new Time(options.nextUpdate),
    // An empty list is left out, not encoded as an empty SEQUENCE (RFC 5280 §5.1.2.6).
    ...(revoked.length ? { revokedCertificates: revoked } : {}),
    crlExtensions: extensions,
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = toArrayBuffer(sign('sha256', tbsDer, issuer.privateKey));
  return Buffer.from(AsnConvert.serialize(new CertificateList({ tbsCertList: tbs, signatureAlgorithm: SHA256_WITH_RSA, signature })));
}

export interface ParsedCrl {
  issuerNameDer: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | null;
  crlNumber: number | null;
  /** Set on a delta CRL. */
  baseCrlNumber: number | null;
  entries: Map<string, { revocationTime: Date; reason: RevocationReason | 'removeFromCRL' }>;
  tbsDer: Buffer;
  signature: Buffer;
}

/** Reads a CRL's DER (entries by hex serial). Throws on a malformed CRL. */
export function parseCrl(der: Buffer): ParsedCrl {
  const crl = AsnConvert.parse(der, CertificateList);
  const tbs = crl.tbsCertList;
  const entries = new Map<string, { revocationTime: Date; reason: RevocationReason | 'removeFromCRL' }>();
  for (const entry of tbs.revokedCertificates ?? []) {
    const reasonExt = entry.crlEntryExtensions?.find((e) => e.extnID === id_ce_cRLReasons);
    const code = reasonExt ? AsnConvert.parse(reasonExt.extnValue.buffer, CRLReason).reason : 0;
    entries.set(serialHex(entry.userCertificate), {
      revocationTime: entry.revocationDate.getTime(),
      reason: code === REVOCATION_REASON_CODE.removeFromCRL ? 'removeFromCRL' : revocationReasonOf(code),
    });
  }
  const number = (oid: string) => {
    const e = tbs.crlExtensions?.find((x) => x.extnID === oid);
    return e ? AsnConvert.parse(e.extnValue.buffer, CRLNumber).value : null;
  };
  return {
    issuerNameDer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
    thisUpdate: tbs.thisUpdate.getTime(),
    nextUpdate: tbs.nextUpdate ? tbs.nextUpdate.getTime() : null,
    crlNumber: number(id_ce_cRLNumber),
    baseCrlNumber: number(id_ce_deltaCRLIndicator),
    entries,
    tbsDer: Buffer.from(crl.tbsCertListRaw ?? AsnConvert.serialize(tbs)),
    signature: Buffer.from(crl.signature),
  };
}

/** Whether the CRL was signed by the holder of `issuer`'s key. */
export function crlSignatureValid(crl: ParsedCrl, issuer: Credential): boolean {
  return verify('sha256', crl.tbsDer, issuer.publicKey, crl.signature);
}
