/**
 * X.509 certificate validation (ЭЦҚ тіркеу куәлігін тексеру): every check separately, with a stable code for
 * each failure, as every regulation's "EDS valid" condition needs it: validity period, the chain walked to a
 * trusted root (NCANode checks one level only), revocation by OCSP and/or CRL with who said so, key usage fit
 * for the purpose, IIN/BIN from the subject and their match against the expected ones. All "as of" one instant.
 * @see ../../../shared/spec/integration-shapes.md §6, ./check-codes.ts
 */
import { parseIin, parseBin } from '../core/iin.js';
import { CHECK_CODES, type CheckCode, CHECK_NAMES } from './check-codes.js';
import { EKU, KEY_USER } from './oids.js';
import { type NcaSubject, ncaSubject, type ParsedCertificate } from './x509.js';

export type Purpose = 'sign' | 'auth';
export type RevocationMethod = 'OCSP' | 'CRL';

export interface ValidateOptions {
  /** What the key is used for: `sign` needs a SIGN certificate, `auth` an AUTH one. Without it the check is skipped. */
  purpose?: Purpose;
  /** The IIN the certificate must carry (the applicant's). */
  expectedIin?: string;
  /** The BIN the certificate must carry (for a legal entity's officer). */
  expectedBin?: string;
  /** The instant to judge at. Default: the tenant's virtual now. */
  at?: Date;
  /** Revocation sources to ask, in order. Default both; `[]` skips the check. */
  revocationCheck?: RevocationMethod[];
  /** Certificates sent along that may complete the chain (intermediates). */
  extraCertificates?: ParsedCertificate[];
}

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  status: CheckStatus;
  /** Set when failed. */
  code?: CheckCode;
  message: string;
}

export interface ChainLink {
  subject: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** A trusted root of the sandbox. */
  trustAnchor: boolean;
  /** `sandbox` (a CA the sandbox knows) or `request` (sent along in the request), `leaf` for the certificate itself. */
  source: 'leaf' | 'sandbox' | 'request';
}

/** One revocation source's answer, as NCANode's `revocations[]` plus where it came from. */
export interface RevocationReport {
  by: RevocationMethod;
  status: 'good' | 'revoked' | 'unknown';
  revoked: boolean;
  revocationTime: string | null;
  reason: string | null;
  /** The OCSP responder URL or the CRL URL asked. */
  source: string;
  /** The OCSP responder's name, or the CRL issuer's. */
  signer: string;
  /** The CRL's number (CRL only). */
  crlNumber?: number;
}

/** What the sandbox can ask about a certificate's revocation. */
export interface RevocationSources {
  /** Null when no source answers for the certificate's issuer (not a sandbox CA). */
  ask(method: RevocationMethod, certificate: ParsedCertificate, issuer: ParsedCertificate, at: Date): RevocationReport | null;
}

export interface TrustStore {
  /** Trusted roots. */
  anchors: ParsedCertificate[];
  /** Other CA certificates the sandbox knows (the issuing CA, the untrusted CA...). */
  known: ParsedCertificate[];
}

export interface CertificateChecks {
  validity: CheckResult & { at: string; notBefore: string; notAfter: string };
  chain: CheckResult & { path: ChainLink[] };
  revocation: CheckResult & { methods: RevocationMethod[]; revocations: RevocationReport[] };
  keyUsage: CheckResult & { purpose: Purpose | null; kind: 'SIGN' | 'AUTH' | 'UNKNOWN'; keyUsage: string[]; extendedKeyUsage: string[] };
  identity: CheckResult & { iin: string | null; bin: string | null };
  iinMatch: CheckResult & { expected: string | null; actual: string | null };
  binMatch: CheckResult & { expected: string | null; actual: string | null };
}

/** The answer for one certificate: every check, the verdict, and NCANode's fields. */
export interface CertificateValidation {
  valid: boolean;
  /** The first failing check's code, null when valid. */
  code: CheckCode | null;
  /** Every failing check's code, in check order. */
  codes: CheckCode[];
  checks: CertificateChecks;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SIGN, AUTH or UNKNOWN, from the key usage. */
  keyUsage: 'SIGN' | 'AUTH' | 'UNKNOWN';
  /** NCA key-user roles from the extended key usage (INDIVIDUAL, ORGANIZATION, CEO...). */
  keyUser: string[];
  signAlg: string;
  /** SubjectPublicKeyInfo, base64. */
  publicKey: string;
  /** The certificate's signature, base64. */
  signature: string;
  subject: NcaSubject;
  issuer: NcaSubject;
  revocations: RevocationReport[];
  /** SHA-256 of the DER, hex. */
  fingerprint: string;
}

const MAX_CHAIN = 8;

const passed = (message: string): CheckResult => ({ status: 'passed', message });
const skipped = (message: string): CheckResult => ({ status: 'skipped', message });
const failed = (code: CheckCode, message: string): CheckResult => ({ status: 'failed', code, message });

function link(c: ParsedCertificate, source: ChainLink['source'], trustAnchor: boolean): ChainLink {
  return { subject: c.subjectDn, serialNumber: c.serialNumber, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString(), trustAnchor, source };
}

/** Whether `issuer`'s key signed `c`; false (not an error) for keys Node cannot use, such as GOST ones. */
function signedBy(c: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return c.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

function withinValidity(c: ParsedCertificate, at: Date): boolean {
  return c.notBefore.getTime() <= at.getTime() && at.getTime() <= c.notAfter.getTime();
}

function checkValidity(c: ParsedCertificate, at: Date): CertificateChecks['validity'] {
  const base = { at: at.toISOString(), notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() };
  if (at.getTime() > c.notAfter.getTime()) return { ...failed('CERT_EXPIRED', `expired at ${base.notAfter}, checked as of ${base.at}`), ...base };
  if (at.getTime() < c.notBefore.getTime()) return { ...failed('CERT_NOT_YET_VALID', `valid only from ${base.notBefore}, checked as of ${base.at}`), ...base };
  return { ...passed(`valid from ${base.notBefore} to ${base.notAfter}`), ...base };
}

/** Walks issuer by issuer, each link's signature verified with the next one's key, up to a trusted root. */
function checkChain(leaf: ParsedCertificate, trust: TrustStore, extra: ParsedCertificate[], at: Date): CertificateChecks['chain'] & { issuer: ParsedCertificate | null } {
  const anchors = new Set(trust.anchors.map((a) => a.fingerprint));
  const pool: { cert: ParsedCertificate; source: 'sandbox' | 'request' }[] = [
    ...trust.anchors.map((cert) => ({ cert, source: 'sandbox' as const })),
    ...trust.known.map((cert) => ({ cert, source: 'sandbox' as const })),
    ...extra.map((cert) => ({ cert, source: 'request' as const })),
  ];
  const path: ChainLink[] = [link(leaf, 'leaf', anchors.has(leaf.fingerprint))];
  let current = leaf;
  let issuer: ParsedCertificate | null = null;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (anchors.has(current.fingerprint)) {
      return { ...passed(`chain of ${path.length} to the trusted root ${current.subjectDn}`), path, issuer };
    }
    if (current.subjectNameDer.equals(current.issuerNameDer) && signedBy(current, current)) {
      return { ...failed('CERT_UNTRUSTED', `the chain ends at the self-signed ${current.subjectDn}, which is not a trusted root`), path, issuer };
    }
    const named = pool.filter((p) => p.cert.subjectNameDer.equals(current.issuerNameDer) && p.cert.fingerprint !== current.fingerprint);
    const signer = named.find((p) => signedBy(current, p.cert));
    if (!signer) {
      const why = named.length
        ? `a CA named ${current.issuerDn} is known, but its key did not sign ${depth === 0 ? 'this certificate' : current.subjectDn}`
        : `the issuer ${current.issuerDn} is not a CA the sandbox knows`;
      return { ...failed('CERT_UNTRUSTED', why), path, issuer };
    }
    const ca = signer.cert;
    if (depth === 0) issuer = ca;
    path.push(link(ca, signer.source, anchors.has(ca.fingerprint)));
    if (ca.basicConstraints?.ca !== true || (ca.keyUsage !== null && !ca.keyUsage.includes('keyCertSign'))) {
      return { ...failed('CERT_CHAIN_INVALID', `${ca.subjectDn} is not a CA allowed to issue certificates`), path, issuer };
    }
    if (!withinValidity(ca, at)) {
      return { ...failed('CERT_CHAIN_INVALID', `the CA ${ca.subjectDn} is outside its validity (${ca.notBefore.toISOString()} to ${ca.notAfter.toISOString()}) as of ${at.toISOString()}`), path, issuer };
    }
    current = ca;
  }
  return { ...failed('CERT_UNTRUSTED', `no trusted root within ${MAX_CHAIN} links`), path, issuer };
}

function checkRevocation(
  c: ParsedCertificate,
  issuer: ParsedCertificate | null,
  methods: RevocationMethod[],
  sources: RevocationSources,
  at: Date,
): CertificateChecks['revocation'] {
  const base = { methods, revocations: [] as RevocationReport[] };
  if (!methods.length) return { ...skipped('no revocation check asked (revocationCheck is empty)'), ...base };
  if (!issuer) return { ...skipped('the issuer is unknown, so no revocation source answers for it'), ...base };
  const reports = methods.map((m) => sources.ask(m, c, issuer, at)).filter((r): r is RevocationReport => r !== null);
  base.revocations = reports;
  if (!reports.length) return { ...skipped(`no revocation source answers for ${issuer.subjectDn}`), ...base };
  const revoked = reports.find((r) => r.revoked);
  if (revoked) {
    const hold = revoked.reason === 'certificateHold';
    const what = hold ? 'on hold' : `revoked (${revoked.reason ?? 'unspecified'})`;
    return { ...failed(hold ? 'CERT_ON_HOLD' : 'CERT_REVOKED', `${what} since ${revoked.revocationTime}, says ${revoked.by}`), ...base };
  }
  // OCSP knows what was issued, a CRL only what was revoked: an `unknown` outweighs a CRL's silence.
  const unknown = reports.filter((r) => r.status === 'unknown');
  if (unknown.length) return { ...failed('CERT_REVOCATION_UNKNOWN', `${unknown.map((r) => r.by).join(' and ')} does not know this certificate: the CA never issued it (in this tenant)`), ...base };
  return { ...passed(`not revoked, say ${reports.map((r) => r.by).join(' and ')}`), ...base };
}

function kindOf(c: ParsedCertificate): 'SIGN' | 'AUTH' | 'UNKNOWN' {
  const ku = c.keyUsage ?? [];
  if (ku.includes('nonRepudiation')) return 'SIGN';
  if (ku.includes('keyEncipherment') || c.extendedKeyUsage?.includes(EKU.clientAuth)) return 'AUTH';
  return 'UNKNOWN';
}

function checkKeyUsage(c: ParsedCertificate, purpose: Purpose | undefined): CertificateChecks['keyUsage'] {
  const base = { purpose: purpose ?? null, kind: kindOf(c), keyUsage: c.keyUsage ?? [], extendedKeyUsage: c.extendedKeyUsage ?? [] };
  if (!purpose) return { ...skipped('no purpose given'), ...base };
  const ku = c.keyUsage;
  const eku = c.extendedKeyUsage;
  const missing: string[] = [];
  if (purpose === 'sign') {
    if (ku && !ku.includes('nonRepudiation')) missing.push('key usage nonRepudiation');
    if (eku && !eku.includes(EKU.emailProtection)) missing.push(`extended key usage ${EKU.emailProtection} (emailProtection)`);
  } else {
    if (ku && !ku.includes('digitalSignature')) missing.push('key usage digitalSignature');
    if (eku && !eku.includes(EKU.clientAuth)) missing.push(`extended key usage ${EKU.clientAuth} (clientAuth)`);
  }
  if (missing.length) return { ...failed('CERT_KEY_USAGE', `a ${base.kind} certificate cannot be used to ${purpose}: it lacks ${missing.join(' and ')}`), ...base };
  return { ...passed(`fit to ${purpose}`), ...base };
}

function checkIdentity(c: ParsedCertificate): CertificateChecks['identity'] {
  const base = { iin: c.iin, bin: c.bin };
  if (c.basicConstraints?.ca) return { ...skipped('a CA certificate names no person or organisation'), ...base };
  const problems: string[] = [];
  if (c.iin) {
    const r = parseIin(c.iin);
    if (!r.ok) problems.push(`SERIALNUMBER IIN${c.iin}: ${r.message}`);
  }
  if (c.bin) {
    const r = parseBin(c.bin);
    if (!r.ok) problems.push(`OU BIN${c.bin}: ${r.message}`);
  }
  if (!c.iin && !c.bin) problems.push('the subject has neither SERIALNUMBER=IIN<12> nor OU=BIN<12>');
  if (problems.length) return { ...failed('CERT_SUBJECT_INVALID', problems.join('; ')), ...base };
  return { ...passed([c.iin && `IIN ${c.iin}`, c.bin && `BIN ${c.bin}`].filter(Boolean).join(', ')), ...base };
}

function checkMatch(code: 'IIN_MISMATCH' | 'BIN_MISMATCH', label: string, expected: string | undefined, actual: string | null) {
  const base = { expected: expected ?? null, actual };
  if (expected === undefined) return { ...skipped(`no expected ${label} given`), ...base };
  if (actual === expected) return { ...passed(`${label} ${actual} as expected`), ...base };
  return { ...failed(code, actual ? `the certificate holds ${label} ${actual}, expected ${expected}` : `the certificate holds no ${label}, expected ${expected}`), ...base };
}

/**
 * Validates one parsed certificate. Pure given its inputs: the trust store, the revocation sources and the
 * options (whose `at` must be set by the caller, normally to the tenant's virtual now).
 */
export function validateParsedCertificate(
  c: ParsedCertificate,
  trust: TrustStore,
  sources: RevocationSources,
  options: ValidateOptions & { at: Date },
): CertificateValidation {
  const at = options.at;
  const validity = checkValidity(c, at);
  const { issuer, ...chain } = checkChain(c, trust, options.extraCertificates ?? [], at);
  const revocation = checkRevocation(c, issuer, options.revocationCheck ?? ['OCSP', 'CRL'], sources, at);
  const checks: CertificateChecks = {
    validity,
    chain,
    revocation,
    keyUsage: checkKeyUsage(c, options.purpose),
    identity: checkIdentity(c),
    iinMatch: checkMatch('IIN_MISMATCH', 'IIN', options.expectedIin, c.iin),
    binMatch: checkMatch('BIN_MISMATCH', 'BIN', options.expectedBin, c.bin),
  };
  const codes = CHECK_NAMES.map((n) => checks[n].code).filter((code): code is CheckCode => code !== undefined && code in CHECK_CODES);
  return {
    valid: codes.length === 0,
    code: codes[0] ?? null,
    codes,
    checks,
    serialNumber: c.serialNumber,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    keyUsage: checks.keyUsage.kind,
    keyUser: (c.extendedKeyUsage ?? []).map((oid) => KEY_USER[oid]).filter((u): u is string => !!u),
    signAlg: c.signatureAlgorithmName,
    publicKey: c.publicKeyDer.toString('base64'),
    signature: Buffer.from(c.certificate.signatureValue).toString('base64'),
    subject: ncaSubject(c.subject, c.iin, c.bin),
    issuer: ncaSubject(c.issuer, null, null),
    revocations: revocation.revocations,
    fingerprint: c.fingerprint,
  };
}
