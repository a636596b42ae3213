/**
 * Verifying the SHEP WS-Security profile on a SOAP 1.1 envelope: one `ds:Signature` inside
 * `Header/wsse:Security`, exclusive C14N, a Reference `#id-...` to the `wsu:Id` of the Envelope's single Body,
 * RSA-SHA256 (or stronger) with SHA-256 digests, and the signer's certificate as a BinarySecurityToken or
 * KeyIdentifier (X509v3). Only the signature is checked here; the certificate is judged by the caller.
 *
 * Resisting the known attacks on XML signatures:
 * - signature wrapping: the element the Reference resolves to must be the very node that is the Envelope's single
 *   Body (node identity, not a name match), no Id may be carried twice anywhere in the message, and the caller gets
 *   the canonical octets that were digested, to process those and nothing else;
 * - more than one ds:Signature outside the Body, or one outside Header/wsse:Security: refused (signatures inside the
 *   Body are signed content, e.g. a document its author signed, covered by the message signature);
 * - anything in the ds:Signature besides SignedInfo, SignatureValue and KeyInfo (a ds:Object...), anything in
 *   X509Data besides the one certificate: refused (unsigned content has no place in a signature);
 * - a key in KeyInfo that is not a certificate (KeyValue...): refused; the certificate is then judged for trust;
 * - a certificate the PKI cannot read (an extension, the key): SIGNATURE_TOKEN_INVALID, as any unreadable token;
 * - Reference URIs that are not a plain `#id` (whitespace, XPointer, external), or name no element: refused;
 * - SHA-1 / MD5 / HMAC / unknown algorithms and transforms other than exclusive C14N: refused;
 * - comments: never digested (same-document references), and absent from the canonical octets processed.
 * @see ../../../../shared/spec/integration-shapes.md §1 "WS-Security"
 */
import type { Document, Element } from '@xmldom/xmldom';
import { childElements } from '../../core/xml.js';
import type { ParsedCertificate } from '../x509.js';
import { C14N, DSIG_NS, WSSE_NS, WSU_NS } from './algorithms.js';
import { SignatureCheckError } from './signature-errors.js';
import { readSignerCertificate } from './signer-certificate.js';
import {
  allSignatures,
  type AlgorithmPolicy,
  certificateFromKeyInfo,
  checkDigest,
  checkSignatureValue,
  indexIds,
  isAncestorOrSelf,
  parseSignature,
  resolveReference,
} from './xml-signature.js';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Exclusive C14N for SignedInfo and on every Reference (the profile's only transform). */
export const WSSE_POLICY: AlgorithmPolicy = {
  signedInfoC14n: [C14N.exclusive],
  transformChains: [[C14N.exclusive]],
};

export interface VerifiedWsSecurity {
  /** The signer's certificate, DER, as KeyInfo named it (not yet judged for trust). */
  certificateDer: Buffer;
  /** The same certificate, parsed: what the caller validates (its public key verified the signature). */
  certificate: ParsedCertificate;
  /** The Envelope's Body element: the node whose digest verified. */
  body: Element;
  /** The Body's exclusive C14N octets exactly as digested: process these. */
  signedBody: string;
  /** The Body's wsu:Id. */
  bodyId: string;
  signatureMethod: string;
}

function soapChildren(parent: Element, localName: string): Element[] {
  return childElements(parent).filter((e) => e.localName === localName && e.namespaceURI === SOAP11_NS);
}

/**
 * Verifies the WS-Security signature of a SOAP 1.1 envelope (already parsed safely).
 * @throws SignatureCheckError naming the failed check
 */
export function verifyWsSecurity(doc: Document): VerifiedWsSecurity {
  const envelope = doc.documentElement!;
  if (envelope.localName !== 'Envelope' || envelope.namespaceURI !== SOAP11_NS) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', `the root element is ${envelope.tagName}, not a SOAP 1.1 Envelope`, 'Envelope');
  }
  const bodies = soapChildren(envelope, 'Body');
  if (bodies.length !== 1) throw new SignatureCheckError('SIGNATURE_WRAPPED', `the Envelope must hold exactly one Body, found ${bodies.length}`, 'Envelope/Body');
  const body = bodies[0]!;
  const headers = soapChildren(envelope, 'Header');
  if (headers.length > 1) throw new SignatureCheckError('SIGNATURE_MISPLACED', `the Envelope holds ${headers.length} Header elements`, 'Envelope/Header');

  // Signatures inside the Body are signed content (a document its author signed, as GBD FL payloads are), covered by
  // the message signature like any other content; every other ds:Signature is a candidate message signature.
  const all = allSignatures(doc);
  const signatures = all.filter((s) => !isAncestorOrSelf(body, s));
  if (signatures.length === 0) {
    const bodyId = body.getAttributeNS(WSU_NS, 'Id');
    const moved = all.find((s) => bodyId && s.getElementsByTagNameNS(DSIG_NS, 'Reference').item(0)?.getAttribute('URI') === `#${bodyId}`);
    if (moved) {
      throw new SignatureCheckError('SIGNATURE_MISPLACED', 'the signature of the Body is inside the Body, not in Header/wsse:Security', 'Signature');
    }
    throw new SignatureCheckError('SIGNATURE_MISSING', 'the message is not signed: Header/wsse:Security/ds:Signature is required on this endpoint', 'Header/Security');
  }
  if (signatures.length > 1) {
    throw new SignatureCheckError('SIGNATURE_MULTIPLE', `the message carries ${signatures.length} ds:Signature elements outside the Body; exactly one is accepted`, 'Signature');
  }
  const signature = signatures[0]!;
  const securityHeaders = headers[0] ? childElements(headers[0]).filter((e) => e.localName === 'Security' && e.namespaceURI === WSSE_NS) : [];
  if (securityHeaders.length > 1) {
    throw new SignatureCheckError('SIGNATURE_MISPLACED', `the Header holds ${securityHeaders.length} wsse:Security elements; one is accepted`, 'Header/Security');
  }
  const security = securityHeaders[0];
  if (!security || signature.parentNode !== security) {
    throw new SignatureCheckError(
      'SIGNATURE_MISPLACED',
      `the ds:Signature is inside ${(signature.parentNode as Element | null)?.tagName ?? 'nothing'}, not Envelope/Header/wsse:Security`,
      'Signature',
    );
  }
  const mustUnderstand = security.getAttributeNS(SOAP11_NS, 'mustUnderstand');
  if (mustUnderstand && mustUnderstand !== '1' && mustUnderstand !== 'true' && mustUnderstand !== '0' && mustUnderstand !== 'false') {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', `wsse:Security mustUnderstand="${mustUnderstand}" is not a boolean`, 'Header/Security');
  }

  const parsed = parseSignature(signature, WSSE_POLICY);
  const ids = indexIds(doc);
  // Any Id carried twice makes "the element with this Id" ambiguous, whether or not a Reference names it yet.
  for (const [id, elements] of ids) {
    if (elements.length > 1) {
      throw new SignatureCheckError('SIGNATURE_DUPLICATE_ID', `${elements.length} elements carry the Id ${id} (${elements.map((e) => e.tagName).join(', ')})`, `#${id}`);
    }
  }
  const targets = parsed.references.map((ref, i) => ({ ref, target: resolveReference(doc, ref.uri, ids, `SignedInfo/Reference[${i + 1}]`), i }));
  const bodyRefs = targets.filter((t) => t.target === body);
  if (bodyRefs.length === 0) {
    const named = targets.map((t) => `${t.ref.uri === '' ? '""' : t.ref.uri} (${t.target.tagName})`).join(', ');
    throw new SignatureCheckError('SIGNATURE_WRAPPED', `the signature does not cover the Envelope's Body; it covers ${named}`, 'SignedInfo/Reference');
  }
  if (bodyRefs.length > 1) throw new SignatureCheckError('SIGNATURE_MALFORMED', 'the Body is referenced more than once', 'SignedInfo/Reference');
  for (const t of targets) {
    // Besides the Body, only parts of the security header itself (wsu:Timestamp, the token) may be signed.
    if (t.target !== body && !isAncestorOrSelf(security, t.target)) {
      throw new SignatureCheckError(
        'SIGNATURE_WRAPPED',
        `Reference ${t.ref.uri} covers ${t.target.tagName}, which is neither the Body nor part of wsse:Security`,
        `SignedInfo/Reference[${t.i + 1}]`,
      );
    }
    if (t.ref.uri === '') throw new SignatureCheckError('SIGNATURE_REFERENCE_NOT_FOUND', 'URI="" (the whole document) is not the WS-Security profile', `SignedInfo/Reference[${t.i + 1}]`);
  }

  const certificateDer = certificateFromKeyInfo(parsed.keyInfo, security, ids);
  const { certificate, publicKey } = readSignerCertificate(certificateDer, 'KeyInfo');
  checkSignatureValue(parsed, publicKey);
  let signedBody = '';
  for (const t of targets) {
    const octets = checkDigest(t.ref, t.target, signature, `SignedInfo/Reference[${t.i + 1}]`);
    if (t.target === body) signedBody = octets;
  }
  return { certificateDer, certificate, body, signedBody, bodyId: bodyRefs[0]!.ref.uri.slice(1), signatureMethod: parsed.signatureMethod };
}
