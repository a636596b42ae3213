/**
 * The core of XML Signature verification (XMLDSig), written for one job: verify the signatures the sandbox
 * accepts, on the DOM the caller goes on to process, with every check strict and named.
 *
 * xml-crypto provides the canonicalizers (exclusive and inclusive C14N) and signs; the verification walk is ours
 * because it must compare node identity (the element that was digested is the element that is processed), index
 * every Id of the document to refuse duplicates, refuse weak algorithms and bare keys, and say which check failed
 * (xml-crypto's `checkSignature` answers a boolean for its own re-parsed copy of the document).
 *
 * Same-document references (`URI=""`, `URI="#id"`) never include comments, whatever the C14N variant (XMLDSig
 * §4.4.3.3), so a comment slipped into signed content neither breaks the digest nor changes what is processed
 * when the caller processes the canonical form.
 * @see https://www.w3.org/TR/xmldsig-core1/
 */
import { createHash, createVerify, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { C14nCanonicalization, ExclusiveCanonicalization } from 'xml-crypto';
import { childElements } from '../../core/xml.js';
import {
  C14N,
  DIGEST_METHODS,
  DSIG_NS,
  ENVELOPED_SIGNATURE,
  EXC_C14N_NS,
  REFUSED_ALGORITHMS,
  SIGNATURE_METHODS,
  WSSE_NS,
  X509V3_TOKEN,
} from './algorithms.js';
import { SignatureCheckError } from './signature-errors.js';

/** One `ds:Transform` or `ds:CanonicalizationMethod`: its algorithm and exclusive C14N's InclusiveNamespaces. */
export interface TransformStep {
  algorithm: string;
  inclusivePrefixes: string[];
}

export interface ParsedReference {
  /** The URI as written: `""` or `#id`. */
  uri: string;
  transforms: TransformStep[];
  digestMethod: string;
  digestValue: Buffer;
  element: Element;
}

/** A `ds:Signature` read and checked for shape and algorithms, not yet verified. */
export interface ParsedSignature {
  element: Element;
  signedInfo: Element;
  canonicalization: TransformStep;
  signatureMethod: string;
  references: ParsedReference[];
  signatureValue: Buffer;
  keyInfo: Element | undefined;
}

/** The profile decides which algorithms a signature may use. */
export interface AlgorithmPolicy {
  /** Canonicalization methods allowed for SignedInfo. */
  signedInfoC14n: readonly string[];
  /** The transform chains allowed on a Reference (exactly, in order). */
  transformChains: readonly (readonly string[])[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 with any whitespace in it (XML wraps long values); null when it is not base64 at all. */
export function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

function dsChildren(parent: Element, localName: string): Element[] {
  return childElements(parent).filter((e) => e.localName === localName && e.namespaceURI === DSIG_NS);
}

function oneDsChild(parent: Element, localName: string, where: string, optional = false): Element | undefined {
  const found = dsChildren(parent, localName);
  if (found.length > 1) throw new SignatureCheckError('SIGNATURE_MALFORMED', `${where} holds ${found.length} ds:${localName} elements; one is allowed`, where);
  if (found.length === 0 && !optional) throw new SignatureCheckError('SIGNATURE_MALFORMED', `${where} has no ds:${localName}`, where);
  return found[0];
}

/** Refuses an algorithm the profile does not allow, naming why when it is a known weak or unsupported one. */
function refuse(kind: string, algorithm: string, where: string): never {
  const why = REFUSED_ALGORITHMS[algorithm];
  throw new SignatureCheckError(
    'SIGNATURE_ALGORITHM_REFUSED',
    why ? `${kind} ${algorithm}: ${why}` : `${kind} ${algorithm || '(none)'} is not accepted here`,
    where,
  );
}

function readStep(el: Element, where: string): TransformStep {
  const algorithm = el.getAttribute('Algorithm') ?? '';
  // Transforms carry no content except exclusive C14N's InclusiveNamespaces (XPath, XSLT ... are refused by algorithm).
  const inclusive = childElements(el).filter((c) => c.localName === 'InclusiveNamespaces' && c.namespaceURI === EXC_C14N_NS);
  const others = childElements(el).filter((c) => !(c.localName === 'InclusiveNamespaces' && c.namespaceURI === EXC_C14N_NS));
  if (others.length > 0) {
    throw new SignatureCheckError('SIGNATURE_ALGORITHM_REFUSED', `${where} carries ${others[0]!.tagName}: transform parameters are not accepted`, where);
  }
  if (inclusive.length > 1) throw new SignatureCheckError('SIGNATURE_MALFORMED', `${where} holds more than one InclusiveNamespaces`, where);
  if (inclusive.length === 1 && algorithm !== C14N.exclusive && algorithm !== C14N.exclusiveWithComments) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', `${where}: InclusiveNamespaces belongs to exclusive C14N only`, where);
  }
  const prefixList = inclusive[0]?.getAttribute('PrefixList') ?? '';
  return {
    algorithm,
    inclusivePrefixes: prefixList
      .split(/\s+/)
      .filter((p) => p !== '')
      .map((p) => (p === '#default' ? '' : p)),
  };
}

/** The first text (or CDATA) child that is not whitespace: content where the schema allows only elements. */
export function strayText(el: Element): string | undefined {
  for (let child = el.firstChild; child; child = child.nextSibling) {
    if ((child.nodeType === 3 || child.nodeType === 4) && (child.nodeValue ?? '').trim() !== '') return child.nodeValue!.trim();
  }
  return undefined;
}

/** What a ds:Signature may hold, in this order (KeyInfo optional here; whether it names a certificate is checked later). */
const SIGNATURE_CHILDREN = ['SignedInfo', 'SignatureValue', 'KeyInfo'] as const;

/**
 * A ds:Signature holds SignedInfo, SignatureValue and KeyInfo, in that order, and nothing else: no ds:Object, no
 * foreign element, no text. Nothing of a signature but SignedInfo is signed, and an enveloped signature is taken
 * out of the document before digesting, so anything else carried in it is content nobody signed, a place to put
 * what a careless reader would take for the document's.
 */
function checkSignatureChildren(signature: Element): void {
  const text = strayText(signature);
  if (text !== undefined) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', `ds:Signature carries text (${JSON.stringify(text.slice(0, 40))}): it holds SignedInfo, SignatureValue and KeyInfo only`, 'Signature');
  }
  const children = childElements(signature);
  const odd = children.find((c) => c.namespaceURI !== DSIG_NS || !(SIGNATURE_CHILDREN as readonly string[]).includes(c.localName ?? ''));
  if (odd) {
    const name = odd.namespaceURI === DSIG_NS ? `ds:${odd.localName}` : `{${odd.namespaceURI ?? ''}}${odd.localName}`;
    throw new SignatureCheckError(
      'SIGNATURE_MALFORMED',
      `ds:Signature carries ${name}: only SignedInfo, SignatureValue and KeyInfo are accepted (anything else in a signature is unsigned)`,
      'Signature',
    );
  }
  for (const name of SIGNATURE_CHILDREN) oneDsChild(signature, name, 'Signature', name === 'KeyInfo');
  const order = children.map((c) => SIGNATURE_CHILDREN.indexOf(c.localName as (typeof SIGNATURE_CHILDREN)[number]));
  if (order.some((position, i) => position !== i)) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', `ds:Signature holds ${children.map((c) => c.localName).join(', ')}: the order is SignedInfo, SignatureValue, KeyInfo`, 'Signature');
  }
}

/** Reads a ds:Signature, checking its shape and that every algorithm is one the policy allows. */
export function parseSignature(signature: Element, policy: AlgorithmPolicy): ParsedSignature {
  checkSignatureChildren(signature);
  const signedInfo = oneDsChild(signature, 'SignedInfo', 'Signature')!;
  const c14nEl = oneDsChild(signedInfo, 'CanonicalizationMethod', 'SignedInfo')!;
  const canonicalization = readStep(c14nEl, 'SignedInfo/CanonicalizationMethod');
  if (!policy.signedInfoC14n.includes(canonicalization.algorithm)) refuse('CanonicalizationMethod', canonicalization.algorithm, 'SignedInfo/CanonicalizationMethod');
  const methodEl = oneDsChild(signedInfo, 'SignatureMethod', 'SignedInfo')!;
  const signatureMethod = methodEl.getAttribute('Algorithm') ?? '';
  if (!SIGNATURE_METHODS[signatureMethod]) refuse('SignatureMethod', signatureMethod, 'SignedInfo/SignatureMethod');
  if (childElements(methodEl).length > 0) {
    throw new SignatureCheckError('SIGNATURE_ALGORITHM_REFUSED', 'SignatureMethod parameters (HMACOutputLength...) are not accepted', 'SignedInfo/SignatureMethod');
  }
  const referenceEls = dsChildren(signedInfo, 'Reference');
  if (referenceEls.length === 0) throw new SignatureCheckError('SIGNATURE_MALFORMED', 'ds:SignedInfo holds no ds:Reference', 'SignedInfo');
  const references = referenceEls.map((element, i): ParsedReference => {
    const where = `SignedInfo/Reference[${i + 1}]`;
    if (!element.hasAttribute('URI')) throw new SignatureCheckError('SIGNATURE_REFERENCE_NOT_FOUND', `${where} has no URI: the signed element is unnamed`, where);
    const uri = element.getAttribute('URI') ?? '';
    const transformsEl = oneDsChild(element, 'Transforms', where, true);
    const transforms = transformsEl ? dsChildren(transformsEl, 'Transform').map((t, j) => readStep(t, `${where}/Transforms/Transform[${j + 1}]`)) : [];
    const chain = transforms.map((t) => t.algorithm);
    if (!policy.transformChains.some((allowed) => allowed.length === chain.length && allowed.every((a, k) => a === chain[k]))) {
      const odd = chain.find((a) => REFUSED_ALGORITHMS[a] || !Object.values(C14N).includes(a as never)) ?? chain.join(' + ');
      refuse('Transform', odd, `${where}/Transforms`);
    }
    const digestEl = oneDsChild(element, 'DigestMethod', where)!;
    const digestMethod = digestEl.getAttribute('Algorithm') ?? '';
    if (!DIGEST_METHODS[digestMethod]) refuse('DigestMethod', digestMethod, `${where}/DigestMethod`);
    const digestValue = decodeBase64(oneDsChild(element, 'DigestValue', where)!.textContent ?? '');
    if (!digestValue) throw new SignatureCheckError('SIGNATURE_MALFORMED', `${where}/DigestValue is not base64`, where);
    return { uri, transforms, digestMethod, digestValue, element };
  });
  const valueEl = oneDsChild(signature, 'SignatureValue', 'Signature')!;
  const signatureValue = decodeBase64(valueEl.textContent ?? '');
  if (!signatureValue) throw new SignatureCheckError('SIGNATURE_MALFORMED', 'ds:SignatureValue is not base64', 'Signature/SignatureValue');
  const keyInfo = oneDsChild(signature, 'KeyInfo', 'Signature', true);
  return { element: signature, signedInfo, canonicalization, signatureMethod, references, signatureValue, keyInfo };
}

/** The names an attribute must have to be an element's Id: `wsu:Id`, `Id`, `ID`, `id` (in any namespace). */
const ID_ATTRIBUTE_NAMES = new Set(['Id', 'ID', 'id']);

/** Every element of the document by each Id it carries; an Id carried twice maps to both elements. */
export function indexIds(doc: Document): Map<string, Element[]> {
  const index = new Map<string, Element[]>();
  const stack: Element[] = doc.documentElement ? [doc.documentElement] : [];
  while (stack.length) {
    const el = stack.pop()!;
    const attrs = el.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs.item(i)!;
      const local = attr.localName ?? attr.name;
      if (attr.name.startsWith('xmlns') || !ID_ATTRIBUTE_NAMES.has(local)) continue;
      const list = index.get(attr.value) ?? [];
      if (!list.includes(el)) list.push(el);
      index.set(attr.value, list);
    }
    stack.push(...childElements(el));
  }
  return index;
}

/** An XML NCName: what a bare-name XPointer `#id` may contain. No whitespace, no quotes, no xpointer(). */
const BARE_NAME = /^#([A-Za-z_][A-Za-z0-9._-]*)$/;

/**
 * The element a same-document Reference points at: the document element for `URI=""`, the one element
 * carrying the Id for `#id`. Refuses external URIs, XPointer expressions, padded ids, missing and duplicate ids.
 */
export function resolveReference(doc: Document, uri: string, ids: Map<string, Element[]>, where: string): Element {
  if (uri === '') return doc.documentElement!;
  const m = BARE_NAME.exec(uri);
  if (!m) {
    throw new SignatureCheckError(
      'SIGNATURE_REFERENCE_NOT_FOUND',
      `Reference URI ${JSON.stringify(uri.slice(0, 100))} is not a same-document #id (external, XPointer and padded URIs are refused)`,
      where,
    );
  }
  const found = ids.get(m[1]!) ?? [];
  if (found.length === 0) throw new SignatureCheckError('SIGNATURE_REFERENCE_NOT_FOUND', `no element carries the Id ${m[1]} that Reference ${uri} names`, where);
  if (found.length > 1) {
    throw new SignatureCheckError('SIGNATURE_DUPLICATE_ID', `${found.length} elements carry the Id ${m[1]}: which one was signed is ambiguous`, where);
  }
  return found[0]!;
}

/** Namespace declarations in scope on an element's ancestors (nearest first wins), for inclusive C14N of a subtree. */
export function ancestorNamespaces(el: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let node = el.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    const attrs = (node as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs.item(i)!;
      if (attr.name !== 'xmlns' && !attr.name.startsWith('xmlns:')) continue;
      const prefix = attr.name === 'xmlns' ? '' : attr.name.slice(6);
      if (!seen.has(prefix)) seen.set(prefix, attr.value);
    }
  }
  const own = new Set<string>([el.prefix ?? '']);
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const name = attrs.item(i)!.name;
    if (name === 'xmlns' || name.startsWith('xmlns:')) own.add(name === 'xmlns' ? '' : name.slice(6));
  }
  // The default namespace is not listed: C14N renders it on the apex from the element's own namespace.
  return [...seen]
    .filter(([prefix, uri]) => prefix !== '' && uri !== '' && !own.has(prefix))
    .map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

/**
 * Canonicalizes an element (comments always left out: see the module comment). Exclusive C14N renders only the
 * namespaces the subtree uses, plus those named in InclusiveNamespaces; inclusive C14N renders all in scope.
 */
export function canonicalize(el: Element, step: TransformStep): string {
  const exclusive = step.algorithm === C14N.exclusive || step.algorithm === C14N.exclusiveWithComments;
  if (exclusive) {
    // With a PrefixList, xml-crypto declares the listed in-scope prefixes on the element itself (harmless: they
    // are in scope already) and renders them as inclusive C14N would.
    const options = {
      inclusiveNamespacesPrefixList: step.inclusivePrefixes,
      ancestorNamespaces: step.inclusivePrefixes.length ? ancestorNamespaces(el) : [],
      defaultNs: '',
    };
    return new ExclusiveCanonicalization().process(el as never, options);
  }
  return new C14nCanonicalization().process(el as never, { ancestorNamespaces: ancestorNamespaces(el), defaultNs: '' }) as string;
}

/**
 * The canonical octets a Reference digests: the target (with the enclosing signature taken out for the
 * enveloped-signature transform, and put back afterwards), through the last C14N of the chain.
 */
export function referenceOctets(ref: ParsedReference, target: Element, signature: Element): string {
  const steps = ref.transforms.filter((t) => t.algorithm !== ENVELOPED_SIGNATURE);
  const enveloped = ref.transforms.some((t) => t.algorithm === ENVELOPED_SIGNATURE);
  const c14n = steps[steps.length - 1] ?? { algorithm: C14N.inclusive, inclusivePrefixes: [] };
  if (!enveloped) return canonicalize(target, c14n);
  if (!isAncestorOrSelf(target, signature)) {
    throw new SignatureCheckError('SIGNATURE_MALFORMED', 'the enveloped-signature transform is used on an element that does not enclose the signature');
  }
  const parent = signature.parentNode!;
  const next = signature.nextSibling;
  parent.removeChild(signature);
  try {
    return canonicalize(target, c14n);
  } finally {
    parent.insertBefore(signature, next);
  }
}

export function isAncestorOrSelf(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

/** Checks a Reference's digest; throws SIGNATURE_INVALID naming the reference when the content changed. */
export function checkDigest(ref: ParsedReference, target: Element, signature: Element, where: string): string {
  const octets = referenceOctets(ref, target, signature);
  const digest = createHash(DIGEST_METHODS[ref.digestMethod]!).update(octets, 'utf8').digest();
  if (digest.length !== ref.digestValue.length || !timingSafeEqual(digest, ref.digestValue)) {
    throw new SignatureCheckError(
      'SIGNATURE_INVALID',
      `the digest of Reference ${ref.uri === '' ? '""' : ref.uri} does not match: the signed content changed after signing`,
      where,
    );
  }
  return octets;
}

/** Verifies SignatureValue over the canonical SignedInfo with the certificate's public key. */
export function checkSignatureValue(parsed: ParsedSignature, publicKey: KeyObject): void {
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new SignatureCheckError('SIGNATURE_ALGORITHM_REFUSED', `the certificate holds a ${publicKey.asymmetricKeyType} key; the sandbox verifies RSA`, 'KeyInfo');
  }
  const signedInfo = canonicalize(parsed.signedInfo, parsed.canonicalization);
  const ok = createVerify(SIGNATURE_METHODS[parsed.signatureMethod]!.hash)
    .update(signedInfo, 'utf8')
    .verify(publicKey, parsed.signatureValue);
  if (!ok) {
    throw new SignatureCheckError('SIGNATURE_INVALID', 'SignatureValue does not verify with the certificate\'s key over SignedInfo', 'Signature/SignatureValue');
  }
}

/**
 * The signer's certificate from KeyInfo. Accepted: `ds:X509Data/ds:X509Certificate` (exactly one certificate),
 * and, inside a WS-Security header, `wsse:SecurityTokenReference` with `wsse:Reference` to a
 * `wsse:BinarySecurityToken` (X509v3) of the same header, or with `wsse:KeyIdentifier` (X509v3, Base64Binary)
 * carrying the certificate itself. Both may be present (the gateway sends both, so that WSS4J reads the token and
 * xmlsec1 the X509Data) when they name the same certificate. Refused: `ds:KeyValue` (a bare key proves nobody's
 * identity), `ds:KeyName`, `ds:X509IssuerSerial` / `X509SKI` / `X509SubjectName` (alone or beside the
 * certificate), `ds:RetrievalMethod`, several certificates, text: KeyInfo is not signed, so it carries the one
 * certificate and nothing a reader could take for content.
 */
export function certificateFromKeyInfo(keyInfo: Element | undefined, security: Element | undefined, ids: Map<string, Element[]>): Buffer {
  if (!keyInfo) throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', "the signature has no ds:KeyInfo: send the signer's certificate", 'Signature/KeyInfo');
  const text = strayText(keyInfo);
  if (text !== undefined) {
    throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', `KeyInfo carries text (${JSON.stringify(text.slice(0, 40))}), not a certificate`, 'Signature/KeyInfo');
  }
  const children = childElements(keyInfo);
  const refusedChild = children.find((c) => c.namespaceURI === DSIG_NS && c.localName !== 'X509Data');
  if (refusedChild) {
    throw new SignatureCheckError(
      'SIGNATURE_KEY_INFO_REFUSED',
      `KeyInfo carries ds:${refusedChild.localName}: only an X.509 certificate is trusted (a key in KeyInfo is never used on its own)`,
      'Signature/KeyInfo',
    );
  }
  const x509Data = children.filter((c) => c.namespaceURI === DSIG_NS && c.localName === 'X509Data');
  const tokenRefs = children.filter((c) => c.namespaceURI === WSSE_NS && c.localName === 'SecurityTokenReference');
  const other = children.find((c) => !x509Data.includes(c) && !tokenRefs.includes(c));
  if (other) {
    throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', `KeyInfo carries {${other.namespaceURI ?? ''}}${other.localName}, not a certificate`, 'Signature/KeyInfo');
  }
  if (x509Data.length > 1 || tokenRefs.length > 1 || children.length === 0) {
    throw new SignatureCheckError(
      'SIGNATURE_KEY_INFO_REFUSED',
      `KeyInfo must name one certificate (one X509Data and/or one SecurityTokenReference), found ${children.length} elements`,
      'Signature/KeyInfo',
    );
  }
  const fromX509Data = x509Data[0] ? certificateFromX509Data(x509Data[0]) : undefined;
  const fromToken = tokenRefs[0] ? certificateFromTokenReference(tokenRefs[0], keyInfo, security, ids) : undefined;
  if (fromX509Data && fromToken && !fromX509Data.equals(fromToken)) {
    throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', 'KeyInfo names two different certificates (X509Data and the security token)', 'Signature/KeyInfo');
  }
  return (fromToken ?? fromX509Data)!;
}

/** X509Data holds the signer's certificate and nothing else: no chain, no issuer/serial, SKI or subject name beside it. */
function certificateFromX509Data(x509Data: Element): Buffer {
  const children = childElements(x509Data);
  const certs = children.filter((c) => c.namespaceURI === DSIG_NS && c.localName === 'X509Certificate');
  const other = children.find((c) => !certs.includes(c));
  if (other) {
    const name = other.namespaceURI === DSIG_NS ? `ds:${other.localName}` : `{${other.namespaceURI ?? ''}}${other.localName}`;
    throw new SignatureCheckError(
      'SIGNATURE_KEY_INFO_REFUSED',
      `X509Data carries ${name}: it must carry the signer's ds:X509Certificate and nothing else`,
      'Signature/KeyInfo/X509Data',
    );
  }
  const text = strayText(x509Data);
  if (text !== undefined) {
    throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', `X509Data carries text (${JSON.stringify(text.slice(0, 40))}) beside the certificate`, 'Signature/KeyInfo/X509Data');
  }
  if (certs.length !== 1) {
    throw new SignatureCheckError(
      'SIGNATURE_KEY_INFO_REFUSED',
      `X509Data must carry exactly one ds:X509Certificate (the signer's), found ${certs.length}`,
      'Signature/KeyInfo/X509Data',
    );
  }
  const der = decodeBase64(certs[0]!.textContent ?? '');
  if (!der) throw new SignatureCheckError('SIGNATURE_TOKEN_INVALID', 'X509Certificate is not base64', 'Signature/KeyInfo/X509Data');
  return der;
}

function certificateFromTokenReference(str: Element, keyInfo: Element, security: Element | undefined, ids: Map<string, Element[]>): Buffer {
  const children = childElements(str);
  if (children.length !== 1 || children[0]!.namespaceURI !== WSSE_NS) {
    throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', 'SecurityTokenReference must hold one wsse:Reference or wsse:KeyIdentifier', 'KeyInfo/SecurityTokenReference');
  }
  const pointer = children[0]!;
  if (pointer.localName === 'KeyIdentifier') {
    const valueType = pointer.getAttribute('ValueType') ?? '';
    if (valueType !== X509V3_TOKEN) {
      throw new SignatureCheckError(
        'SIGNATURE_KEY_INFO_REFUSED',
        `KeyIdentifier ValueType ${valueType || '(none)'} does not carry a certificate; use ${X509V3_TOKEN}`,
        'KeyInfo/SecurityTokenReference/KeyIdentifier',
      );
    }
    const der = decodeBase64(pointer.textContent ?? '');
    if (!der) throw new SignatureCheckError('SIGNATURE_TOKEN_INVALID', 'KeyIdentifier is not base64', 'KeyInfo/SecurityTokenReference/KeyIdentifier');
    return der;
  }
  if (pointer.localName === 'Reference') {
    const uri = pointer.getAttribute('URI') ?? '';
    const token = resolveReference(keyInfo.ownerDocument!, uri, ids, 'KeyInfo/SecurityTokenReference/Reference');
    if (token.namespaceURI !== WSSE_NS || token.localName !== 'BinarySecurityToken' || !security || token.parentNode !== security) {
      throw new SignatureCheckError(
        'SIGNATURE_KEY_INFO_REFUSED',
        `SecurityTokenReference points at ${token.tagName}, not a wsse:BinarySecurityToken of the same wsse:Security header`,
        'KeyInfo/SecurityTokenReference/Reference',
      );
    }
    const valueType = token.getAttribute('ValueType') ?? '';
    if (valueType !== X509V3_TOKEN) {
      throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', `BinarySecurityToken ValueType ${valueType || '(none)'} is not X509v3`, 'wsse:BinarySecurityToken');
    }
    const der = decodeBase64(token.textContent ?? '');
    if (!der) throw new SignatureCheckError('SIGNATURE_TOKEN_INVALID', 'BinarySecurityToken is not base64', 'wsse:BinarySecurityToken');
    return der;
  }
  throw new SignatureCheckError('SIGNATURE_KEY_INFO_REFUSED', `SecurityTokenReference holds wsse:${pointer.localName}; send the certificate`, 'KeyInfo/SecurityTokenReference');
}

/** Every ds:Signature element of a document, in document order. */
export function allSignatures(doc: Document): Element[] {
  const list = doc.getElementsByTagNameNS(DSIG_NS, 'Signature');
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) out.push(list.item(i)!);
  return out;
}
