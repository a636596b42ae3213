/**
 * The SHEP gateway's WS-Security faults (`POST /shep/bip-sync-wss`): one code per signature check and per
 * certificate check, named after the EDS check codes (`SIGNATURE_INVALID` -> `WSS_SIGNATURE_INVALID`,
 * `CERT_EXPIRED` -> `WSS_CERT_EXPIRED`), so a client learns exactly which check its signed message failed.
 * Spread into GATEWAY_FAULTS. Codes are ours (no public SHEP catalogue exists) and stable.
 * @see ../../../docs/signatures.md
 */
import type { CheckCode } from '../../pki/check-codes.js';
import type { SignatureFailureCode } from '../../pki/xmldsig/signature-errors.js';
import type { GatewayFaultSpec } from './faults.js';

const client = (title: string) => ({ http: 500, faultcode: 'soap:Client', title }) as const;

export const WSS_FAULTS = {
  WSS_SIGNATURE_MISSING: client('The message carries no WS-Security signature (Header/wsse:Security/ds:Signature)'),
  WSS_SIGNATURE_MULTIPLE: client('The message carries more than one ds:Signature'),
  WSS_SIGNATURE_MISPLACED: client('The ds:Signature is not inside the single Header/wsse:Security'),
  WSS_SIGNATURE_MALFORMED: client('The ds:Signature is incomplete, not well formed, or holds more than SignedInfo, SignatureValue and KeyInfo'),
  WSS_SIGNATURE_ALGORITHM_REFUSED: client('A refused algorithm (SHA-1, MD5, HMAC, GOST, a transform other than exclusive C14N)'),
  WSS_SIGNATURE_REFERENCE_NOT_FOUND: client('A Reference names an id no element carries, or is not a plain #id'),
  WSS_SIGNATURE_DUPLICATE_ID: client('Two elements carry the same Id (signature wrapping)'),
  WSS_SIGNATURE_WRAPPED: client("The signature does not cover the Envelope's single Body (signature wrapping)"),
  WSS_SIGNATURE_KEY_INFO_REFUSED: client('KeyInfo carries no X.509 certificate (a bare KeyValue is never trusted), or more than the one certificate'),
  WSS_SIGNATURE_TOKEN_INVALID: client('The security token is not a readable X.509 certificate'),
  WSS_SIGNATURE_INVALID: client('The signature does not verify (the Body changed after signing, or a wrong key)'),
  WSS_CERT_EXPIRED: client("The signer's certificate is expired as of the tenant's clock"),
  WSS_CERT_NOT_YET_VALID: client("The signer's certificate is not yet valid as of the tenant's clock"),
  WSS_CERT_UNTRUSTED: client("The signer's certificate does not chain to the sandbox's trusted root"),
  WSS_CERT_CHAIN_INVALID: client("A CA on the signer's chain is out of date or may not issue certificates"),
  WSS_CERT_REVOKED: client("The signer's certificate is revoked"),
  WSS_CERT_ON_HOLD: client("The signer's certificate is on hold (certificateHold)"),
  WSS_CERT_REVOCATION_UNKNOWN: client("No revocation source knows the signer's certificate"),
  WSS_CERT_KEY_USAGE: client("The signer's certificate is not a SIGN certificate (nonRepudiation, emailProtection)"),
  WSS_CERT_SUBJECT_INVALID: client("The signer's certificate holds neither a valid IIN nor a valid BIN"),
  WSS_IIN_MISMATCH: client("The signer's IIN is not the one the message names (properties signerIin)"),
  WSS_BIN_MISMATCH: client("The signer's BIN is not the one the message names (properties signerBin)"),
} as const satisfies Record<string, GatewayFaultSpec>;

export type WssFaultCode = keyof typeof WSS_FAULTS;

/** The fault for each signature check failure (exhaustive: a new check code without a fault does not compile). */
export const SIGNATURE_FAULTS: Record<SignatureFailureCode, WssFaultCode> = {
  SIGNATURE_MISSING: 'WSS_SIGNATURE_MISSING',
  SIGNATURE_MULTIPLE: 'WSS_SIGNATURE_MULTIPLE',
  SIGNATURE_MISPLACED: 'WSS_SIGNATURE_MISPLACED',
  SIGNATURE_MALFORMED: 'WSS_SIGNATURE_MALFORMED',
  SIGNATURE_ALGORITHM_REFUSED: 'WSS_SIGNATURE_ALGORITHM_REFUSED',
  SIGNATURE_REFERENCE_NOT_FOUND: 'WSS_SIGNATURE_REFERENCE_NOT_FOUND',
  SIGNATURE_DUPLICATE_ID: 'WSS_SIGNATURE_DUPLICATE_ID',
  SIGNATURE_WRAPPED: 'WSS_SIGNATURE_WRAPPED',
  SIGNATURE_KEY_INFO_REFUSED: 'WSS_SIGNATURE_KEY_INFO_REFUSED',
  SIGNATURE_TOKEN_INVALID: 'WSS_SIGNATURE_TOKEN_INVALID',
  SIGNATURE_INVALID: 'WSS_SIGNATURE_INVALID',
};

/** The fault for each certificate check failure. */
export const CERTIFICATE_FAULTS: Record<CheckCode, WssFaultCode> = {
  CERT_EXPIRED: 'WSS_CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'WSS_CERT_NOT_YET_VALID',
  CERT_UNTRUSTED: 'WSS_CERT_UNTRUSTED',
  CERT_CHAIN_INVALID: 'WSS_CERT_CHAIN_INVALID',
  CERT_REVOKED: 'WSS_CERT_REVOKED',
  CERT_ON_HOLD: 'WSS_CERT_ON_HOLD',
  CERT_REVOCATION_UNKNOWN: 'WSS_CERT_REVOCATION_UNKNOWN',
  CERT_KEY_USAGE: 'WSS_CERT_KEY_USAGE',
  CERT_SUBJECT_INVALID: 'WSS_CERT_SUBJECT_INVALID',
  IIN_MISMATCH: 'WSS_IIN_MISMATCH',
  BIN_MISMATCH: 'WSS_BIN_MISMATCH',
};
