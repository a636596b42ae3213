/**
 * The State Corporation's operator workstation (ЫАЖ АЖО) and its link to the regional gateway workstation
 * (ӨЭҮШ АЖО): operator login (Process 1), the package completeness check answering a receipt of refusal to
 * accept (seed 003 L14 / L116), the operator-signed forwarding of a request to ӨЭҮШ АЖО (Process 5, registered
 * there: Process 6), the result's arrival and hand-over to the applicant (Process 8, the operator's journal mark),
 * and the storage of uncollected results and submitted documents on the virtual clock (seed 004 L153, L155).
 * Every operation runs under the tenant's faults for `state-corporation`.
 * @see ../../../../shared/spec/003_6660126e624257da.md A.7.1, B.7.1
 * @see ../../../../shared/spec/004_8d8d3ef65f19aba3.md C.7.1, C.3
 * @see ../../../docs/systems/state-corporation.md
 */
import { randomBytes } from 'node:crypto';
import { callSystem } from '../../core/system-call.js';
import type { Tenant } from '../../core/tenant-store.js';
import { toXmlElements } from '../../core/xml.js';
import { DEFAULT_PORTAL_PASSWORD, hasTrait, type Persona } from '../../personas/persona.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import { fullNameOf, requireValidIin } from '../shared/identity.js';
import {
  addPeriod,
  type Citation,
  DEFAULT_SC_SERVICES,
  type DocumentRequirement,
  isPeriod,
  type LocalisedText,
  receiptFormTitle,
  receiptText,
  type Requirement,
  type Retention,
  type ScServiceDefinition,
} from './catalogue.js';
import { stateCorporationProblems as problems } from './problems.js';

export const SC_REQUEST_NS = 'urn:kz-egov-sandbox:state-corporation:v1';
/** An operator's session lasts a working shift of virtual time. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;
export const OPERATOR_TRAIT = 'sc-operator';

/** What certifies a forwarded request: the server wires the PKI's enveloped XMLDSig with the operator's SIGN key. */
export interface ScSigning {
  /** The XML with the operator's enveloped signature; null when the operator has no SIGN certificate. */
  signAsOperator?: (tenant: Tenant, operatorIin: string, xml: string) => Promise<string | null>;
}

export interface OperatorView {
  iin: string;
  name: string;
  organisation: { bin: string; name: string } | null;
}

export interface DocumentRef {
  code: string;
  name: LocalisedText;
}

export interface ServiceRef {
  slug: string;
  title: LocalisedText;
}

export interface ReceiptView {
  number: string;
  form: { annex: number; title: LocalisedText };
  service: ServiceRef;
  applicant: { iin: string; name: string };
  missingDocuments: DocumentRef[];
  issuedAt: string;
  issuedBy: OperatorView;
  text: LocalisedText;
  citation: Citation;
}

export interface PackageCheckInput {
  service: string;
  applicantIin: string;
  /** When a representative applies under a notarised power of attorney (seed 003 L43, seed 004 L106). */
  representativeIin?: string;
  /** Codes of the documents handed over. */
  documents: string[];
}

export interface PackageCheckView {
  id: string;
  outcome: 'accepted' | 'refused';
  service: ServiceRef;
  applicantIin: string;
  applicantName: string;
  representativeIin: string | null;
  submitted: DocumentRef[];
  missing: DocumentRef[];
  checkedAt: string;
  operator: OperatorView;
  receipt: ReceiptView | null;
  /** Set once the accepted package is forwarded. */
  forwardingId: string | null;
  /** Why an incomplete package is accepted anyway (a regulation without a refusal-to-accept rule). */
  note: string | null;
}

export interface ForwardInput {
  packageCheckId: string;
  powerOfAttorneyNumber?: string;
}

export type ForwardingStatus = 'REGISTERED' | 'RESULT_READY' | 'COLLECTED' | 'DESTROYED';

export interface ResultInput {
  kind: 'result' | 'reasoned-refusal';
  documentNumber?: string;
  /** In process only (the regulation engine): when the result reaches the State Corporation. Default: now. */
  receivedAt?: Date;
}

export interface ForwardingView {
  id: string;
  /** Registration number in ӨЭҮШ АЖО (Process 6). */
  registrationNumber: string;
  status: ForwardingStatus;
  service: ServiceRef;
  applicantIin: string;
  applicantName: string;
  representativeIin: string | null;
  powerOfAttorneyNumber: string | null;
  packageCheckId: string;
  documents: string[];
  operator: OperatorView;
  /** The request as sent, with the operator's enveloped XMLDSig (Process 5). */
  signedRequest: string;
  signed: boolean;
  forwardedAt: string;
  registeredAt: string;
  result: {
    kind: 'result' | 'reasoned-refusal';
    documentNumber: string | null;
    receivedAt: string;
    /** Null when the regulation gives no storage period: kept until collected. */
    retainUntil: string | null;
    collectedAt: string | null;
    /** The operator whose journal mark records the hand-over. */
    handedOverBy: OperatorView | null;
    destroyedAt: string | null;
  } | null;
  submittedDocuments: { retainUntil: string | null; destroyedAt: string | null };
}

export interface ServicePatch {
  documents?: DocumentRequirement[];
  resultRetention?: string | null;
  documentRetention?: string | null;
}

interface Session {
  operatorIin: string;
  expiresAt: Date;
}

class ScState {
  readonly sessions = new Map<string, Session>();
  readonly checks = new Map<string, PackageCheckView>();
  readonly receipts = new Map<string, ReceiptView>();
  readonly forwardings = new Map<string, ForwardingView>();
  /** Package checks being forwarded right now (the operator's signature is awaited): a second forward is refused. */
  readonly forwarding = new Set<string>();
  readonly services = new Map<string, ScServiceDefinition>(DEFAULT_SC_SERVICES.map((s) => [s.slug, structuredClone(s)]));
  private seq = { check: 0, receipt: 0, forwarding: 0 };

  next(kind: keyof ScState['seq']): number {
    return ++this.seq[kind];
  }
}

const DOCUMENT_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const REQUIREMENTS: readonly Requirement[] = ['always', 'with-representative', 'no'];
const POA_NUMBER = /^[\x21-\x7e]{1,64}$/;

/** The name of a persona, or the IIN when it is no persona's. */
function nameOf(persona: Persona | undefined, iin: string): string {
  return persona ? fullNameOf(persona) : iin;
}

function pad(n: number, width = 6): string {
  return String(n).padStart(width, '0');
}

export class StateCorporationService {
  constructor(
    private readonly personas: PersonaRegistry,
    private readonly signing: ScSigning = {},
  ) {}

  private state(tenant: Tenant): ScState {
    return tenant.slice('state-corporation', () => new ScState());
  }

  private operatorView(persona: Persona): OperatorView {
    return { iin: persona.iin, name: nameOf(persona, persona.iin), organisation: persona.organisation ? { ...persona.organisation } : null };
  }

  // ---- Process 1: operator login ----------------------------------------------------------------------------

  /**
   * Logs an operator in (sc-operator personas; the password is the persona's portal password, else the default).
   * @throws IIN_INVALID, OPERATOR_AUTH_FAILED, OPERATOR_NOT_AUTHORISED
   */
  async login(tenant: Tenant, iin: string, password: string): Promise<{ token: string; operator: OperatorView; expiresAt: string }> {
    requireValidIin(iin, 'iin');
    return callSystem(tenant, 'state-corporation', () => {
      const persona = this.personas.get(tenant, iin);
      if (!persona || password !== (persona.portal?.password ?? DEFAULT_PORTAL_PASSWORD)) {
        throw problems.OPERATOR_AUTH_FAILED('The IIN or the password is wrong');
      }
      if (!hasTrait(persona, OPERATOR_TRAIT)) throw problems.OPERATOR_NOT_AUTHORISED(`${iin} is not an operator of the State Corporation workstation`);
      const token = `sc_${randomBytes(24).toString('base64url')}`;
      const expiresAt = new Date(tenant.clock.nowMs() + SESSION_TTL_MS);
      this.state(tenant).sessions.set(token, { operatorIin: iin, expiresAt });
      return { token, operator: this.operatorView(persona), expiresAt: expiresAt.toISOString() };
    });
  }

  logout(tenant: Tenant, token: string): void {
    this.state(tenant).sessions.delete(token);
  }

  /** The operator of a session token. @throws OPERATOR_SESSION_REQUIRED, OPERATOR_SESSION_EXPIRED */
  operatorOfSession(tenant: Tenant, token: string | undefined): OperatorView {
    const sessions = this.state(tenant).sessions;
    const session = token === undefined ? undefined : sessions.get(token);
    if (!session) throw problems.OPERATOR_SESSION_REQUIRED('Log in with POST /state-corporation/sessions and send Authorization: Bearer <token>');
    if (tenant.clock.nowMs() >= session.expiresAt.getTime()) {
      sessions.delete(token!);
      throw problems.OPERATOR_SESSION_EXPIRED(`The session expired at ${session.expiresAt.toISOString()}`);
    }
    const persona = this.personas.get(tenant, session.operatorIin);
    if (!persona) throw problems.OPERATOR_SESSION_REQUIRED('The operator of this session is gone (tenant reset); log in again');
    return this.operatorView(persona);
  }

  /** An operator named by IIN (the SHEP services, where the ЫАЖ system authenticates as the SHEP sender). */
  operatorByIin(tenant: Tenant, iin: string): OperatorView {
    requireValidIin(iin, 'operatorIin');
    const persona = this.personas.get(tenant, iin);
    if (!persona || !hasTrait(persona, OPERATOR_TRAIT)) throw problems.OPERATOR_NOT_AUTHORISED(`${iin} is not an operator of the State Corporation workstation`);
    return this.operatorView(persona);
  }

  // ---- The catalogue ----------------------------------------------------------------------------------------

  /** The services the tenant's State Corporation accepts, with its configuration. */
  services(tenant: Tenant): ScServiceDefinition[] {
    return [...this.state(tenant).services.values()].map((s) => structuredClone(s));
  }

  /**
   * Changes a service's document list or storage periods for the tenant (new checks and results follow it).
   * @throws SC_SERVICE_NOT_FOUND, SC_FIELD_INVALID
   */
  configureService(tenant: Tenant, slug: string, patch: ServicePatch): ScServiceDefinition {
    const current = this.state(tenant).services.get(slug);
    if (!current) throw problems.SC_SERVICE_NOT_FOUND(`No service ${slug}; GET /state-corporation/services lists them`);
    if (patch.documents !== undefined) {
      const codes = new Set<string>();
      for (const d of patch.documents) {
        if (!DOCUMENT_CODE.test(d.code)) throw problems.SC_FIELD_INVALID(`document code ${JSON.stringify(d.code.slice(0, 40))} must be a lower-case slug`);
        if (codes.has(d.code)) throw problems.SC_FIELD_INVALID(`document code ${d.code} appears twice`);
        if (!REQUIREMENTS.includes(d.required)) throw problems.SC_FIELD_INVALID(`required must be one of ${REQUIREMENTS.join(', ')}`);
        codes.add(d.code);
      }
    }
    for (const name of ['resultRetention', 'documentRetention'] as const) {
      const value = patch[name];
      if (value !== undefined && value !== null && !isPeriod(value)) {
        throw problems.SC_FIELD_INVALID(`${name} must be an ISO 8601 period of years, months, days (P6M, P2Y, P30D) or null, got ${JSON.stringify(value.slice(0, 20))}`);
      }
    }
    const next = structuredClone(current);
    if (patch.documents !== undefined) next.documents = structuredClone(patch.documents);
    const retention = (value: string | null, previous: Retention): Retention => ({ period: value, citation: previous.period === value ? previous.citation : null, note: 'Set for this tenant.' });
    if (patch.resultRetention !== undefined) next.resultRetention = retention(patch.resultRetention, current.resultRetention);
    if (patch.documentRetention !== undefined) next.documentRetention = retention(patch.documentRetention, current.documentRetention);
    this.state(tenant).services.set(slug, next);
    return structuredClone(next);
  }

  // ---- Before Process 1: the package completeness check -----------------------------------------------------

  /**
   * Checks the package handed over against the service's list (Standard ¶9). Incomplete: refused, with a receipt
   * of refusal to accept in the Standard's annex form (seed 003 L14 / L116), and nothing is forwarded; for a
   * regulation without such a rule (seed 004 C) it is accepted with a note.
   * @throws SC_SERVICE_UNKNOWN, SC_DOCUMENT_UNKNOWN, SC_FIELD_INVALID, IIN_INVALID
   */
  async checkPackage(tenant: Tenant, operator: OperatorView, input: PackageCheckInput): Promise<PackageCheckView> {
    requireValidIin(input.applicantIin, 'applicantIin');
    if (input.representativeIin !== undefined) {
      requireValidIin(input.representativeIin, 'representativeIin');
      if (input.representativeIin === input.applicantIin) throw problems.SC_FIELD_INVALID('the representative cannot be the applicant');
    }
    return callSystem(tenant, 'state-corporation', () => {
      const state = this.state(tenant);
      const service = state.services.get(input.service);
      if (!service) {
        throw problems.SC_SERVICE_UNKNOWN(`The State Corporation accepts ${[...state.services.keys()].join(', ')}; not ${JSON.stringify(input.service.slice(0, 80))}`);
      }
      const known = new Map(service.documents.map((d) => [d.code, d]));
      const unknown = input.documents.filter((code) => !known.has(code));
      if (unknown.length) {
        throw problems.SC_DOCUMENT_UNKNOWN(`${unknown.map((c) => JSON.stringify(c.slice(0, 40))).join(', ')} not in the list of ${service.slug}: ${[...known.keys()].join(', ')}`);
      }
      const submitted = new Set(input.documents);
      const representative = input.representativeIin !== undefined;
      const missing = service.documents.filter((d) => !submitted.has(d.code) && (d.required === 'always' || (d.required === 'with-representative' && representative)));
      const now = tenant.clock.now();
      const applicant = this.personas.get(tenant, input.applicantIin);
      const ref = (d: DocumentRequirement): DocumentRef => ({ code: d.code, name: { ...d.name } });
      const serviceRef = { slug: service.slug, title: { ...service.title } };
      let receipt: ReceiptView | null = null;
      if (missing.length && service.refusalReceipt) {
        receipt = {
          number: `RCPT-${pad(state.next('receipt'))}`,
          form: { annex: service.refusalReceipt.annex, title: receiptFormTitle(service.refusalReceipt.annex) },
          service: serviceRef,
          applicant: { iin: input.applicantIin, name: nameOf(applicant, input.applicantIin) },
          missingDocuments: missing.map(ref),
          issuedAt: now.toISOString(),
          issuedBy: operator,
          text: receiptText(service, missing),
          citation: { ...service.refusalReceipt.citation },
        };
        state.receipts.set(receipt.number, receipt);
      }
      const check: PackageCheckView = {
        id: `PC-${pad(state.next('check'))}`,
        outcome: receipt ? 'refused' : 'accepted',
        service: serviceRef,
        applicantIin: input.applicantIin,
        applicantName: nameOf(applicant, input.applicantIin),
        representativeIin: input.representativeIin ?? null,
        submitted: service.documents.filter((d) => submitted.has(d.code)).map(ref),
        missing: missing.map(ref),
        checkedAt: now.toISOString(),
        operator,
        receipt,
        forwardingId: null,
        note:
          missing.length && !receipt
            ? `${service.slug} (seed ${service.seed}) has no rule refusing an incomplete package: accepted with documents missing (spec 004 C-SC-08)`
            : null,
      };
      state.checks.set(check.id, check);
      return structuredClone(check);
    });
  }

  async getPackageCheck(tenant: Tenant, id: string): Promise<PackageCheckView> {
    return callSystem(tenant, 'state-corporation', () => {
      const check = this.state(tenant).checks.get(id);
      if (!check) throw problems.PACKAGE_CHECK_NOT_FOUND(`No package check ${id} in tenant ${tenant.name}`);
      return structuredClone(check);
    });
  }

  async getReceipt(tenant: Tenant, number: string): Promise<ReceiptView> {
    return callSystem(tenant, 'state-corporation', () => {
      const receipt = this.state(tenant).receipts.get(number);
      if (!receipt) throw problems.RECEIPT_NOT_FOUND(`No receipt ${number} in tenant ${tenant.name}`);
      return structuredClone(receipt);
    });
  }

  // ---- Process 5-6: forwarding to ӨЭҮШ АЖО ------------------------------------------------------------------

  /**
   * Sends an accepted package's request to ӨЭҮШ АЖО, certified with the operator's EDS (Process 5), where it is
   * registered (Process 6). The checks of Condition 1 (GBD FL, БНАЖ) are the caller's, through the gateway.
   * @throws PACKAGE_CHECK_NOT_FOUND, PACKAGE_REFUSED, PACKAGE_ALREADY_FORWARDED, OPERATOR_CANNOT_SIGN, SC_FIELD_INVALID
   */
  async forward(tenant: Tenant, operator: OperatorView, input: ForwardInput): Promise<ForwardingView> {
    if (input.powerOfAttorneyNumber !== undefined && !POA_NUMBER.test(input.powerOfAttorneyNumber)) {
      throw problems.SC_FIELD_INVALID('powerOfAttorneyNumber must be 1-64 printable ASCII characters');
    }
    return callSystem(tenant, 'state-corporation', async () => {
      const state = this.state(tenant);
      const check = state.checks.get(input.packageCheckId);
      if (!check) throw problems.PACKAGE_CHECK_NOT_FOUND(`No package check ${input.packageCheckId} in tenant ${tenant.name}`);
      if (check.outcome === 'refused') {
        throw problems.PACKAGE_REFUSED(`Package ${check.id} was refused with receipt ${check.receipt!.number}: nothing is sent to ӨЭҮШ АЖО`, { receipt: check.receipt!.number });
      }
      if (check.forwardingId) throw problems.PACKAGE_ALREADY_FORWARDED(`Package ${check.id} was forwarded as ${check.forwardingId}`, { forwardingId: check.forwardingId });
      if (state.forwarding.has(check.id)) {
        throw problems.PACKAGE_ALREADY_FORWARDED(`Package ${check.id} is being forwarded by another request`, { forwardingId: null });
      }
      if (input.powerOfAttorneyNumber !== undefined && check.representativeIin === null) {
        throw problems.SC_FIELD_INVALID('powerOfAttorneyNumber is for a package a representative handed over');
      }
      // Marked before the signature is awaited, so a concurrent forward of the package cannot pass the checks above.
      state.forwarding.add(check.id);
      try {
        return structuredClone(await this.send(tenant, state, check, operator, input));
      } finally {
        state.forwarding.delete(check.id);
      }
    });
  }

  /** Builds, signs and registers the request of a checked package (the caller holds its "forwarding" mark). */
  private async send(tenant: Tenant, state: ScState, check: PackageCheckView, operator: OperatorView, input: ForwardInput): Promise<ForwardingView> {
    const service = state.services.get(check.service.slug)!;
    const now = tenant.clock.now();
    const seq = state.next('forwarding');
    const id = `FW-${pad(seq)}`;
    const registrationNumber = `R-${now.getUTCFullYear()}-${pad(seq)}`;
    const documents = check.submitted.map((d) => d.code);
    const request = toXmlElements({
      forwardingId: id,
      registrationNumber,
      service: service.slug,
      applicantIin: check.applicantIin,
      applicantName: check.applicantName,
      representativeIin: check.representativeIin,
      powerOfAttorneyNumber: input.powerOfAttorneyNumber ?? null,
      documents: { document: documents },
      operatorIin: operator.iin,
      operatorName: operator.name,
      forwardedAt: now.toISOString(),
    });
    const unsigned = `<?xml version="1.0" encoding="UTF-8"?><sc:forwardedRequest xmlns:sc="${SC_REQUEST_NS}">${request}</sc:forwardedRequest>`;
    let signedRequest = unsigned;
    if (this.signing.signAsOperator) {
      const signed = await this.signing.signAsOperator(tenant, operator.iin, unsigned);
      if (signed === null) throw problems.OPERATOR_CANNOT_SIGN(`Operator ${operator.iin} has no SIGN certificate: the request cannot be certified`);
      signedRequest = signed;
    }
    const forwarding: ForwardingView = {
      id,
      registrationNumber,
      status: 'REGISTERED',
      service: { ...check.service },
      applicantIin: check.applicantIin,
      applicantName: check.applicantName,
      representativeIin: check.representativeIin,
      powerOfAttorneyNumber: input.powerOfAttorneyNumber ?? null,
      packageCheckId: check.id,
      documents,
      operator,
      signedRequest,
      signed: signedRequest !== unsigned,
      forwardedAt: now.toISOString(),
      registeredAt: now.toISOString(),
      result: null,
      submittedDocuments: {
        retainUntil: service.documentRetention.period ? addPeriod(now, service.documentRetention.period).toISOString() : null,
        destroyedAt: null,
      },
    };
    check.forwardingId = id;
    state.forwardings.set(id, forwarding);
    return forwarding;
  }

  async getForwarding(tenant: Tenant, id: string): Promise<ForwardingView> {
    return callSystem(tenant, 'state-corporation', () => structuredClone(this.current(tenant, id)));
  }

  async listForwardings(tenant: Tenant, filter: { applicantIin?: string; status?: ForwardingStatus } = {}): Promise<ForwardingView[]> {
    if (filter.applicantIin !== undefined) requireValidIin(filter.applicantIin, 'applicantIin');
    return callSystem(tenant, 'state-corporation', () => {
      const now = tenant.clock.now();
      return [...this.state(tenant).forwardings.values()]
        .map((f) => advance(f, now))
        .filter((f) => (filter.applicantIin === undefined || f.applicantIin === filter.applicantIin) && (filter.status === undefined || f.status === filter.status))
        .map((f) => structuredClone(f));
    });
  }

  // ---- Process 8: the result at the State Corporation ----------------------------------------------------------

  /**
   * The result (or reasoned refusal) formed in ӨЭҮШ АЖО arrives at the State Corporation: RESULT_READY, kept for
   * the service's storage period (seed 004: six months, then destroyed).
   * @throws FORWARDING_NOT_FOUND, RESULT_ALREADY_RECEIVED, SC_FIELD_INVALID
   */
  async deliverResult(tenant: Tenant, id: string, input: ResultInput): Promise<ForwardingView> {
    if (input.kind !== 'result' && input.kind !== 'reasoned-refusal') throw problems.SC_FIELD_INVALID('kind must be result or reasoned-refusal');
    if (input.documentNumber !== undefined && !POA_NUMBER.test(input.documentNumber)) throw problems.SC_FIELD_INVALID('documentNumber must be 1-64 printable ASCII characters');
    return callSystem(tenant, 'state-corporation', () => {
      const forwarding = this.current(tenant, id);
      if (forwarding.result) throw problems.RESULT_ALREADY_RECEIVED(`The result of ${id} arrived at ${forwarding.result.receivedAt}`, { forwardingStatus: forwarding.status });
      const now = input.receivedAt ?? tenant.clock.now();
      const period = this.state(tenant).services.get(forwarding.service.slug)?.resultRetention.period ?? null;
      forwarding.status = 'RESULT_READY';
      forwarding.result = {
        kind: input.kind,
        documentNumber: input.documentNumber ?? null,
        receivedAt: now.toISOString(),
        retainUntil: period ? addPeriod(now, period).toISOString() : null,
        collectedAt: null,
        handedOverBy: null,
        destroyedAt: null,
      };
      return structuredClone(forwarding);
    });
  }

  /**
   * The operator hands the result over to the applicant and marks it in the journal (seed 003 L25 / L127, seed
   * 004 L151). @throws FORWARDING_NOT_FOUND, RESULT_NOT_READY, RESULT_ALREADY_COLLECTED, RESULT_DESTROYED
   */
  async handOver(tenant: Tenant, operator: OperatorView, id: string): Promise<ForwardingView> {
    return callSystem(tenant, 'state-corporation', () => {
      const forwarding = this.current(tenant, id);
      switch (forwarding.status) {
        case 'REGISTERED':
          throw problems.RESULT_NOT_READY(`The result of ${id} has not arrived at the State Corporation`, { forwardingStatus: forwarding.status });
        case 'COLLECTED':
          throw problems.RESULT_ALREADY_COLLECTED(`The result of ${id} was handed over at ${forwarding.result!.collectedAt}`, { forwardingStatus: forwarding.status });
        case 'DESTROYED':
          throw problems.RESULT_DESTROYED(`The result of ${id} was not collected and was destroyed at ${forwarding.result!.destroyedAt}`, { forwardingStatus: forwarding.status });
        case 'RESULT_READY':
          break;
      }
      forwarding.status = 'COLLECTED';
      forwarding.result!.collectedAt = tenant.clock.now().toISOString();
      forwarding.result!.handedOverBy = operator;
      return structuredClone(forwarding);
    });
  }

  private current(tenant: Tenant, id: string): ForwardingView {
    const forwarding = this.state(tenant).forwardings.get(id);
    if (!forwarding) throw problems.FORWARDING_NOT_FOUND(`No forwarded request ${id} in tenant ${tenant.name}`);
    return advance(forwarding, tenant.clock.now());
  }
}

/** Storage on the virtual clock, evaluated whenever a forwarding is read: uncollected results and documents are destroyed. */
function advance(forwarding: ForwardingView, now: Date): ForwardingView {
  const result = forwarding.result;
  if (forwarding.status === 'RESULT_READY' && result?.retainUntil && now.getTime() >= Date.parse(result.retainUntil)) {
    forwarding.status = 'DESTROYED';
    result.destroyedAt = result.retainUntil;
  }
  const documents = forwarding.submittedDocuments;
  if (documents.retainUntil && !documents.destroyedAt && now.getTime() >= Date.parse(documents.retainUntil)) documents.destroyedAt = documents.retainUntil;
  return forwarding;
}
