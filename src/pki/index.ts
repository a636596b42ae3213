/**
 * The test PKI's public surface, for the server, the CLI and the signature verifiers built on it.
 * @see ./service.ts for the service API, ../../docs/pki.md
 */
export { pkiAdminPlugin } from './admin-routes.js';
export { CA_NAMES, type CaName, pkiUrls, type PkiUrls, SYSTEM_NAMES, type SystemName } from './ca.js';
export { DEFAULT_CERTS_DIR, loadCertificateSet, PKCS12_PASSWORD } from './certs-dir.js';
export { CHECK_CODES, CHECK_NAMES, type CheckCode, type CheckName } from './check-codes.js';
export { Credential } from './credential.js';
export { edsPlugin } from './eds-routes.js';
export { generateCertificates, type GenerateCertificatesOptions, type GenerateCertificatesResult } from './generate.js';
export { PersonaCredential } from './persona-certificates.js';
export { pkiProblems } from './problems.js';
export { type CertificatePlan, type CertificateState, type CertificateUsage, planCertificate, type RevocationReason } from './profile.js';
export type { CertificateStatus } from './revocation.js';
export { pkiPlugin } from './routes.js';
export { type CertificateEntry, PkiService, type PkiServiceOptions } from './service.js';
export type { CertificateValidation, CheckResult, Purpose, RevocationMethod, RevocationReport, ValidateOptions } from './validate.js';
export { CertificateFormatError, decodeCertificateInput, type NcaSubject, parseCertificate, type ParsedCertificate } from './x509.js';
