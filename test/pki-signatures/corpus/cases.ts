/**
 * The corpus of tampered and wrapped WS-Security messages: each case starts from a message validly signed by a
 * persona with a valid SIGN certificate (or signs one itself, as an attacker would) and changes it in one way,
 * with the gateway fault it must get. Used by wss-corpus.test.ts; `write-corpus.ts DIR` writes it to files.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { OctetString } from '@peculiar/asn1-schema';
import { Extension, id_ce_keyUsage } from '@peculiar/asn1-x509';
import { SignedXml } from 'xml-crypto';
import { buildName, ext, signCertificate } from '../../../src/pki/issue.js';
import { ATTRIBUTE, EKU } from '../../../src/pki/oids.js';
import { signSoapEnvelope, type XmlSigner } from '../../../src/pki/xmldsig/sign.js';

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
};

export interface CorpusContext {
  /** A valid SIGN key and certificate (the victim whose message is tampered with). */
  signer: XmlSigner;
  /** Another persona's valid SIGN certificate and key. */
  other: XmlSigner;
  /** An attacker's key with a self-signed certificate naming the victim's IIN. */
  attacker: XmlSigner & { publicKey: KeyObject };
  /** An unsigned SendMessage asking GBD FL for `iin`. */
  message: (iin?: string) => string;
  /** The IIN the victim's message asks for, and another one an attacker would rather ask for. */
  iin: string;
  evilIin: string;
}

export interface CorpusCase {
  name: string;
  /** The errorCode the gateway answers. */
  fault: string;
  /** What was done to the message. */
  attack: string;
  build(ctx: CorpusContext): string;
}

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml');
const serialize = (doc: Document): string => new XMLSerializer().serializeToString(doc);

function one(doc: Document, ns: string, local: string, index = 0): Element {
  const el = doc.getElementsByTagNameNS(ns, local).item(index);
  if (!el) throw new Error(`no ${local} in the message`);
  return el;
}

/** Parses the validly signed message, lets `change` edit it, serializes it back. */
function tamper(ctx: CorpusContext, change: (doc: Document) => void, signed = signSoapEnvelope(ctx.message(), ctx.signer)): string {
  const doc = parse(signed);
  change(doc);
  return serialize(doc);
}

/** A Body like the signed one but asking for another IIN, with no Id (or with `id`). */
function evilBody(ctx: CorpusContext, doc: Document, id?: string): Element {
  const evil = parse(ctx.message(ctx.evilIin));
  const body = one(evil, NS.soap, 'Body');
  const imported = doc.importNode(body, true) as Element;
  if (id) imported.setAttributeNS(NS.wsu, 'wsu:Id', id);
  return imported;
}

function bodyId(doc: Document): string {
  return one(doc, NS.soap, 'Body').getAttributeNS(NS.wsu, 'Id')!;
}

/** Signs with xml-crypto directly, with whatever algorithms and KeyInfo an attacker chooses. */
function attackerSigned(
  ctx: CorpusContext,
  options: { signatureAlgorithm?: string; digestAlgorithm?: string; keyInfo?: (signer: XmlSigner) => string; signer?: XmlSigner },
): string {
  const signer = options.signer ?? ctx.signer;
  // Start from a correctly shaped message (header, token, Body Id) and replace its signature.
  const doc = parse(signSoapEnvelope(ctx.message(), signer));
  const old = one(doc, NS.ds, 'Signature');
  old.parentNode!.removeChild(old);
  const sig = new SignedXml({
    privateKey: signer.privateKeyPem,
    signatureAlgorithm: options.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    idMode: 'wssecurity',
    getKeyInfoContent: () => (options.keyInfo ?? defaultKeyInfo)(signer),
  });
  sig.addReference({
    xpath: `//*[local-name(.)='Body']`,
    transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: options.digestAlgorithm ?? 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(serialize(doc), {
    prefix: 'ds',
    location: { reference: `//*[local-name(.)='Security']`, action: 'append' },
    existingPrefixes: { wsse: NS.wsse },
  });
  return sig.getSignedXml();
}

const defaultKeyInfo = (signer: XmlSigner) =>
  `<wsse:SecurityTokenReference><wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${signer.certificateDer.toString('base64')}</wsse:KeyIdentifier></wsse:SecurityTokenReference>`;

function keyValue(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  return `<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${Buffer.from(jwk.n!, 'base64url').toString('base64')}</ds:Modulus><ds:Exponent>${Buffer.from(jwk.e!, 'base64url').toString('base64')}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>`;
}

/**
 * An attacker's RSA key with a self-signed SIGN-profile certificate that claims the victim's IIN; `extensions`
 * replaces the usual keyUsage and extKeyUsage.
 */
export function attackerCredential(victimIin: string, extensions?: Extension[]): XmlSigner & { publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const subject = [
    { type: ATTRIBUTE.commonName, value: 'ЖАЛҒАН АДАМ', encoding: 'utf8' as const },
    { type: ATTRIBUTE.serialNumber, value: `IIN${victimIin}`, encoding: 'printable' as const },
    { type: ATTRIBUTE.country, value: 'KZ', encoding: 'printable' as const },
  ];
  const certificateDer = signCertificate(
    {
      serialNumber: '5a11e7',
      subject,
      issuer: buildName(subject),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      publicKey,
      extensions: extensions ?? [ext.keyUsage(['digitalSignature', 'nonRepudiation']), ext.extKeyUsage([EKU.emailProtection])],
    },
    privateKey,
  );
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certificateDer, publicKey };
}

/**
 * A self-signed certificate whose keyUsage extension holds an OCTET STRING where a BIT STRING belongs: Node's
 * X509Certificate reads it, the PKI's certificate parser cannot. Made once per process.
 */
let unreadable: (XmlSigner & { publicKey: KeyObject }) | undefined;
export function unreadableExtensionCredential(victimIin: string): XmlSigner & { publicKey: KeyObject } {
  unreadable ??= attackerCredential(victimIin, [new Extension({ extnID: id_ce_keyUsage, critical: true, extnValue: new OctetString(Buffer.from([0x04, 0x01, 0x00])) })]);
  return unreadable;
}

function setAttr(doc: Document, ns: string, local: string, attr: string, value: string): void {
  one(doc, ns, local).setAttribute(attr, value);
}

export const CORPUS: CorpusCase[] = [
  // --- the content changed after signing ---------------------------------------------------------------------
  {
    name: 'body-value-changed',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: 'the IIN asked for is changed in the signed Body',
    build: (ctx) => signSoapEnvelope(ctx.message(), ctx.signer).replace(`<iin>${ctx.iin}</iin>`, `<iin>${ctx.evilIin}</iin>`),
  },
  {
    name: 'body-whitespace-added',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: 'whitespace is added between two elements of the signed Body',
    build: (ctx) => signSoapEnvelope(ctx.message(), ctx.signer).replace('<requestData>', '\n    <requestData>'),
  },
  {
    name: 'body-attribute-added',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: 'an attribute is added to an element of the signed Body',
    build: (ctx) => signSoapEnvelope(ctx.message(), ctx.signer).replace('<requestData>', '<requestData priority="high">'),
  },
  {
    name: 'signature-value-changed',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: 'one byte of SignatureValue is changed',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const value = one(doc, NS.ds, 'SignatureValue');
        const bytes = Buffer.from(value.textContent!, 'base64');
        bytes[10] = bytes[10]! ^ 0x01;
        value.textContent = bytes.toString('base64');
      }),
  },
  {
    name: 'digest-value-replaced',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: 'DigestValue is replaced by the digest of the attacker\'s Body (SignedInfo no longer matches SignatureValue)',
    build: (ctx) => {
      const evil = parse(signSoapEnvelope(ctx.message(ctx.evilIin), ctx.signer));
      const evilDigest = one(evil, NS.ds, 'DigestValue').textContent!;
      return signSoapEnvelope(ctx.message(), ctx.signer).replace(/<ds:DigestValue>[^<]*<\/ds:DigestValue>/, `<ds:DigestValue>${evilDigest}</ds:DigestValue>`);
    },
  },
  {
    name: 'signed-info-whitespace',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: 'whitespace is added inside SignedInfo (it is canonicalized as it is: the signature breaks)',
    build: (ctx) => signSoapEnvelope(ctx.message(), ctx.signer).replace('<ds:SignatureMethod', '\n<ds:SignatureMethod'),
  },
  {
    name: 'token-swapped',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: "the BinarySecurityToken is replaced by another persona's valid certificate",
    build: (ctx) =>
      tamper(ctx, (doc) => {
        one(doc, NS.wsse, 'BinarySecurityToken').textContent = ctx.other.certificateDer.toString('base64');
      }),
  },
  // --- signature wrapping --------------------------------------------------------------------------------------
  {
    name: 'wrap-signed-body-into-header',
    fault: 'WSS_SIGNATURE_WRAPPED',
    attack: 'the signed Body (with its Id) is moved into a Header wrapper; a new Body without Id asks for another IIN',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const envelope = doc.documentElement!;
        const body = one(doc, NS.soap, 'Body');
        const header = one(doc, NS.soap, 'Header');
        const wrapper = doc.createElementNS('urn:attacker', 'x:Wrapper');
        header.appendChild(wrapper);
        envelope.removeChild(body);
        wrapper.appendChild(body);
        envelope.appendChild(evilBody(ctx, doc));
      }),
  },
  {
    name: 'wrap-same-id',
    fault: 'WSS_SIGNATURE_DUPLICATE_ID',
    attack: 'the signed Body is moved into a Header wrapper; the new Body carries the same wsu:Id',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const envelope = doc.documentElement!;
        const body = one(doc, NS.soap, 'Body');
        const id = bodyId(doc);
        const wrapper = doc.createElementNS('urn:attacker', 'x:Wrapper');
        one(doc, NS.soap, 'Header').appendChild(wrapper);
        envelope.removeChild(body);
        wrapper.appendChild(body);
        envelope.appendChild(evilBody(ctx, doc, id));
      }),
  },
  {
    name: 'wrap-signed-body-into-security',
    fault: 'WSS_SIGNATURE_WRAPPED',
    attack: 'the signed Body is moved inside wsse:Security (a region the signature may cover); a new Body takes its place',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const envelope = doc.documentElement!;
        const body = one(doc, NS.soap, 'Body');
        envelope.removeChild(body);
        one(doc, NS.wsse, 'Security').appendChild(body);
        envelope.appendChild(evilBody(ctx, doc));
      }),
  },
  {
    name: 'wrap-signed-body-into-signature-object',
    fault: 'WSS_SIGNATURE_MALFORMED',
    attack: 'the signed Body is moved into a ds:Object of the signature; a new Body takes its place (a signature holds no ds:Object)',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const envelope = doc.documentElement!;
        const body = one(doc, NS.soap, 'Body');
        const object = doc.createElementNS(NS.ds, 'ds:Object');
        one(doc, NS.ds, 'Signature').appendChild(object);
        envelope.removeChild(body);
        object.appendChild(body);
        envelope.appendChild(evilBody(ctx, doc));
      }),
  },
  {
    name: 'wrap-second-body',
    fault: 'WSS_SIGNATURE_WRAPPED',
    attack: 'a second, unsigned Body asking for another IIN is put before the signed one',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const body = one(doc, NS.soap, 'Body');
        doc.documentElement!.insertBefore(evilBody(ctx, doc), body);
      }),
  },
  {
    name: 'duplicate-id-elsewhere',
    fault: 'WSS_SIGNATURE_DUPLICATE_ID',
    attack: "an element of the Header carries the Body's wsu:Id too",
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const decoy = doc.createElementNS('urn:attacker', 'x:Decoy');
        decoy.setAttributeNS(NS.wsu, 'wsu:Id', bodyId(doc));
        one(doc, NS.soap, 'Header').appendChild(decoy);
      }),
  },
  {
    name: 'reference-to-token-only',
    fault: 'WSS_SIGNATURE_WRAPPED',
    attack: 'the Reference is pointed at the BinarySecurityToken: a signature that does not cover the Body',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const token = one(doc, NS.wsse, 'BinarySecurityToken');
        one(doc, NS.ds, 'Reference').setAttribute('URI', `#${token.getAttributeNS(NS.wsu, 'Id')}`);
      }),
  },
  {
    name: 'reference-whole-document',
    fault: 'WSS_SIGNATURE_WRAPPED',
    attack: 'Reference URI="" (the whole envelope) instead of the Body\'s #id',
    build: (ctx) => tamper(ctx, (doc) => setAttr(doc, NS.ds, 'Reference', 'URI', '')),
  },
  // --- more than one signature, misplaced signatures ------------------------------------------------------------
  {
    name: 'two-signatures',
    fault: 'WSS_SIGNATURE_MULTIPLE',
    attack: 'the ds:Signature is copied: two signatures in wsse:Security',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const sig = one(doc, NS.ds, 'Signature');
        sig.parentNode!.appendChild(sig.cloneNode(true));
      }),
  },
  {
    name: 'second-signature-in-header',
    fault: 'WSS_SIGNATURE_MULTIPLE',
    attack: "an attacker's own valid signature is added in a Header element beside the real one",
    build: (ctx) => {
      const attackerSig = one(parse(attackerSigned(ctx, { signer: ctx.attacker })), NS.ds, 'Signature');
      return tamper(ctx, (doc) => {
        const wrapper = doc.createElementNS('urn:attacker', 'x:Wrapper');
        wrapper.appendChild(doc.importNode(attackerSig, true));
        one(doc, NS.soap, 'Header').appendChild(wrapper);
      });
    },
  },
  {
    name: 'signature-added-to-body',
    fault: 'WSS_SIGNATURE_INVALID',
    attack: "an attacker's signature is slipped into the signed Body's data after signing (the Body's digest breaks)",
    build: (ctx) => {
      const attackerSig = one(parse(attackerSigned(ctx, { signer: ctx.attacker })), NS.ds, 'Signature');
      return tamper(ctx, (doc) => {
        doc.getElementsByTagName('data').item(0)!.appendChild(doc.importNode(attackerSig, true));
      });
    },
  },
  {
    name: 'signature-moved-into-body',
    fault: 'WSS_SIGNATURE_MISPLACED',
    attack: 'the message signature is moved from wsse:Security into the Body',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const sig = one(doc, NS.ds, 'Signature');
        sig.parentNode!.removeChild(sig);
        doc.getElementsByTagName('data').item(0)!.appendChild(sig);
      }),
  },
  {
    name: 'signature-in-header',
    fault: 'WSS_SIGNATURE_MISPLACED',
    attack: 'the ds:Signature is moved out of wsse:Security, into the Header itself',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const sig = one(doc, NS.ds, 'Signature');
        sig.parentNode!.removeChild(sig);
        one(doc, NS.soap, 'Header').appendChild(sig);
      }),
  },
  {
    name: 'two-security-headers',
    fault: 'WSS_SIGNATURE_MISPLACED',
    attack: 'a second, empty wsse:Security header is added before the real one',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const header = one(doc, NS.soap, 'Header');
        header.insertBefore(doc.createElementNS(NS.wsse, 'wsse:Security'), header.firstChild);
      }),
  },
  {
    name: 'signature-removed',
    fault: 'WSS_SIGNATURE_MISSING',
    attack: 'the ds:Signature is removed; the header and token stay',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const sig = one(doc, NS.ds, 'Signature');
        sig.parentNode!.removeChild(sig);
      }),
  },
  // --- references ------------------------------------------------------------------------------------------
  {
    name: 'reference-missing-id',
    fault: 'WSS_SIGNATURE_REFERENCE_NOT_FOUND',
    attack: 'the Reference names an id no element carries',
    build: (ctx) => tamper(ctx, (doc) => setAttr(doc, NS.ds, 'Reference', 'URI', '#id-00000000-0000-4000-8000-000000000000')),
  },
  {
    name: 'reference-uri-whitespace',
    fault: 'WSS_SIGNATURE_REFERENCE_NOT_FOUND',
    attack: 'the Reference URI gets a trailing space ("#id-... ")',
    build: (ctx) => tamper(ctx, (doc) => setAttr(doc, NS.ds, 'Reference', 'URI', `#${bodyId(doc)} `)),
  },
  {
    name: 'reference-xpointer',
    fault: 'WSS_SIGNATURE_REFERENCE_NOT_FOUND',
    attack: 'the Reference URI is an XPointer expression',
    build: (ctx) => tamper(ctx, (doc) => setAttr(doc, NS.ds, 'Reference', 'URI', `#xpointer(id('${bodyId(doc)}'))`)),
  },
  // --- keys --------------------------------------------------------------------------------------------------
  {
    name: 'keyinfo-keyvalue',
    fault: 'WSS_SIGNATURE_KEY_INFO_REFUSED',
    attack: "the attacker signs with their own key and puts the bare public key in KeyInfo (ds:KeyValue)",
    build: (ctx) => attackerSigned(ctx, { signer: ctx.attacker, keyInfo: () => keyValue(ctx.attacker.publicKey) }),
  },
  {
    name: 'keyinfo-missing',
    fault: 'WSS_SIGNATURE_KEY_INFO_REFUSED',
    attack: 'KeyInfo is removed: nothing says whose key signed',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const keyInfo = one(doc, NS.ds, 'KeyInfo');
        keyInfo.parentNode!.removeChild(keyInfo);
      }),
  },
  {
    name: 'keyidentifier-ski',
    fault: 'WSS_SIGNATURE_KEY_INFO_REFUSED',
    attack: 'KeyIdentifier names the key by subject key identifier, not by the certificate',
    build: (ctx) =>
      attackerSigned(ctx, {
        keyInfo: () =>
          '<wsse:SecurityTokenReference><wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier">AAAA</wsse:KeyIdentifier></wsse:SecurityTokenReference>',
      }),
  },
  {
    name: 'x509data-extra-element',
    fault: 'WSS_SIGNATURE_KEY_INFO_REFUSED',
    attack: 'KeyInfo/X509Data (beside the token reference) gets an X509SubjectName after the certificate: X509Data carries the certificate alone',
    build: (ctx) =>
      tamper(
        ctx,
        (doc) => {
          const name = doc.createElementNS(NS.ds, 'ds:X509SubjectName');
          name.textContent = `SERIALNUMBER=IIN${ctx.evilIin}`;
          one(doc, NS.ds, 'X509Data').appendChild(name);
        },
        signSoapEnvelope(ctx.message(), ctx.signer, { includeX509Data: true }),
      ),
  },
  {
    name: 'x509data-second-certificate',
    fault: 'WSS_SIGNATURE_KEY_INFO_REFUSED',
    attack: "a second ds:X509Certificate (another persona's) is added to X509Data",
    build: (ctx) =>
      tamper(
        ctx,
        (doc) => {
          const cert = doc.createElementNS(NS.ds, 'ds:X509Certificate');
          cert.textContent = ctx.other.certificateDer.toString('base64');
          one(doc, NS.ds, 'X509Data').appendChild(cert);
        },
        signSoapEnvelope(ctx.message(), ctx.signer, { includeX509Data: true }),
      ),
  },
  {
    name: 'token-unreadable-extension',
    fault: 'WSS_SIGNATURE_TOKEN_INVALID',
    attack: 'correctly signed, with a self-signed certificate whose keyUsage extension cannot be read',
    build: (ctx) => attackerSigned(ctx, { signer: unreadableExtensionCredential(ctx.iin) }),
  },
  {
    name: 'token-not-a-certificate',
    fault: 'WSS_SIGNATURE_TOKEN_INVALID',
    attack: 'the BinarySecurityToken holds base64 that is not a certificate',
    build: (ctx) => tamper(ctx, (doc) => void (one(doc, NS.wsse, 'BinarySecurityToken').textContent = Buffer.from('not a certificate at all').toString('base64'))),
  },
  {
    name: 'attacker-self-signed-certificate',
    fault: 'WSS_CERT_UNTRUSTED',
    attack: "a correct signature by the attacker's key, with a self-signed certificate claiming the victim's IIN",
    build: (ctx) => attackerSigned(ctx, { signer: ctx.attacker }),
  },
  // --- algorithms --------------------------------------------------------------------------------------------
  {
    name: 'rsa-sha1',
    fault: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
    attack: 'correctly signed with RSA-SHA1',
    build: (ctx) => attackerSigned(ctx, { signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' }),
  },
  {
    name: 'digest-sha1',
    fault: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
    attack: 'correctly signed, the Body digested with SHA-1',
    build: (ctx) => attackerSigned(ctx, { digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' }),
  },
  {
    name: 'digest-md5',
    fault: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
    attack: 'DigestMethod says MD5',
    build: (ctx) => tamper(ctx, (doc) => setAttr(doc, NS.ds, 'DigestMethod', 'Algorithm', 'http://www.w3.org/2001/04/xmldsig-more#md5')),
  },
  {
    name: 'hmac-sha1',
    fault: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
    attack: 'SignatureMethod says HMAC-SHA1 (key confusion: the public certificate as a shared secret)',
    build: (ctx) => tamper(ctx, (doc) => setAttr(doc, NS.ds, 'SignatureMethod', 'Algorithm', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1')),
  },
  {
    name: 'gost-2015',
    fault: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
    attack: 'SignatureMethod is the NCA GOST 2015 algorithm, which the sandbox cannot verify',
    build: (ctx) =>
      tamper(ctx, (doc) =>
        setAttr(doc, NS.ds, 'SignatureMethod', 'Algorithm', 'urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512'),
      ),
  },
  {
    name: 'xpath-transform',
    fault: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
    attack: 'an XPath filter transform is added before exclusive C14N',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const transforms = one(doc, NS.ds, 'Transforms');
        const xpath = doc.createElementNS(NS.ds, 'ds:Transform');
        xpath.setAttribute('Algorithm', 'http://www.w3.org/TR/1999/REC-xpath-19991116');
        const expr = doc.createElementNS(NS.ds, 'ds:XPath');
        expr.textContent = 'not(ancestor-or-self::iin)';
        xpath.appendChild(expr);
        transforms.insertBefore(xpath, transforms.firstChild);
      }),
  },
  {
    name: 'inclusive-c14n-signed-info',
    fault: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
    attack: 'SignedInfo is canonicalized with inclusive C14N, which the profile does not use',
    build: (ctx) => tamper(ctx, (doc) => setAttr(doc, NS.ds, 'CanonicalizationMethod', 'Algorithm', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315')),
  },
  // --- broken signatures ------------------------------------------------------------------------------------
  {
    name: 'signature-object-added',
    fault: 'WSS_SIGNATURE_MALFORMED',
    attack: 'a ds:Object carrying a Body asking for another IIN is appended to the signature (unsigned content)',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const object = doc.createElementNS(NS.ds, 'ds:Object');
        object.appendChild(evilBody(ctx, doc));
        one(doc, NS.ds, 'Signature').appendChild(object);
      }),
  },
  {
    name: 'signature-children-reordered',
    fault: 'WSS_SIGNATURE_MALFORMED',
    attack: 'KeyInfo is moved before SignatureValue',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const signature = one(doc, NS.ds, 'Signature');
        signature.insertBefore(one(doc, NS.ds, 'KeyInfo'), one(doc, NS.ds, 'SignatureValue'));
      }),
  },
  {
    name: 'signature-text-added',
    fault: 'WSS_SIGNATURE_MALFORMED',
    attack: 'text is put inside ds:Signature, between its elements',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const signature = one(doc, NS.ds, 'Signature');
        signature.insertBefore(doc.createTextNode('NO_RECORD'), one(doc, NS.ds, 'SignatureValue'));
      }),
  },
  {
    name: 'signature-value-missing',
    fault: 'WSS_SIGNATURE_MALFORMED',
    attack: 'the SignatureValue element is removed',
    build: (ctx) =>
      tamper(ctx, (doc) => {
        const value = one(doc, NS.ds, 'SignatureValue');
        value.parentNode!.removeChild(value);
      }),
  },
];
