/**
 * Algorithm and namespace URIs of XML Signature (XMLDSig) and of the WS-Security profile SHEP uses, and the
 * lists of what the sandbox accepts. RSA only: the NCA's GOST algorithms (xmldsig-more#gost34310-gost34311,
 * pkigovkz ...gostr34102015-gostr34112015-512) are out of reach of Node's crypto stack and are refused by name.
 * @see ../../../../shared/spec/integration-shapes.md §1 "WS-Security"
 */

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
export const EXC_C14N_NS = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** `wsse:BinarySecurityToken` / `wsse:KeyIdentifier` value and encoding types. */
export const X509V3_TOKEN = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
export const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export const C14N = {
  exclusive: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  exclusiveWithComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  inclusive: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  inclusiveWithComments: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
} as const;

export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** Signature methods the sandbox verifies, with the Node hash they use. */
export const SIGNATURE_METHODS: Record<string, { hash: string; name: string }> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', name: 'SHA256withRSA' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384', name: 'SHA384withRSA' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', name: 'SHA512withRSA' },
};

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** Digest methods the sandbox verifies. */
export const DIGEST_METHODS: Record<string, string> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

/** Algorithms that are refused with a reason of their own rather than "unknown". */
export const REFUSED_ALGORITHMS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'RSA-SHA1 is refused: SHA-1 is broken for signatures; use rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-md5': 'RSA-MD5 is refused: use rsa-sha256',
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1': 'HMAC is refused: a shared secret proves nothing about a certificate holder',
  'http://www.w3.org/2000/09/xmldsig#dsa-sha1': 'DSA-SHA1 is refused: use rsa-sha256',
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1 digests are refused: use xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#md5': 'MD5 digests are refused: use xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#gost34310-gost34311':
    'GOST 34.310-2004 signatures are not supported by the sandbox (Node has no GOST); sign with RSA-SHA256 against the sandbox',
  'http://www.w3.org/2001/04/xmldsig-more#gost34311': 'GOST 34.311 digests are not supported by the sandbox; use xmlenc#sha256',
  'urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34102015-gostr34112015-512':
    'GOST R 34.10-2015 signatures are not supported by the sandbox (Node has no GOST); sign with RSA-SHA256 against the sandbox',
  'urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-512':
    'GOST R 34.11-2015 digests are not supported by the sandbox; use xmlenc#sha256',
};
