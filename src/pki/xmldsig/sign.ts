/**
 * Signing XML (xml-crypto): enveloped signatures for documents (results, applications, data-provider payloads)
 * and the SHEP WS-Security profile for SOAP messages. RSA-SHA256, SHA-256 digests, exclusive C14N.
 * @see ../../../../shared/spec/integration-shapes.md §1 "WS-Security"
 * @see ../../../docs/signatures.md
 */
import { createHash, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { childElements } from '../../core/xml.js';
import { BASE64_BINARY, C14N, DSIG_NS, ENVELOPED_SIGNATURE, RSA_SHA256, SHA256, WSSE_NS, WSU_NS, X509V3_TOKEN } from './algorithms.js';
import { canonicalize, type TransformStep } from './xml-signature.js';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A private key and its certificate: what signs. */
export interface XmlSigner {
  /** PKCS#8 (or PKCS#1) PEM. */
  privateKeyPem: string;
  certificateDer: Buffer;
  /** The same key already parsed, to skip reading the PEM on every signature (the gateway signs every answer). */
  privateKey?: KeyObject;
}

function parse(xml: string): Document {
  let problem: string | undefined;
  const doc = new DOMParser({
    onError: (_level, message) => {
      problem ??= String(message).split('\n')[0];
    },
  }).parseFromString(xml, 'text/xml');
  if (problem || !doc.documentElement) throw new TypeError(`cannot sign: the XML is not well formed (${problem ?? 'no root element'})`);
  return doc;
}

/**
 * Signs a whole document with an enveloped signature: `ds:Signature` appended to the document element,
 * `Reference URI=""` with the enveloped-signature and exclusive C14N transforms, and the certificate in
 * `KeyInfo/X509Data/X509Certificate`. Verifies with `xmlsec1 --verify` and with `POST /eds/xml/verify`.
 */
export function signEnveloped(xml: string, signer: XmlSigner): string {
  const root = parse(xml).documentElement!;
  const certificate = signer.certificateDer.toString('base64');
  const sig = new SignedXml({
    privateKey: signer.privateKey ?? signer.privateKeyPem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: C14N.exclusive,
    getKeyInfoContent: ({ prefix } = {}) => {
      const p = prefix ? `${prefix}:` : '';
      return `<${p}X509Data><${p}X509Certificate>${certificate}</${p}X509Certificate></${p}X509Data>`;
    },
  });
  sig.addReference({ xpath: '/*', transforms: [ENVELOPED_SIGNATURE, C14N.exclusive], digestAlgorithm: SHA256, isEmptyUri: true });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `/*[local-name(.)='${root.localName}']`, action: 'append' } });
  return sig.getSignedXml();
}

export interface WsSecurityOptions {
  /**
   * How KeyInfo names the certificate: a `wsse:Reference` to a `wsse:BinarySecurityToken` in the header (default,
   * what WSS4J sends), or a `wsse:KeyIdentifier` carrying the certificate (the form integration-shapes §1 shows).
   */
  keyReference?: 'binary-security-token' | 'key-identifier';
  /** The Body's wsu:Id; default `id-<uuid>`. */
  bodyId?: string;
  /**
   * Also put the certificate in `KeyInfo/X509Data`, beside the token reference, so that tools without WS-Security
   * support (`xmlsec1 --verify`) find the key. Default false; the gateway's responses set it.
   */
  includeX509Data?: boolean;
}

/**
 * Signs a SOAP 1.1 envelope in the SHEP WS-Security profile (exclusive C14N by xml-crypto's canonicalizer, the
 * signature assembled on the DOM): the Body gets `wsu:Id="id-<uuid>"`, the Header a
 * `wsse:Security` (mustUnderstand="1") holding the certificate as a BinarySecurityToken and the `ds:Signature`
 * whose single Reference `#id-...` digests the Body through exclusive C14N. Any existing wsse:Security header is
 * refused (sign once).
 */
export function signSoapEnvelope(xml: string, signer: XmlSigner, options: WsSecurityOptions = {}): string {
  const doc = parse(xml);
  const envelope = doc.documentElement!;
  if (envelope.localName !== 'Envelope' || envelope.namespaceURI !== SOAP11_NS) throw new TypeError('cannot sign: not a SOAP 1.1 Envelope');
  const soap = envelope.prefix ?? '';
  const qualified = (local: string) => (soap ? `${soap}:${local}` : local);
  const body = childElements(envelope).find((e) => e.localName === 'Body' && e.namespaceURI === SOAP11_NS);
  if (!body) throw new TypeError('cannot sign: the Envelope has no Body');
  let header = childElements(envelope).find((e) => e.localName === 'Header' && e.namespaceURI === SOAP11_NS);
  if (!header) {
    header = doc.createElementNS(SOAP11_NS, qualified('Header'));
    envelope.insertBefore(header, body);
  }
  if (childElements(header).some((e) => e.localName === 'Security' && e.namespaceURI === WSSE_NS)) {
    throw new TypeError('cannot sign: the message already has a wsse:Security header');
  }
  const bodyId = options.bodyId ?? `id-${randomUUID()}`;
  body.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:wsu', WSU_NS);
  body.setAttributeNS(WSU_NS, 'wsu:Id', bodyId);

  const security: Element = doc.createElementNS(WSSE_NS, 'wsse:Security');
  security.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:wsse', WSSE_NS);
  security.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:wsu', WSU_NS);
  security.setAttributeNS(SOAP11_NS, qualified('mustUnderstand'), '1');
  header.appendChild(security);
  const certificate = signer.certificateDer.toString('base64');
  const keyReference = options.keyReference ?? 'binary-security-token';
  let pointer: Element;
  if (keyReference === 'binary-security-token') {
    const tokenId = `X509-${randomUUID()}`;
    const token = doc.createElementNS(WSSE_NS, 'wsse:BinarySecurityToken');
    token.setAttribute('EncodingType', BASE64_BINARY);
    token.setAttribute('ValueType', X509V3_TOKEN);
    token.setAttributeNS(WSU_NS, 'wsu:Id', tokenId);
    token.appendChild(doc.createTextNode(certificate));
    security.appendChild(token);
    pointer = doc.createElementNS(WSSE_NS, 'wsse:Reference');
    pointer.setAttribute('URI', `#${tokenId}`);
    pointer.setAttribute('ValueType', X509V3_TOKEN);
  } else {
    pointer = doc.createElementNS(WSSE_NS, 'wsse:KeyIdentifier');
    pointer.setAttribute('EncodingType', BASE64_BINARY);
    pointer.setAttribute('ValueType', X509V3_TOKEN);
    pointer.appendChild(doc.createTextNode(certificate));
  }
  // The signature is built on the DOM, through the same canonicalizer the verifier uses: xml-crypto's
  // computeSignature re-parses and runs XPath over the whole message, ten times the cost of this on a gateway answer.
  const el = (name: string, attrs: Record<string, string> = {}, ...children: (Element | string)[]): Element => {
    const e = doc.createElementNS(DSIG_NS, `ds:${name}`);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
    return e;
  };
  const exclusive: TransformStep = { algorithm: C14N.exclusive, inclusivePrefixes: [] };
  const digest = createHash('sha256').update(canonicalize(body, exclusive), 'utf8').digest('base64');
  const signedInfo = el(
    'SignedInfo',
    {},
    el('CanonicalizationMethod', { Algorithm: C14N.exclusive }),
    el('SignatureMethod', { Algorithm: RSA_SHA256 }),
    el(
      'Reference',
      { URI: `#${bodyId}` },
      el('Transforms', {}, el('Transform', { Algorithm: C14N.exclusive })),
      el('DigestMethod', { Algorithm: SHA256 }),
      el('DigestValue', {}, digest),
    ),
  );
  const signatureValue = el('SignatureValue');
  const keyInfo = el('KeyInfo');
  const signature = el('Signature', {}, signedInfo, signatureValue, keyInfo);
  signature.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:ds', DSIG_NS);
  const tokenReference = doc.createElementNS(WSSE_NS, 'wsse:SecurityTokenReference');
  tokenReference.appendChild(pointer);
  keyInfo.appendChild(tokenReference);
  if (options.includeX509Data) keyInfo.appendChild(el('X509Data', {}, el('X509Certificate', {}, certificate)));
  security.appendChild(signature);
  const key = signer.privateKey ?? createPrivateKey(signer.privateKeyPem);
  signatureValue.appendChild(doc.createTextNode(sign('sha256', Buffer.from(canonicalize(signedInfo, exclusive), 'utf8'), key).toString('base64')));
  return new XMLSerializer().serializeToString(doc);
}
