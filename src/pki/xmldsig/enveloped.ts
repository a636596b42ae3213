/**
 * Verifying enveloped XML signatures on documents (results, applications, data-provider payloads such as GBD FL's):
 * each `ds:Signature` must cover the whole document (`Reference URI=""` with the enveloped-signature transform,
 * then exclusive or inclusive C14N, with or without comments: comments are never digested for URI=""), sign
 * with RSA-SHA256 or stronger, and carry its certificate in KeyInfo. Only the signature is checked here; the
 * certificate is judged by the caller.
 * @see ../../../../shared/spec/integration-shapes.md §1 (enveloped signature of data-provider payloads)
 */
import type { Document, Element } from '@xmldom/xmldom';
import { C14N, ENVELOPED_SIGNATURE } from './algorithms.js';
import { SignatureCheckError } from './signature-errors.js';
import {
  allSignatures,
  type AlgorithmPolicy,
  certificateFromKeyInfo,
  checkDigest,
  checkSignatureValue,
  indexIds,
  parseSignature,
  readCertificate,
} from './xml-signature.js';

const ALL_C14N = [C14N.exclusive, C14N.exclusiveWithComments, C14N.inclusive, C14N.inclusiveWithComments];

export const ENVELOPED_POLICY: AlgorithmPolicy = {
  signedInfoC14n: ALL_C14N,
  transformChains: [[ENVELOPED_SIGNATURE], ...ALL_C14N.map((c) => [ENVELOPED_SIGNATURE, c])],
};

export interface VerifiedEnvelopedSignature {
  certificateDer: Buffer;
  signatureMethod: string;
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
  const certificateDer = certificateFromKeyInfo(parsed.keyInfo, undefined, ids);
  const certificate = readCertificate(certificateDer, 'KeyInfo');
  checkSignatureValue(parsed, certificate.publicKey);
  checkDigest(ref, doc.documentElement!, signature, 'SignedInfo/Reference');
  return { certificateDer, signatureMethod: parsed.signatureMethod };
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
