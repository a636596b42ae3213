/**
 * Verifying enveloped XML signatures on documents (results, applications, data-provider payloads such as GBD FL's):
 * each `ds:Signature` must cover the whole document (`Reference URI=""` with the enveloped-signature transform,
 * then exclusive or inclusive C14N, with or without comments: comments are never digested for URI=""), sign
 * with RSA-SHA256 or stronger, and carry its certificate in KeyInfo. Only the signature is checked here; the
 * certificate is judged by the caller.
 *
 * The enveloped-signature transform takes the whole ds:Signature out before digesting, so nothing in it is signed
 * but SignedInfo. Hence (a signature that passes says nothing about what it carries, nor about where it sits):
 * - the signature holds SignedInfo, SignatureValue and KeyInfo only, KeyInfo one X509Data, X509Data one
 *   X509Certificate (xml-signature.ts): no ds:Object or anything else a reader could take for the document's
 *   content (`SIGNATURE_MALFORMED`, `SIGNATURE_KEY_INFO_REFUSED`);
 * - the signature is the last child element of the document element, where xmlsec, Apache Santuario, NCALayer and
 *   the sandbox put it (`SIGNATURE_MISPLACED`): moved first, or into the content, it would sit before or inside what
 *   a reader goes through. So a document carries one signature: a second one, appended, leaves the first not last
 *   (whose digest then covers the second, which breaks it anyway);
 * - the caller gets the canonical octets that were digested (`signedXml`), to process those and nothing else.
 * @see ../../../../shared/spec/integration-shapes.md §1 (enveloped signature of data-provider payloads)
 */
import type { Document, Element } from '@xmldom/xmldom';
import { childElements } from '../../core/xml.js';
import type { ParsedCertificate } from '../x509.js';
import { C14N, ENVELOPED_SIGNATURE } from './algorithms.js';
import { SignatureCheckError } from './signature-errors.js';
import { readSignerCertificate } from './signer-certificate.js';
import { allSignatures, type AlgorithmPolicy, certificateFromKeyInfo, checkDigest, checkSignatureValue, indexIds, parseSignature } from './xml-signature.js';

const ALL_C14N = [C14N.exclusive, C14N.exclusiveWithComments, C14N.inclusive, C14N.inclusiveWithComments];

export const ENVELOPED_POLICY: AlgorithmPolicy = {
  signedInfoC14n: ALL_C14N,
  transformChains: [[ENVELOPED_SIGNATURE], ...ALL_C14N.map((c) => [ENVELOPED_SIGNATURE, c])],
};

export interface VerifiedEnvelopedSignature {
  certificateDer: Buffer;
  /** The signer's certificate, parsed (not yet judged for trust). */
  certificate: ParsedCertificate;
  signatureMethod: string;
  /** The document as signed: the canonical octets the Reference digested (without the signature, without comments). */
  signedXml: string;
}

/** The outcome for one ds:Signature of a document: verified, or refused with the failed check. */
export type EnvelopedOutcome =
  | ({ ok: true; signature: Element } & VerifiedEnvelopedSignature)
  | { ok: false; signature: Element; error: SignatureCheckError; certificateDer?: Buffer };

/**
 * Verifies one enveloped signature of a document.
 * @throws SignatureCheckError naming the failed check
 */
export function verifyEnvelopedSignature(doc: Document, signature: Element, ids = indexIds(doc)): VerifiedEnvelopedSignature {
  const parsed = parseSignature(signature, ENVELOPED_POLICY);
  if (parsed.references.length !== 1) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', `a document signature holds one Reference (URI=""), found ${parsed.references.length}`, 'SignedInfo');
  }
  const ref = parsed.references[0]!;
  if (ref.uri !== '') {
    throw new SignatureCheckError(
      'SIGNATURE_WRAPPED',
      `the signature covers only ${ref.uri}, not the whole document: a document signature must use Reference URI=""`,
      'SignedInfo/Reference',
    );
  }
  if (!ref.transforms.some((t) => t.algorithm === ENVELOPED_SIGNATURE)) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', 'URI="" without the enveloped-signature transform would digest the signature itself', 'SignedInfo/Reference');
  }
  checkPlacement(doc, signature);
  const certificateDer = certificateFromKeyInfo(parsed.keyInfo, undefined, ids);
  const { certificate, publicKey } = readSignerCertificate(certificateDer, 'KeyInfo');
  checkSignatureValue(parsed, publicKey);
  const signedXml = checkDigest(ref, doc.documentElement!, signature, 'SignedInfo/Reference');
  return { certificateDer, certificate, signatureMethod: parsed.signatureMethod, signedXml };
}

/** A document signature is the last child element of the document element (see the module comment). */
function checkPlacement(doc: Document, signature: Element): void {
  const root = doc.documentElement!;
  if (signature === root) {
    throw new SignatureCheckError('SIGNATURE_MISPLACED', 'the ds:Signature is the document element: a document signature is appended to the document it signs', 'Signature');
  }
  if (signature.parentNode !== root) {
    throw new SignatureCheckError(
      'SIGNATURE_MISPLACED',
      `the ds:Signature is inside ${(signature.parentNode as Element).tagName}, not a child of the document element ${root.tagName}: a document signature is appended to the document element`,
      'Signature',
    );
  }
  const siblings = childElements(root);
  const last = siblings[siblings.length - 1]!;
  if (last !== signature) {
    const after = siblings[siblings.indexOf(signature) + 1]!;
    throw new SignatureCheckError(
      'SIGNATURE_MISPLACED',
      `the ds:Signature is followed by ${after.tagName}: a document signature is the last child of the document element`,
      'Signature',
    );
  }
}

/**
 * Verifies every ds:Signature of a document, each on its own (a signer per signature, as NCANode reports them).
 * An empty list means the document is not signed.
 */
export function verifyEnvelopedDocument(doc: Document): EnvelopedOutcome[] {
  const ids = indexIds(doc);
  return allSignatures(doc).map((signature): EnvelopedOutcome => {
    try {
      return { ok: true, signature, ...verifyEnvelopedSignature(doc, signature, ids) };
    } catch (e) {
      if (!(e instanceof SignatureCheckError)) throw e;
      // The certificate is still reported when it can be read, so the caller can show who claimed to sign.
      let certificateDer: Buffer | undefined;
      try {
        certificateDer = certificateFromKeyInfo(parseKeyInfo(signature), undefined, ids);
      } catch {
        certificateDer = undefined;
      }
      return { ok: false, signature, error: e, ...(certificateDer ? { certificateDer } : {}) };
    }
  });
}

function parseKeyInfo(signature: Element): Element | undefined {
  for (let child = signature.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && (child as Element).localName === 'KeyInfo') return child as Element;
  }
  return undefined;
}
