/**
 * One signer's answer for `POST /eds/xml/verify`, `/eds/wsse/verify` and `/eds/cms/verify`: NCANode's signer
 * fields (serialNumber, notBefore, notAfter, keyUsage, keyUser, signAlg, subject, issuer, revocations...) from the
 * certificate validation, plus every check separately: `signature` first (the XML or CMS signature itself), then
 * the certificate's checks (validity, chain, revocation, keyUsage, identity, iinMatch, binMatch). `valid` and `code`
 * cover them all: the signature's code comes first.
 * @see ../../../../shared/spec/integration-shapes.md §6
 */
import type { Tenant } from '../../core/tenant-store.js';
import type { PkiService } from '../service.js';
import type { CertificateValidation, CheckResult, ValidateOptions } from '../validate.js';
import { CertificateFormatError, parseCertificate } from '../x509.js';
import type { SignatureCheckError, SignatureFailureCode } from './signature-errors.js';

export interface SignatureCheck {
  status: 'passed' | 'failed';
  code?: SignatureFailureCode;
  message: string;
  /** RSA-SHA256 as NCANode names it (SHA256withRSA), when known. */
  algorithm: string | null;
  /** Which part of the signature failed (a Reference, SignatureValue, KeyInfo...). */
  where?: string;
}

export type SignerReport = Partial<Omit<CertificateValidation, 'checks' | 'valid' | 'code' | 'codes'>> & {
  valid: boolean;
  code: string | null;
  codes: string[];
  checks: { signature: SignatureCheck } & Partial<Record<keyof CertificateValidation['checks'], CheckResult>>;
  /** CMS signingTime, when signed. */
  signingTime?: string;
  /** XML document signatures that verified: the document exactly as signed (the canonical octets digested). */
  signedXml?: string;
};

export interface SignatureOutcome {
  ok: boolean;
  error?: SignatureCheckError;
  certificateDer?: Buffer;
  algorithm?: string | null;
  signingTime?: Date;
  signedXml?: string;
}

/** Builds a signer's report: the signature outcome, then the certificate judged by the PKI (when one was found). */
export function signerReport(pki: PkiService, tenant: Tenant, outcome: SignatureOutcome, options: ValidateOptions & { at: Date }): SignerReport {
  const signature: SignatureCheck = outcome.ok
    ? { status: 'passed', message: 'the signature verifies with the certificate it names', algorithm: outcome.algorithm ?? null }
    : {
        status: 'failed',
        code: outcome.error!.code,
        message: outcome.error!.message,
        algorithm: outcome.algorithm ?? null,
        ...(outcome.error!.where ? { where: outcome.error!.where } : {}),
      };
  let validation: CertificateValidation | null = null;
  if (outcome.certificateDer) {
    try {
      validation = pki.validateParsed(tenant, parseCertificate(outcome.certificateDer), options);
    } catch (e) {
      if (!(e instanceof CertificateFormatError)) throw e;
      signature.status = 'failed';
      signature.code = 'SIGNATURE_TOKEN_INVALID';
      signature.message = `the signer's certificate cannot be read: ${e.message}`;
    }
  }
  const codes = [...(signature.code ? [signature.code] : []), ...(validation?.codes ?? [])];
  // cms.ts refuses a signingTime that is not a real instant; an invalid Date is left out rather than thrown on here.
  const signed = {
    ...(outcome.signingTime && Number.isFinite(outcome.signingTime.getTime()) ? { signingTime: outcome.signingTime.toISOString() } : {}),
    ...(outcome.ok && outcome.signedXml !== undefined ? { signedXml: outcome.signedXml } : {}),
  };
  if (!validation) return { valid: false, code: codes[0] ?? null, codes, checks: { signature }, ...signed };
  const { checks, valid: _valid, code: _code, codes: _codes, ...fields } = validation;
  return { ...fields, valid: codes.length === 0, code: codes[0] ?? null, codes, checks: { signature, ...checks }, ...signed };
}
