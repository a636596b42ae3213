/**
 * The OCSP responder (RFC 6960), as NCA's `ocsp.pki.gov.kz`: POST `application/ocsp-request`, answers
 * `application/ocsp-response` signed by the delegated "OCSP RESPONDER" certificate, with SHA-1 or SHA-256
 * CertIDs echoed as asked, the nonce echoed, `good` / `revoked` (time and reason) / `unknown`, and no
 * nextUpdate (NCA's responder gives none: every answer is fresh).
 * @see ../../../shared/spec/integration-shapes.md §5, https://www.rfc-editor.org/rfc/rfc6960
 */
import { createHash, randomBytes, sign, verify } from 'node:crypto';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  TBSRequest,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, CRLReason, Extension, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { Credential } from './credential.js';
import { hexToArrayBuffer, SHA256_WITH_RSA, toArrayBuffer } from './issue.js';
import { ALGORITHM } from './oids.js';
import { REVOCATION_REASON_CODE, revocationReasonOf, type RevocationReason } from './profile.js';
import type { CertificateStatus } from './revocation.js';
import { serialHex } from './x509.js';

export const OCSP_REQUEST_TYPE = 'application/ocsp-request';
export const OCSP_RESPONSE_TYPE = 'application/ocsp-response';

/** CertID hash algorithms the responder understands. */
const HASHES: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  [ALGORITHM.sha1]: 'sha1',
  [ALGORITHM.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const HASH_OID = Object.fromEntries(Object.entries(HASHES).map(([oid, name]) => [name, oid])) as Record<string, string>;

/** The issuer's name DER and public-key bits: what a CertID hashes. */
export interface IssuerKeyInfo {
  nameDer: Buffer;
  publicKeyBits: Buffer;
}

export function issuerKeyInfo(issuer: Credential): IssuerKeyInfo {
  const tbs = issuer.certificate.tbsCertificate;
  return {
    nameDer: Buffer.from(AsnConvert.serialize(tbs.subject)),
    publicKeyBits: Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey),
  };
}

/** Public-key bits of a SubjectPublicKeyInfo DER. */
export function publicKeyBits(spkiDer: Buffer): Buffer {
  return Buffer.from(AsnConvert.parse(spkiDer, SubjectPublicKeyInfo).subjectPublicKey);
}

export interface OcspResponderContext {
  /** The OCSP RESPONDER credential that signs. */
  responder: Credential;
  /** The CA it answers for. */
  issuer: Credential;
  /** producedAt and thisUpdate: the tenant's clock. */
  now: Date;
  /** The status of a serial (hex) issued by `issuer`. */
  statusOf: (serialNumber: string) => CertificateStatus;
}

/** Why a request could not be answered with statuses (RFC 6960 §2.3 response status, not an HTTP error). */
export function errorResponse(status: OCSPResponseStatus): Buffer {
  return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));
}

/** Answers an OCSP request's DER with a signed response's DER; a malformed request gets `malformedRequest`. */
export function respondOcsp(requestDer: Buffer, ctx: OcspResponderContext): Buffer {
  let request: OCSPRequest;
  try {
    request = AsnConvert.parse(requestDer, OCSPRequest);
  } catch {
    return errorResponse(OCSPResponseStatus.malformedRequest);
  }
  const list = request.tbsRequest.requestList;
  if (!list.length) return errorResponse(OCSPResponseStatus.malformedRequest);
  const ours = issuerKeyInfo(ctx.issuer);
  const responses = list.map((r) => {
    const id = r.reqCert;
    const hash = HASHES[id.hashAlgorithm.algorithm];
    const matches =
      hash !== undefined &&
      Buffer.from(id.issuerNameHash.buffer).equals(createHash(hash).update(ours.nameDer).digest()) &&
      Buffer.from(id.issuerKeyHash.buffer).equals(createHash(hash).update(ours.publicKeyBits).digest());
    const status = matches ? ctx.statusOf(serialHex(id.serialNumber)) : { status: 'unknown' as const };
    return new SingleResponse({ certID: id, certStatus: certStatus(status), thisUpdate: ctx.now });
  });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
  const data = new ResponseData({
    responderID: new ResponderID({ byName: ctx.responder.certificate.tbsCertificate.subject }),
    producedAt: ctx.now,
    responses,
    ...(nonce ? { responseExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: nonce.extnValue })] } : {}),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(data));
  const basic = new BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: SHA256_WITH_RSA,
    signature: toArrayBuffer(sign('sha256', tbsDer, ctx.responder.privateKey)),
    certs: [ctx.responder.certificate],
  });
  return Buffer.from(
    AsnConvert.serialize(
      new OCSPResponse({
        responseStatus: OCSPResponseStatus.successful,
        responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
      }),
    ),
  );
}

function certStatus(status: CertificateStatus): CertStatus {
  if (status.status === 'good') return new CertStatus({ good: null });
  if (status.status === 'unknown') return new CertStatus({ unknown: null });
  return new CertStatus({
    revoked: new RevokedInfo({
      revocationTime: status.revocationTime!,
      ...(status.reason && status.reason !== 'unspecified' ? { revocationReason: new CRLReason(REVOCATION_REASON_CODE[status.reason]) } : {}),
    }),
  });
}

/** Builds an OCSP request (as `openssl ocsp` does): one CertID per serial, optionally a nonce. */
export function buildOcspRequest(
  certificates: { serialNumber: string; issuer: IssuerKeyInfo }[],
  options: { hash?: 'sha1' | 'sha256'; nonce?: Buffer | false } = {},
): Buffer {
  const hash = options.hash ?? 'sha256';
  const nonce = options.nonce === false ? null : (options.nonce ?? randomBytes(16));
  const tbs = new TBSRequest({
    requestList: certificates.map(
      (c) =>
        new Request({
          reqCert: new CertID({
            hashAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OID[hash]!, parameters: null }),
            issuerNameHash: new OctetString(createHash(hash).update(c.issuer.nameDer).digest()),
            issuerKeyHash: new OctetString(createHash(hash).update(c.issuer.publicKeyBits).digest()),
            serialNumber: hexToArrayBuffer(c.serialNumber),
          }),
        }),
    ),
    // The nonce's extnValue holds an OCTET STRING, as OpenSSL writes it.
    ...(nonce ? { requestExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))) })] } : {}),
  });
  return Buffer.from(AsnConvert.serialize(new OCSPRequest({ tbsRequest: tbs })));
}

export interface ParsedOcspSingle {
  serialNumber: string;
  hashAlgorithm: string;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime: Date | null;
  reason: RevocationReason | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

export interface ParsedOcspResponse {
  /** `successful`, `malformedRequest`... */
  responseStatus: string;
  producedAt: Date | null;
  responses: ParsedOcspSingle[];
  /** The nonce extension's value as sent (DER of the inner OCTET STRING). */
  nonce: Buffer | null;
  /** The certificates the responder enclosed (DER). */
  certs: Buffer[];
  tbsDer: Buffer | null;
  signature: Buffer | null;
}

/** Reads an OCSP response's DER. Throws on a malformed one. */
export function parseOcspResponse(der: Buffer): ParsedOcspResponse {
  const response = AsnConvert.parse(der, OCSPResponse);
  const responseStatus = OCSPResponseStatus[response.responseStatus] ?? String(response.responseStatus);
  if (!response.responseBytes) return { responseStatus, producedAt: null, responses: [], nonce: null, certs: [], tbsDer: null, signature: null };
  const basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  const data = basic.tbsResponseData;
  const nonce = data.responseExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
  return {
    responseStatus,
    producedAt: data.producedAt,
    responses: data.responses.map((r) => ({
      serialNumber: serialHex(r.certID.serialNumber),
      hashAlgorithm: HASHES[r.certID.hashAlgorithm.algorithm] ?? r.certID.hashAlgorithm.algorithm,
      status: r.certStatus.revoked ? 'revoked' : r.certStatus.unknown !== undefined ? 'unknown' : 'good',
      revocationTime: r.certStatus.revoked?.revocationTime ?? null,
      reason: r.certStatus.revoked ? revocationReasonOf(r.certStatus.revoked.revocationReason?.reason ?? 0) : null,
      thisUpdate: r.thisUpdate,
      nextUpdate: r.nextUpdate ?? null,
    })),
    nonce: nonce ? Buffer.from(nonce.extnValue.buffer) : null,
    certs: (basic.certs ?? []).map((c) => Buffer.from(AsnConvert.serialize(c))),
    tbsDer: Buffer.from(basic.tbsResponseDataRaw ?? AsnConvert.serialize(data)),
    signature: Buffer.from(basic.signature),
  };
}

/** Whether a parsed response was signed by `responder`'s key. */
export function ocspSignatureValid(response: ParsedOcspResponse, responder: Credential): boolean {
  return !!response.tbsDer && !!response.signature && verify('sha256', response.tbsDer, responder.publicKey, response.signature);
}
