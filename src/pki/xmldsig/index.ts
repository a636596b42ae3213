/**
 * Signing and verifying XML signatures (enveloped documents, the SHEP WS-Security profile) and CMS: the surface
 * the routes, the gateway, the tests and the SDK use.
 * @see ../../../docs/signatures.md
 */
export { decodeCmsInput, signCms, verifyCms, type CmsSigner, type CmsVerification } from './cms.js';
export { verifyEnvelopedDocument, verifyEnvelopedSignature, type EnvelopedOutcome } from './enveloped.js';
export { edsSignaturePlugin } from './eds-signature-routes.js';
export { signEnveloped, signSoapEnvelope, type WsSecurityOptions, type XmlSigner } from './sign.js';
export { SIGNATURE_FAILURES, SignatureCheckError, type SignatureFailureCode } from './signature-errors.js';
export { verifyWsSecurity, type VerifiedWsSecurity } from './wsse.js';
