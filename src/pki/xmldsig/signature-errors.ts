/**
 * Why an XML or CMS signature is refused before its certificate is even looked at: the stable codes of the
 * signature check, shared by `POST /eds/xml/verify`, `/eds/wsse/verify`, `/eds/cms/verify` and (prefixed with
 * `WSS_`) by the SHEP gateway's `POST /shep/bip-sync-wss`.
 * @see ../../../docs/signatures.md
 */

export const SIGNATURE_FAILURES = {
  SIGNATURE_MISSING: 'The message carries no signature',
  SIGNATURE_MULTIPLE: 'The message carries more than one signature where one is expected',
  SIGNATURE_MISPLACED: 'The signature is not where the profile puts it (WS-Security: inside Header/wsse:Security; a document signature: the last child of the document element)',
  SIGNATURE_MALFORMED: 'The signature element is incomplete, not well formed, or holds more than SignedInfo, SignatureValue and KeyInfo (a ds:Object...)',
  SIGNATURE_ALGORITHM_REFUSED: 'A signature, digest, canonicalization or transform algorithm is refused (SHA-1, MD5, HMAC, GOST, XPath, XSLT...)',
  SIGNATURE_REFERENCE_NOT_FOUND: 'A Reference points at an id no element carries (or its URI is not a plain #id)',
  SIGNATURE_DUPLICATE_ID: 'Two elements carry the same Id: the signed element is ambiguous (signature wrapping)',
  SIGNATURE_WRAPPED: 'The signed element is not the element that is processed (WS-Security: not the Envelope\'s single Body)',
  SIGNATURE_KEY_INFO_REFUSED: 'KeyInfo carries no X.509 certificate (a bare KeyValue, a key name or an issuer/serial reference is never trusted), or more than the one certificate',
  SIGNATURE_TOKEN_INVALID: 'The certificate in KeyInfo / the security token cannot be read (its DER, an extension or its key)',
  SIGNATURE_INVALID: 'The signature does not verify: the signed content changed after signing, or the signature value does not match the certificate',
} as const;

export type SignatureFailureCode = keyof typeof SIGNATURE_FAILURES;

/** A signature refused, with the code of the check that failed and what exactly was wrong. */
export class SignatureCheckError extends Error {
  override readonly name = 'SignatureCheckError';
  constructor(
    readonly code: SignatureFailureCode,
    message: string,
    /** Where: an XPath-like locator or the reference URI, for the gateway's `errorData`. */
    readonly where?: string,
  ) {
    super(message);
  }
}
