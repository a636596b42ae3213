/**
 * The PKI service: the sandbox's NCA RK (ҰКО / НУЦ РК) as an in-process object, for the `/pki`, `/eds` and
 * `/__admin/certificates` routes and for every system that signs or checks signatures (XML signatures,
 * WS-Security, CMS are built on it).
 *
 * Per tenant: run-time revocations and the certificates of personas the tenant added. Per process (read-only,
 * shared by every server): the committed `certs/` set, and certificates issued on the fly for personas it lacks.
 * All times are the tenant's virtual clock unless an `at` is given.
 *
 * @example
 *   const { pki } = app.sandbox;
 *   const signer = await pki.keyPairOf(request.tenant, '900115300013', 'sign'); // key + certificate
 *   const verdict = pki.validateCertificate(request.tenant, signer!.certificatePem, { purpose: 'sign', expectedIin: '900115300013' });
 *   if (!verdict.valid) throw refusal(verdict.code);
 * @see ../../docs/pki.md
 */
import type { Tenant } from '../core/tenant-store.js';
import type { Persona } from '../personas/persona.js';
import type { PersonaRegistry } from '../personas/registry.js';
import { type CaName, pkiUrls, type PkiUrls, type SystemName } from './ca.js';
import { type CertificateSet, DEFAULT_CERTS_DIR, loadCertificateSet, PKCS12_PASSWORD } from './certs-dir.js';
import type { Credential } from './credential.js';
import { buildCrl, crlNumbers, type CrlEntry } from './crl.js';
import { ATTRIBUTE_SHORT_NAME } from './oids.js';
import { respondOcsp } from './ocsp.js';
import { issuePersonaCertificate, issuePersonaCertificateWithNewKey, PersonaCredential } from './persona-certificates.js';
import { toPkcs12 } from './pkcs12.js';
import { pkiProblems } from './problems.js';
import { CERTIFICATE_USAGES, type CertificatePlan, type CertificateState, type CertificateUsage, planCertificate, type RevocationReason } from './profile.js';
import { type CertificateStatus, initialStatus, refusal, type RevocationAction, RevocationLog, statusAt, UNKNOWN } from './revocation.js';
import { type CertificateValidation, type RevocationMethod, type RevocationReport, type TrustStore, validateParsedCertificate, type ValidateOptions } from './validate.js';
import { decodeCertificateInput, formatDn, parseCertificate, type ParsedCertificate } from './x509.js';

/** A certificate the sandbox's CA issued (or the untrusted CA, for the `untrusted` state), as listed by the admin API. */
export interface CertificateEntry {
  serialNumber: string;
  /** The persona's IIN; null for a system certificate. */
  iin: string | null;
  usage: CertificateUsage | null;
  /** `shep` for the gateway's certificate; null for a persona's. */
  system: SystemName | null;
  /** The state it was issued in (from the persona's traits). */
  state: CertificateState;
  /** Revocation status now on the tenant's clock: `good`, `revoked` or `on-hold`. */
  status: 'good' | 'revoked' | 'on-hold';
  revocationTime: string | null;
  reason: RevocationReason | null;
  issuer: 'issuing' | 'untrusted';
  subject: string;
  notBefore: string;
  notAfter: string;
}

/** What a serial number is, in a tenant. */
interface Registered {
  serialNumber: string;
  plan: CertificatePlan | null;
  system: SystemName | null;
  issuer: 'issuing' | 'untrusted';
}

interface TenantPki {
  revocations: RevocationLog;
  /** The last CRL of each kind, reused while nothing it depends on changed (same second, same changes). */
  crls: Map<string, { key: string; der: Buffer }>;
}

/** pino's shape, so the service logs through the server's logger without depending on it. */
export interface PkiLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PkiServiceOptions {
  personas: PersonaRegistry;
  /** Written into certificates issued at run time (CRL, AIA, OCSP URLs) and reported as revocation sources. */
  publicUrl: string;
  /** The committed set to load. Default `certs/`. */
  certsDir?: string;
}

/**
 * Certificates issued at run time, per process: issuing ~80 RSA keys costs tens of seconds, and tests build
 * many servers. Keyed by the CA and the plan digest, so a cached certificate is exactly what would be issued.
 */
const issuedOnTheFly = new Map<string, Promise<PersonaCredential>>();
const committedCredentials = new Map<string, PersonaCredential>();
/** PKCS#12 files by certificate, per process: node-forge's PBKDF2 and RSA parsing take ~100 ms each time. */
const pkcs12Files = new Map<string, Buffer>();

const FAR_FUTURE = new Date(8.64e15);
const DAY_MS = 86_400_000;

export class PkiService {
  /** The committed certificate set (CA, systems, bundled personas). */
  readonly set: CertificateSet;
  readonly urls: PkiUrls;
  private logger: PkiLogger | null = null;
  private readonly plans = new WeakMap<Persona, Record<CertificateUsage, CertificatePlan | null>>();
  private bundledIndex: Map<string, Registered> | null = null;
  private trustStore: TrustStore | null = null;
  private issuingParsed: ParsedCertificate | null = null;

  constructor(private readonly options: PkiServiceOptions) {
    this.set = loadCertificateSet(options.certsDir ?? DEFAULT_CERTS_DIR);
    this.urls = pkiUrls(options.publicUrl);
    options.personas.onAdded(async (tenant, persona) => {
      const issued = await Promise.all(CERTIFICATE_USAGES.map((u) => this.keyPairOf(tenant, persona.iin, u)));
      this.logger?.info(
        { tenant: tenant.name, iin: persona.iin, certificates: issued.filter(Boolean).map((c) => `${c!.plan.usage}:${c!.plan.state}:${c!.serialNumber}`) },
        'issued certificates for a persona added at run time',
      );
    });
  }

  /** Logs through the server's logger; tells which bundled personas have no committed certificates. */
  useLogger(logger: PkiLogger): void {
    this.logger = logger;
    const missing = this.personasWithoutCommittedCertificates();
    if (this.set.dir === null) logger.warn({ dir: this.options.certsDir ?? DEFAULT_CERTS_DIR }, 'no committed test PKI found: using a fresh in-memory CA');
    if (missing.length) {
      logger.info({ personas: missing }, `${missing.length} persona(s) have no committed certificates: issuing them on first use (run \`kz-egov-sandbox certs\` to commit them)`);
    }
  }

  /** IINs of bundled personas whose committed certificates are missing or out of date. */
  personasWithoutCommittedCertificates(): string[] {
    return this.options.personas
      .bundled()
      .filter((p) => CERTIFICATE_USAGES.some((u) => {
        const plan = this.planOf(p, u);
        return plan !== null && this.set.personas.get(p.iin)?.[u]?.digest !== plan.digest;
      }))
      .map((p) => p.iin);
  }

  // ---- Trust -------------------------------------------------------------------------------------------------

  /** The trusted roots (the sandbox's root CA). Any other root is untrusted. */
  trustedRoots(): Credential[] {
    return [this.set.ca.root];
  }

  /** A CA certificate (and key: the sandbox's keys are public by design): `root`, `issuing`, `untrusted`, `ocsp`. */
  ca(name: CaName): Credential {
    return this.set.ca[name];
  }

  /** A system's own credential (the SHEP gateway signs its responses with `shep`). */
  systemCredential(name: SystemName): Credential {
    return this.set.systems[name];
  }

  /** The chain above a credential, issuer first, root last (empty for a root). */
  chainOf(credential: Credential): Credential[] {
    if (credential instanceof PersonaCredential && credential.plan.issuer === 'untrusted') return [this.set.ca.untrusted];
    if (credential === this.set.ca.root || credential === this.set.ca.untrusted) return [];
    if (credential === this.set.ca.issuing) return [this.set.ca.root];
    return [this.set.ca.issuing, this.set.ca.root];
  }

  // ---- Personas ----------------------------------------------------------------------------------------------

  /** The plan of a persona's certificate (no key needed); null when its traits say it has none. */
  planOf(persona: Persona, usage: CertificateUsage): CertificatePlan | null {
    let plans = this.plans.get(persona);
    if (!plans) {
      plans = { auth: planCertificate(persona, 'auth'), sign: planCertificate(persona, 'sign') };
      this.plans.set(persona, plans);
    }
    return plans[usage];
  }

  /**
   * A persona's certificate and private key for one usage, issued on first use if not committed.
   * @returns undefined when the tenant has no such persona, null when the persona has no certificate of this usage
   */
  async keyPairOf(tenant: Tenant, iin: string, usage: CertificateUsage): Promise<PersonaCredential | null | undefined> {
    const persona = this.options.personas.get(tenant, iin);
    if (!persona) return undefined;
    const plan = this.planOf(persona, usage);
    if (!plan) return null;
    const caKey = this.set.ca.issuing.x509.fingerprint256;
    const committed = this.set.personas.get(iin)?.[usage];
    if (committed && committed.digest === plan.digest) {
      const key = `${caKey}|${plan.digest}`;
      let credential = committedCredentials.get(key);
      if (!credential) {
        credential = new PersonaCredential(plan, committed.certificateDer, committed.privateKeyPem);
        committedCredentials.set(key, credential);
      }
      return credential;
    }
    const key = `${caKey}|${this.options.publicUrl}|${plan.digest}`;
    let pending = issuedOnTheFly.get(key);
    if (!pending) {
      pending = issuePersonaCertificateWithNewKey(plan, this.set, this.options.publicUrl);
      issuedOnTheFly.set(key, pending);
      pending.catch(() => issuedOnTheFly.delete(key));
      this.logger?.info({ iin, usage, state: plan.state, serialNumber: plan.serialNumber }, 'issuing a certificate on the fly (not in certs/)');
    }
    return pending;
  }

  /** Both of a persona's certificates (each null when it has none); undefined when the tenant has no such persona. */
  async certificatesOf(tenant: Tenant, iin: string): Promise<Record<CertificateUsage, PersonaCredential | null> | undefined> {
    const [auth, sign] = await Promise.all([this.keyPairOf(tenant, iin, 'auth'), this.keyPairOf(tenant, iin, 'sign')]);
    if (auth === undefined || sign === undefined) return undefined;
    return { auth, sign };
  }

  /** The PKCS#12 of a persona's key, certificate and chain, under {@link PKCS12_PASSWORD}. */
  async pkcs12Of(tenant: Tenant, iin: string, usage: CertificateUsage): Promise<Buffer | null | undefined> {
    const credential = await this.keyPairOf(tenant, iin, usage);
    if (!credential) return credential;
    const key = credential.x509.fingerprint256;
    let file = pkcs12Files.get(key);
    if (!file) {
      file = toPkcs12(credential, this.chainOf(credential), PKCS12_PASSWORD, `${usage.toUpperCase()} ${iin}`);
      pkcs12Files.set(key, file);
    }
    return file;
  }

  /** Issues a certificate from a plan with a given key, outside any persona (tests of attacks, tools). */
  issueFromPlan(plan: CertificatePlan, privateKeyPem: string): PersonaCredential {
    return issuePersonaCertificate(plan, this.set, this.options.publicUrl, privateKeyPem);
  }

  // ---- Registry and revocation -------------------------------------------------------------------------------

  private tenantState(tenant: Tenant): TenantPki {
    return tenant.slice<TenantPki>('pki', () => ({ revocations: new RevocationLog(), crls: new Map() }));
  }

  private registeredPlan(plan: CertificatePlan): Registered {
    return { serialNumber: plan.serialNumber, plan, system: null, issuer: plan.issuer };
  }

  private bundled(): Map<string, Registered> {
    if (!this.bundledIndex) {
      const index = new Map<string, Registered>();
      for (const [name, credential] of Object.entries(this.set.systems)) {
        index.set(credential.serialNumber, { serialNumber: credential.serialNumber, plan: null, system: name as SystemName, issuer: 'issuing' });
      }
      for (const persona of this.options.personas.bundled()) {
        for (const usage of CERTIFICATE_USAGES) {
          const plan = this.planOf(persona, usage);
          if (plan) index.set(plan.serialNumber, this.registeredPlan(plan));
        }
      }
      this.bundledIndex = index;
    }
    return this.bundledIndex;
  }

  /** Certificates of personas the tenant added at run time. */
  private added(tenant: Tenant): Registered[] {
    const { personas } = this.options;
    return personas
      .list(tenant)
      .filter((p) => !personas.isBundled(p.iin))
      .flatMap((p) => CERTIFICATE_USAGES.map((u) => this.planOf(p, u)))
      .filter((plan): plan is CertificatePlan => plan !== null)
      .map((plan) => this.registeredPlan(plan));
  }

  private lookup(tenant: Tenant, serialNumber: string): Registered | undefined {
    const serial = serialNumber.toLowerCase();
    return this.bundled().get(serial) ?? this.added(tenant).find((r) => r.serialNumber === serial);
  }

  private registered(tenant: Tenant): Registered[] {
    return [...this.bundled().values(), ...this.added(tenant)];
  }

  /** The revocation status of a serial (hex) of the issuing CA, as of `at` (default the tenant's now); unknown when not ours. */
  statusOf(tenant: Tenant, serialNumber: string, at: Date = tenant.clock.now()): CertificateStatus {
    const reg = this.lookup(tenant, serialNumber);
    if (!reg || reg.issuer !== 'issuing') return UNKNOWN;
    return statusAt(reg.plan?.initialRevocation, this.tenantState(tenant).revocations.of(reg.serialNumber), at);
  }

  /**
   * Revokes (with a reason), holds or releases a certificate in this tenant, effective at `time` (default the
   * tenant's now): the next CRL and OCSP answer show it.
   * @throws CERT_SERIAL_NOT_FOUND, CERT_STATE_CONFLICT problems
   */
  changeStatus(tenant: Tenant, serialNumber: string, action: RevocationAction, options: { reason?: RevocationReason; time?: Date } = {}): CertificateEntry {
    const reg = this.lookup(tenant, serialNumber);
    if (!reg) throw pkiProblems.CERT_SERIAL_NOT_FOUND(`No certificate with serial number ${serialNumber} in tenant ${tenant.name}; GET /__admin/certificates lists them`);
    if (reg.issuer !== 'issuing') {
      throw pkiProblems.CERT_STATE_CONFLICT(`Certificate ${reg.serialNumber} was issued by the untrusted CA, which publishes no revocation`);
    }
    const log = this.tenantState(tenant).revocations;
    const why = refusal(action, statusAt(reg.plan?.initialRevocation, log.of(reg.serialNumber), FAR_FUTURE));
    if (why) throw pkiProblems.CERT_STATE_CONFLICT(`Certificate ${reg.serialNumber} cannot be ${action === 'revoke' ? 'revoked' : action === 'hold' ? 'held' : 'released'}: ${why}`);
    log.add({
      serialNumber: reg.serialNumber,
      action,
      ...(action === 'revoke' ? { reason: options.reason ?? 'keyCompromise' } : {}),
      // Whole seconds, as CRLs and OCSP carry times: a CRL made in the same second lists it.
      time: new Date(Math.floor((options.time ?? tenant.clock.now()).getTime() / 1000) * 1000),
    });
    return this.entry(tenant, reg);
  }

  /** The certificates the tenant's CA knows, with their status now; optionally one persona's. */
  listCertificates(tenant: Tenant, filter: { iin?: string } = {}): CertificateEntry[] {
    return this.registered(tenant)
      .filter((r) => filter.iin === undefined || r.plan?.iin === filter.iin)
      .map((r) => this.entry(tenant, r));
  }

  /** One certificate's entry, by serial; undefined when unknown. */
  certificateEntry(tenant: Tenant, serialNumber: string): CertificateEntry | undefined {
    const reg = this.lookup(tenant, serialNumber);
    return reg ? this.entry(tenant, reg) : undefined;
  }

  private entry(tenant: Tenant, reg: Registered): CertificateEntry {
    const status = this.statusOf(tenant, reg.serialNumber);
    const system = reg.system ? this.set.systems[reg.system] : null;
    const plan = reg.plan;
    const validity = system ? system.certificate.tbsCertificate.validity : null;
    return {
      serialNumber: reg.serialNumber,
      iin: plan?.iin ?? null,
      usage: plan?.usage ?? null,
      system: reg.system,
      state: plan?.state ?? 'valid',
      status: status.status !== 'revoked' ? 'good' : status.reason === 'certificateHold' ? 'on-hold' : 'revoked',
      revocationTime: status.revocationTime?.toISOString() ?? null,
      reason: status.status === 'revoked' ? (status.reason ?? 'unspecified') : null,
      issuer: reg.issuer,
      subject: plan
        ? formatDn(plan.subject.map((a) => ({ type: a.type, name: ATTRIBUTE_SHORT_NAME[a.type] ?? a.type, value: a.value })))
        : parseCertificate(system!.certificateDer).subjectDn,
      notBefore: (plan?.notBefore ?? validity!.notBefore.getTime()).toISOString(),
      notAfter: (plan?.notAfter ?? validity!.notAfter.getTime()).toISOString(),
    };
  }

  // ---- Publication: CRL and OCSP ------------------------------------------------------------------------------

  /**
   * A CRL as of `at` (default the tenant's now), DER: `complete` (nca_rsa.crl), `delta` (nca_d_rsa.crl, the
   * changes since complete CRL number 1), or `root` (the root's CRL of CA certificates, always empty).
   */
  crl(tenant: Tenant, kind: 'complete' | 'delta' | 'root', at: Date = tenant.clock.now()): Buffer {
    const thisUpdate = new Date(Math.floor(at.getTime() / 1000) * 1000);
    const state = this.tenantState(tenant);
    const key = `${thisUpdate.getTime()}|${state.revocations.sequence}|${this.added(tenant).length}`;
    const cached = state.crls.get(kind);
    if (cached?.key === key) return cached.der;
    const der = this.buildCrlAt(tenant, kind, thisUpdate);
    state.crls.set(kind, { key, der });
    return der;
  }

  private buildCrlAt(tenant: Tenant, kind: 'complete' | 'delta' | 'root', thisUpdate: Date): Buffer {
    if (kind === 'root') {
      return buildCrl({ issuer: this.set.ca.root, thisUpdate, nextUpdate: new Date(thisUpdate.getTime() + 7 * DAY_MS), crlNumber: 1, entries: [] });
    }
    const log = this.tenantState(tenant).revocations;
    const numbers = crlNumbers(log.sequence);
    const ours = this.registered(tenant).filter((r) => r.issuer === 'issuing');
    const entries: CrlEntry[] = [];
    if (kind === 'complete') {
      for (const r of ours) {
        const s = statusAt(r.plan?.initialRevocation, log.of(r.serialNumber), thisUpdate);
        if (s.status === 'revoked') entries.push({ serialNumber: r.serialNumber, revocationTime: s.revocationTime!, reason: s.reason ?? 'unspecified' });
      }
      return buildCrl({ issuer: this.set.ca.issuing, thisUpdate, nextUpdate: new Date(thisUpdate.getTime() + DAY_MS), crlNumber: numbers.complete, entries, freshestUrl: this.urls.deltaCrl });
    }
    const changed = new Set(log.events.map((e) => e.serialNumber));
    for (const r of ours.filter((x) => changed.has(x.serialNumber))) {
      const events = log.of(r.serialNumber);
      const before = initialStatus(r.plan?.initialRevocation, thisUpdate);
      const now = statusAt(r.plan?.initialRevocation, events, thisUpdate);
      if (now.status === 'revoked' && (before.status !== 'revoked' || before.reason !== now.reason || before.revocationTime?.getTime() !== now.revocationTime?.getTime())) {
        entries.push({ serialNumber: r.serialNumber, revocationTime: now.revocationTime!, reason: now.reason ?? 'unspecified' });
      } else if (now.status !== 'revoked' && (before.status === 'revoked' || events.some((e) => e.action === 'hold' && e.time.getTime() <= thisUpdate.getTime()))) {
        // Held and released since the base: a complete CRL issued in between listed it, so the delta must remove it (RFC 5280 §5.2.4).
        const released = events.filter((e) => e.action === 'release' && e.time.getTime() <= thisUpdate.getTime()).at(-1);
        entries.push({ serialNumber: r.serialNumber, revocationTime: released?.time ?? thisUpdate, reason: 'removeFromCRL' });
      }
    }
    return buildCrl({
      issuer: this.set.ca.issuing,
      thisUpdate,
      nextUpdate: new Date(thisUpdate.getTime() + DAY_MS / 24),
      crlNumber: numbers.delta,
      baseCrlNumber: numbers.base,
      entries,
    });
  }

  /** Answers an OCSP request (DER) as of `at` (default the tenant's now) with a signed response (DER). */
  ocsp(tenant: Tenant, requestDer: Buffer, at: Date = tenant.clock.now()): Buffer {
    return respondOcsp(requestDer, {
      responder: this.set.ca.ocsp,
      issuer: this.set.ca.issuing,
      now: new Date(Math.floor(at.getTime() / 1000) * 1000),
      statusOf: (serial) => this.statusOf(tenant, serial, at),
    });
  }

  // ---- Validation -------------------------------------------------------------------------------------------

  private trust(): TrustStore {
    if (!this.trustStore) {
      this.issuingParsed = parseCertificate(this.set.ca.issuing.certificateDer);
      this.trustStore = {
        anchors: this.trustedRoots().map((c) => parseCertificate(c.certificateDer)),
        known: [this.issuingParsed, parseCertificate(this.set.ca.untrusted.certificateDer)],
      };
    }
    return this.trustStore;
  }

  /**
   * One revocation source's answer about a certificate of the issuing CA. In process, both sources read the
   * status the OCSP responder and the CRL publish (the same function), without the ~30 ms round trip through
   * DER; the wire forms are tested against openssl.
   */
  private askRevocation(tenant: Tenant, method: RevocationMethod, certificate: ParsedCertificate, issuer: ParsedCertificate, at: Date): RevocationReport | null {
    if (issuer.fingerprint !== this.issuingParsed!.fingerprint) return null;
    const status = this.statusOf(tenant, certificate.serialNumber, at);
    // A CRL cannot say "unknown": a serial it does not list is good as far as it knows.
    const answer = method === 'CRL' && status.status === 'unknown' ? 'good' : status.status;
    return {
      by: method,
      status: answer,
      revoked: answer === 'revoked',
      revocationTime: status.revocationTime?.toISOString() ?? null,
      reason: status.status === 'revoked' ? (status.reason ?? 'unspecified') : null,
      source: method === 'OCSP' ? this.urls.ocsp : this.urls.crl,
      signer: parseCertificate((method === 'OCSP' ? this.set.ca.ocsp : this.set.ca.issuing).certificateDer).subjectDn,
      ...(method === 'CRL' ? { crlNumber: crlNumbers(this.tenantState(tenant).revocations.sequence).complete } : {}),
    };
  }

  /**
   * Validates a certificate (PEM, base64 DER, or DER bytes): every check separately, with codes.
   * `options.at` defaults to the tenant's virtual now.
   * @throws CertificateFormatError (code CERT_MALFORMED) when the input is not a certificate
   */
  validateCertificate(tenant: Tenant, certificate: string | Buffer, options: Omit<ValidateOptions, 'extraCertificates'> & { extraCertificates?: (string | Buffer)[] } = {}): CertificateValidation {
    const parsed = parseCertificate(decodeCertificateInput(certificate));
    const extra = (options.extraCertificates ?? []).map((c) => parseCertificate(decodeCertificateInput(c)));
    return this.validateParsed(tenant, parsed, { ...options, extraCertificates: extra });
  }

  /** {@link validateCertificate} for a certificate already parsed (the signature verifiers have one). */
  validateParsed(tenant: Tenant, certificate: ParsedCertificate, options: ValidateOptions = {}): CertificateValidation {
    const trust = this.trust();
    return validateParsedCertificate(
      certificate,
      trust,
      { ask: (method, c, issuer, at) => this.askRevocation(tenant, method, c, issuer, at) },
      { ...options, at: options.at ?? tenant.clock.now() },
    );
  }
}
