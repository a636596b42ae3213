/**
 * Applications through the regulations: checks a submission (service, channel, variant, the signed application
 * document and its signer), walks it with the engine, takes provider decisions, and concludes: signs the result
 * document, writes it to the personal cabinet, writes licences to the e-licensing register and hands results
 * to the State Corporation.
 */
import { randomUUID } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../core/problem.js';
import { callSystem, SystemFaultError } from '../core/system-call.js';
import { kazakhCalendar, kazakhDate, type WorkingCalendar } from '../core/calendar.js';
import type { Tenant } from '../core/tenant-store.js';
import { escapeXml, parseXmlSafely, XmlRefusedError, childElements } from '../core/xml.js';
import { hasTrait } from '../personas/persona.js';
import { signEnveloped, verifyEnvelopedDocument } from '../pki/xmldsig/index.js';
import { LICENCE_TYPE_INFO, LICENCE_TYPES } from '../systems/elicense/register.js';
import { APPLICATION_NS, payloadDigest } from './application-xml.js';
import { applicationState, nextApplicationId, type ApplicationRecord, type Notification } from './applications.js';
import { RegulationCatalogue } from './catalogue.js';
import { CHECKS, packageCheckData } from './checks/index.js';
import { CHECK_NAMES, isDecisionCheck } from './checks/names.js';
import { RegulationEngine } from './engine.js';
import { createShepCaller } from './gateway-client.js';
import { regulationProblems } from './problems.js';
import type { Channel, ChannelId, Regulation, Step } from './types.js';

export interface SubmitInput {
  service: string;
  variant?: string;
  channel: ChannelId;
  applicantIin: string;
  representativeIin?: string;
  form?: Record<string, unknown>;
  documents?: string[];
  decisions?: Record<string, string | boolean>;
  decisionMode?: 'auto' | 'provider';
  readings?: Record<string, string>;
  signedXml?: string;
}

/** Who must sign on each channel, by persona trait (the portal: the applicant themself). */
const SIGNER_TRAIT: Record<ChannelId, string | null> = { portal: null, provider: 'provider-employee', stateCorporation: 'sc-operator' };
/** Applications a tenant keeps (each with its form and timeline); reset the tenant to start again. */
export const MAX_APPLICATIONS_PER_TENANT = 10_000;
const SIGNER_ROLE = { portal: 'applicant', provider: 'provider-employee', stateCorporation: 'sc-operator' } as const;

export class RegulationService {
  readonly engine: RegulationEngine;
  /** Per tenant name, the earliest outcome not yet carried out ({@link settle}). */
  private readonly dueAt = new Map<string, number>();
  readonly calendar: WorkingCalendar;

  /** `appOf` answers the server (built after the sandbox's services, so it is read when first needed). */
  constructor(
    private readonly appOf: () => FastifyInstance,
    readonly catalogue: RegulationCatalogue,
    calendar: WorkingCalendar = kazakhCalendar(),
  ) {
    this.calendar = calendar;
    const self = this;
    this.engine = new RegulationEngine({
      get app() {
        return self.app;
      },
      calendar,
      checks: CHECKS,
      shep: (tenant, serviceId, data) => createShepCaller(this.app)(tenant, serviceId, data),
      conclude: (tenant, regulation, channel, record, step) => this.conclude(tenant, regulation, channel, record, step),
      act: (tenant, record) => this.forward(tenant, record),
    });
  }

  private get app(): FastifyInstance {
    return this.appOf();
  }

  regulation(service: string): Regulation {
    const regulation = this.catalogue.get(service);
    if (!regulation) throw regulationProblems.SERVICE_NOT_FOUND(`No service ${JSON.stringify(service)}; GET /portal/services lists them`, { services: this.catalogue.list().map((r) => r.service) });
    return regulation;
  }

  channel(regulation: Regulation, id: ChannelId): Channel {
    const channel = regulation.channels.find((c) => c.id === id);
    if (!channel) {
      throw regulationProblems.CHANNEL_NOT_OFFERED(`${regulation.service} is not offered through ${id}; its channels: ${regulation.channels.map((c) => c.id).join(', ')}`, {
        channels: regulation.channels.map((c) => c.id),
      });
    }
    return channel;
  }

  /** The refusal a failed portal login gives for a service: the step `portal.authenticated` fails to. */
  authRefusal(service: string): { code: string; message: unknown; citation: unknown; step: string } | null {
    const regulation = this.catalogue.get(service);
    const portal = regulation?.channels.find((c) => c.id === 'portal');
    const condition = portal?.steps.find((s) => s.check === 'portal.authenticated');
    const refusal = condition && portal!.steps.find((s) => s.id === condition.onFail);
    if (!refusal?.code) return null;
    return { code: refusal.code, message: refusal.message, citation: refusal.citation, step: refusal.id };
  }

  /** Submits an application: everything is checked before anything is stored, so a bad one changes nothing. */
  async submit(tenant: Tenant, input: SubmitInput, sessionIin?: string): Promise<ApplicationRecord> {
    const regulation = this.regulation(input.service);
    const channel = this.channel(regulation, input.channel);
    const variant = input.variant ?? (regulation.variants.length === 1 ? regulation.variants[0]!.id : undefined);
    if (!variant || !regulation.variants.some((v) => v.id === variant)) {
      throw regulationProblems.VARIANT_UNKNOWN(`${regulation.service} has variants ${regulation.variants.map((v) => v.id).join(', ')}; got ${JSON.stringify(input.variant ?? null)}`, {
        variants: regulation.variants.map((v) => v.id),
      });
    }
    const readings = this.checkReadings(regulation, input.readings ?? {});
    const decisions = this.checkDecisions(regulation, input.decisions ?? {});
    if (!this.app.sandbox.personas.get(tenant, input.applicantIin) && input.channel !== 'portal') {
      throw regulationProblems.APPLICANT_UNKNOWN(`No persona with IIN ${input.applicantIin} in this tenant`);
    }
    const form = input.form ?? {};
    const documents = input.documents ?? [];
    const signed = await this.verifySignedApplication(tenant, input, channel, variant, form, documents, sessionIin);
    const state = applicationState(tenant);
    if (state.byId.size >= MAX_APPLICATIONS_PER_TENANT) {
      throw regulationProblems.TOO_MANY_APPLICATIONS(`this tenant holds ${state.byId.size} applications, the most it keeps; POST /__admin/reset forgets them`);
    }
    if (state.signatures.has(signed.digest)) {
      throw regulationProblems.APPLICATION_REPLAYED(`The same signed application was submitted as ${state.signatures.get(signed.digest)}; sign a new one (a new nonce) to apply again`, {
        applicationId: state.signatures.get(signed.digest),
      });
    }
    const now = tenant.clock.now();
    const record: ApplicationRecord = {
      id: nextApplicationId(tenant, now),
      service: regulation.service,
      variant,
      channel: channel.id,
      applicantIin: input.applicantIin,
      ...(input.representativeIin ? { representativeIin: input.representativeIin } : {}),
      submittedBy: { iin: signed.signerIin, role: SIGNER_ROLE[channel.id] },
      submittedAt: now.toISOString(),
      form,
      documents,
      decisions,
      decisionMode: input.decisionMode ?? 'auto',
      readings,
      signature: { signerIin: signed.signerIin, valid: signed.certificateValid, failures: signed.failures, ...(signed.unavailable ? { unavailable: true } : {}) },
      timeline: [],
      term: {},
    };
    state.signatures.set(signed.digest, record.id);
    state.byId.set(record.id, record);
    try {
      await this.engine.walk(tenant, regulation, channel, record, channel.entry, now);
    } catch (error) {
      // A walk that breaks (a bug, never a regulation outcome) leaves nothing behind.
      state.byId.delete(record.id);
      state.signatures.delete(signed.digest);
      state.notifications = state.notifications.filter((n) => n.applicationId !== record.id);
      state.due = state.due.filter((d) => d.applicationId !== record.id);
      throw error;
    }
    return record;
  }

  get(tenant: Tenant, id: string): ApplicationRecord {
    const record = applicationState(tenant).byId.get(id);
    if (!record) throw regulationProblems.APPLICATION_NOT_FOUND(`No application ${JSON.stringify(id)} in this tenant`);
    return record;
  }

  list(tenant: Tenant, filter: { applicantIin?: string; channel?: ChannelId } = {}): ApplicationRecord[] {
    return [...applicationState(tenant).byId.values()].filter(
      (r) => (!filter.applicantIin || r.applicantIin === filter.applicantIin || r.representativeIin === filter.applicantIin) && (!filter.channel || r.channel === filter.channel),
    );
  }

  notifications(tenant: Tenant, iin: string, now: Date): Notification[] {
    const mine = new Set(this.list(tenant, { applicantIin: iin }).map((r) => r.id));
    return applicationState(tenant).notifications.filter((n) => mine.has(n.applicationId) && Date.parse(n.at) <= now.getTime());
  }

  /** The provider takes the decision the application waits for, and the walk goes on from there. */
  async decide(tenant: Tenant, id: string, check: string, value: string | boolean): Promise<ApplicationRecord> {
    const record = this.get(tenant, id);
    if (!record.pending) throw regulationProblems.NO_DECISION_PENDING(`Application ${id} is not waiting for a decision`);
    if (record.pending.check !== check) {
      throw regulationProblems.NO_DECISION_PENDING(`Application ${id} waits for ${record.pending.check} (step ${record.pending.step}), not ${check}`, { pending: record.pending });
    }
    const outcome = value === true ? 'pass' : value === false ? 'fail' : value;
    const regulation = this.regulation(record.service);
    const channel = this.channel(regulation, record.channel);
    const step = channel.steps.find((s) => s.id === record.pending!.step)!;
    const allowed = ['pass', 'fail', ...Object.keys(step.branches ?? {})];
    if (!allowed.includes(outcome)) throw regulationProblems.DECISION_INVALID(`${check} takes ${allowed.join(', ')} (or true / false); got ${JSON.stringify(value)}`);
    const now = tenant.clock.now();
    const since = new Date(record.pending.since);
    await this.engine.walk(tenant, regulation, channel, record, step.id, since > now ? since : now, { check, value: outcome });
    return record;
  }

  private checkReadings(regulation: Regulation, readings: Record<string, string>): Record<string, string> {
    for (const [name, value] of Object.entries(readings)) {
      const option = regulation.ambiguities.find((a) => a.option?.name === name)?.option;
      if (!option) {
        const names = regulation.ambiguities.flatMap((a) => (a.option ? [a.option.name] : []));
        throw regulationProblems.READING_INVALID(`${regulation.service} has no reading option ${JSON.stringify(name)}; its options: ${names.join(', ') || 'none'}`);
      }
      if (!option.values.includes(value)) throw regulationProblems.READING_INVALID(`reading ${name} takes ${option.values.join(', ')}; got ${JSON.stringify(value)}`);
    }
    return readings;
  }

  private checkDecisions(regulation: Regulation, decisions: Record<string, string | boolean>): Record<string, string | boolean> {
    for (const [name, value] of Object.entries(decisions)) {
      if (!isDecisionCheck(name)) {
        throw regulationProblems.DECISION_INVALID(`${JSON.stringify(name)} is not a decision; decisions: ${CHECK_NAMES.filter(isDecisionCheck).join(', ')}`);
      }
      if (typeof value === 'boolean') continue;
      const branches = regulation.channels.flatMap((c) => c.steps.filter((st) => st.check === name).flatMap((st) => Object.keys(st.branches ?? {})));
      const allowed = ['pass', 'fail', ...new Set(branches)];
      if (!allowed.includes(value)) throw regulationProblems.DECISION_INVALID(`${name} takes true / false${branches.length ? ` or ${[...new Set(branches)].join(', ')}` : ''} (or pass / fail); got ${JSON.stringify(value)}`);
    }
    return decisions;
  }

  /**
   * The signed application document: well-formed, signed once, cryptographically valid, agreeing with the body,
   * by a signer allowed on the channel. The certificate's own state (period, revocation, IIN) is the regulation's
   * `eds.valid` condition, so it is reported rather than refused here.
   */
  private async verifySignedApplication(
    tenant: Tenant,
    input: SubmitInput,
    channel: Channel,
    variant: string,
    form: Record<string, unknown>,
    documents: string[],
    sessionIin: string | undefined,
  ): Promise<{ signerIin: string; certificateValid: boolean; failures: string[]; unavailable: boolean; digest: string }> {
    if (!input.signedXml) throw regulationProblems.SIGNATURE_MISSING('signedXml is required: the application document signed with the signer\'s SIGN key (see docs/regulations.md)');
    let doc: Document;
    try {
      doc = parseXmlSafely(input.signedXml);
    } catch (error) {
      if (error instanceof XmlRefusedError) throw regulationProblems.SIGNATURE_INVALID(`signedXml is refused: ${error.message}`);
      throw error;
    }
    const root = doc.documentElement!;
    if (root.localName !== 'application' || root.namespaceURI !== APPLICATION_NS) {
      throw regulationProblems.SIGNATURE_INVALID(`signedXml must be an {${APPLICATION_NS}}application document, got ${root.tagName}`);
    }
    const outcomes = verifyEnvelopedDocument(doc);
    if (outcomes.length === 0) throw regulationProblems.SIGNATURE_MISSING('signedXml carries no ds:Signature');
    if (outcomes.length > 1) throw regulationProblems.SIGNATURE_INVALID(`signedXml carries ${outcomes.length} signatures; sign once`);
    const outcome = outcomes[0]!;
    if (!outcome.ok) throw regulationProblems.SIGNATURE_INVALID(`${outcome.error.code}: ${outcome.error.message}`, { failure: outcome.error.code });
    const fields = new Map(childElements(root).map((el) => [el.localName!, el.textContent ?? '']));
    const expected: Record<string, string | undefined> = {
      service: input.service,
      variant,
      channel: channel.id,
      applicantIin: input.applicantIin,
      representativeIin: input.representativeIin,
      payloadDigest: payloadDigest({ form, documents }),
    };
    for (const [name, value] of Object.entries(expected)) {
      if ((fields.get(name) ?? undefined) !== value) {
        throw regulationProblems.APPLICATION_MISMATCH(`the signed ${name} is ${JSON.stringify(fields.get(name) ?? null)}, the request says ${JSON.stringify(value ?? null)}`, { field: name });
      }
    }
    if (!fields.get('nonce')) throw regulationProblems.APPLICATION_MISMATCH('the signed application has no nonce', { field: 'nonce' });
    const signerIin = outcome.certificate.iin ?? '';
    // Whose IIN the certificate must carry: on the portal the one who signs in (the applicant, or the
    // representative); on the other channels the employee's or operator's own. Judged once, here.
    const expectedIin = channel.id === 'portal' ? (sessionIin ?? input.applicantIin) : signerIin;
    const verdict = await this.validateSigner(tenant, outcome.certificate, expectedIin);
    const trait = SIGNER_TRAIT[channel.id];
    if (trait) {
      // An employee's or operator's IIN is read from their certificate only once the certificate is trusted.
      if (!verdict.valid) throw regulationProblems.SIGNER_NOT_AUTHORISED(`the signer's certificate is not valid: ${verdict.codes.join(', ')}`, { codes: verdict.codes });
      const signer = this.app.sandbox.personas.get(tenant, signerIin);
      if (!signer || !hasTrait(signer, trait)) {
        throw regulationProblems.SIGNER_NOT_AUTHORISED(`${channel.id} applications are signed by a ${trait} persona; ${signerIin || 'the signer'} is not one`);
      }
    } else if (sessionIin && input.applicantIin !== sessionIin && input.representativeIin !== sessionIin) {
      throw regulationProblems.FORBIDDEN(`the portal session is ${sessionIin}'s; they may apply for themself or as the representative`);
    } else if (sessionIin && input.representativeIin === sessionIin && input.applicantIin !== sessionIin) {
      // On the portal a representative acts for another person only under a power of attorney in force in БНАЖ for this service.
      const poa = await this.app.sandbox.notary.check(tenant, { principalIin: input.applicantIin, representativeIin: sessionIin, service: input.service });
      if (poa.result !== 'FOUND_VALID') {
        throw regulationProblems.REPRESENTATION_NOT_PROVEN(`${sessionIin} holds no power of attorney in force from ${input.applicantIin} for ${input.service} (БНАЖ: ${poa.result})`, { powerOfAttorney: poa.result });
      }
    }
    if (channel.id === 'portal' && !verdict.valid && !channel.steps.some((st) => st.check === 'eds.valid')) {
      // No condition of this regulation judges the certificate (password login only, seed 002): the portal still
      // accepts only a signature by a valid certificate of the person signed in.
      throw regulationProblems.SIGNATURE_INVALID(`the signing certificate is not valid: ${verdict.codes.join(', ')}`, { codes: verdict.codes });
    }
    // Otherwise the certificate's state is the regulation's `eds.valid` condition (a pki fault: "unavailable").
    const digest = payloadDigest({ form: { xml: outcome.signedXml }, documents: [] });
    return { signerIin, certificateValid: verdict.valid, failures: verdict.codes, unavailable: verdict.unavailable, digest };
  }

  /** The certificate's chain, period, revocation, SIGN usage and IIN, under the pki system's faults. */
  private async validateSigner(
    tenant: Tenant,
    certificate: Parameters<FastifyInstance['sandbox']['pki']['validateParsed']>[1],
    expectedIin: string,
  ): Promise<{ valid: boolean; codes: string[]; unavailable: boolean }> {
    try {
      // The national CA's revocation services answer under the `pki` system's faults: down, nothing can be confirmed.
      const verdict = await callSystem(tenant, 'pki', () => this.app.sandbox.pki.validateParsed(tenant, certificate, { purpose: 'sign', expectedIin }));
      return { valid: verdict.valid, codes: verdict.codes, unavailable: false };
    } catch (error) {
      if (!(error instanceof SystemFaultError)) throw error;
      return { valid: false, codes: [`pki ${error.kind}`], unavailable: true };
    }
  }

  /**
   * The walk ended on `step`: the applicant is notified (shown from the outcome's time), and what the outcome
   * does in the systems waits for the clock to reach it (see {@link settle}).
   */
  private async conclude(tenant: Tenant, _regulation: Regulation, _channel: Channel, record: ApplicationRecord, step: Step): Promise<void> {
    const outcome = record.outcome!;
    const state = applicationState(tenant);
    state.notifications.push({ id: randomUUID(), applicationId: record.id, at: outcome.at, code: outcome.code, message: outcome.message });
    state.due.push({ applicationId: record.id, step: step.id, at: Date.parse(outcome.at) });
    const earliest = this.dueAt.get(tenant.name);
    if (earliest === undefined || Date.parse(outcome.at) < earliest) this.dueAt.set(tenant.name, Date.parse(outcome.at));
  }

  /**
   * Carries out the outcomes the tenant's clock has reached: the signed result document, the licence in the
   * e-licensing register, the result handed to the State Corporation. Run before the tenant's requests to the routes
   * where these show (a hook in server.ts), so nothing shows in a system before its time. Cheap when nothing is due.
   */
  async settle(tenant: Tenant): Promise<void> {
    if (!this.hasDue(tenant)) return;
    const state = applicationState(tenant);
    const now = tenant.clock.nowMs();
    const ready = state.due.filter((d) => d.at <= now);
    state.due = state.due.filter((d) => d.at > now);
    this.resetDueAt(tenant, state.due);
    for (const item of ready) {
      const record = state.byId.get(item.applicationId);
      if (!record) continue;
      try {
        await this.deliver(tenant, record, item.step);
        record.delivery = { state: 'delivered' };
      } catch (error) {
        if (error instanceof SystemFaultError) {
          // A system down when the outcome falls due (the State Corporation, e-licensing): try again on a later request.
          record.delivery = { state: 'pending', reason: `${error.system} ${error.kind}` };
          state.due.push(item);
          this.resetDueAt(tenant, state.due);
          continue;
        }
        // Never the next request's problem: the application shows what failed (e.g. LICENCE_ALREADY_HELD).
        record.delivery = { state: 'failed', reason: error instanceof ProblemError ? `${error.code}: ${error.detail}` : 'internal error (logged)' };
        if (!(error instanceof ProblemError)) this.app.log.error({ err: error, applicationId: record.id }, 'delivering an outcome failed');
      }
    }
  }

  /** Whether an outcome of the tenant has fallen due (a map lookup: cheap enough for every request). */
  hasDue(tenant: Tenant): boolean {
    const earliest = this.dueAt.get(tenant.name);
    return earliest !== undefined && earliest <= tenant.clock.nowMs();
  }

  private resetDueAt(tenant: Tenant, due: { at: number }[]): void {
    let earliest = Infinity;
    for (const d of due) if (d.at < earliest) earliest = d.at;
    if (earliest === Infinity) this.dueAt.delete(tenant.name);
    else this.dueAt.set(tenant.name, earliest);
  }

  private async deliver(tenant: Tenant, record: ApplicationRecord, stepId: string): Promise<void> {
    const regulation = this.regulation(record.service);
    const step = this.channel(regulation, record.channel).steps.find((s) => s.id === stepId)!;
    const outcome = record.outcome!;
    const document = step.resultByVariant?.[record.variant]?.document ?? step.document;
    let number = `${record.id}-R`;
    if (step.kind === 'result' && document) {
      if (outcome.result === 'granted') number = (await this.writeLicence(tenant, record)) ?? number;
      const signer = await this.providerSigner(tenant);
      const xml =
        `<stateServiceResult xmlns="urn:kz-egov-sandbox:result:v1" kind="${escapeXml(document.kind)}">` +
        `<number>${escapeXml(number)}</number><applicationId>${record.id}</applicationId><service>${escapeXml(regulation.service)}</service><variant>${escapeXml(record.variant)}</variant>` +
        `<applicantIin>${record.applicantIin}</applicantIin><code>${escapeXml(outcome.code)}</code>` +
        `<title xml:lang="kk">${escapeXml(document.title.kk)}</title><title xml:lang="ru">${escapeXml(document.title.ru)}</title><title xml:lang="en">${escapeXml(document.title.en)}</title>` +
        `<text xml:lang="kk">${escapeXml(outcome.message.kk)}</text><text xml:lang="en">${escapeXml(outcome.message.en)}</text>` +
        `<issuedAt>${outcome.at}</issuedAt><citation seed="${escapeXml(outcome.citation.seed)}" lines="${escapeXml(outcome.citation.lines)}"/>` +
        `<disclaimer>Issued by kz-egov-sandbox for testing: not a real document</disclaimer></stateServiceResult>`;
      record.document = {
        kind: document.kind,
        title: document.title,
        number,
        issuedAt: outcome.at,
        signedXml: signer ? signEnveloped(xml, signer.credential) : xml,
        signedBy: signer?.iin ?? 'unsigned',
      };
    }
    if (record.forwardingId && !record.handedToStateCorporation) {
      // The result reaches the State Corporation when the provider's steps are done (seed 003 L51, 004 L145).
      const kind = outcome.kind === 'refusal' || outcome.result === 'refused' ? 'reasoned-refusal' : 'result';
      await this.app.sandbox.stateCorporation.deliverResult(tenant, record.forwardingId, { kind, documentNumber: number, receivedAt: new Date(outcome.at) });
      record.handedToStateCorporation = true;
    }
  }

  /**
   * The operator-signed request to ӨЭҮШ АЖО, through the gateway as the State Corporation's system does it. A
   * package not yet checked (seed 004 has no refusal-to-accept rule) is checked first, which accepts it.
   */
  private async forward(tenant: Tenant, record: ApplicationRecord): Promise<string> {
    const shep = createShepCaller(this.app);
    if (!record.packageCheckId) {
      const check = await shep(tenant, 'SC_PackageCheckSync', packageCheckData(record));
      const id = (check.data?.check as Record<string, unknown> | undefined)?.id;
      if (typeof id === 'string') record.packageCheckId = id;
    }
    if (!record.packageCheckId) return 'not forwarded: no package check';
    const answer = await shep(tenant, 'SC_ForwardRequestSync', `<operatorIin>${record.submittedBy.iin}</operatorIin><packageCheckId>${record.packageCheckId}</packageCheckId>`);
    if (!answer.ok) return `not forwarded: ${answer.faultCode}`;
    const forwarding = (answer.data?.forwarding ?? {}) as Record<string, unknown>;
    if (typeof forwarding.id === 'string') record.forwardingId = forwarding.id;
    return `forwarded as ${String(forwarding.id)}, registered ${String(forwarding.registrationNumber)}`;
  }

  /** Licences go to the e-licensing register (issue, re-issue or duplicate); answers the licence number. */
  private async writeLicence(tenant: Tenant, record: ApplicationRecord): Promise<string | undefined> {
    const type = LICENCE_TYPES.find((t) => LICENCE_TYPE_INFO[t].service === record.service);
    if (!type) return undefined;
    const elicense = this.app.sandbox.elicense;
    const issuedOn = kazakhDate(new Date(record.outcome!.at));
    if (record.variant === 'issue') return (await elicense.issue(tenant, { holderIin: record.applicantIin, type, applicationId: record.id, issuedOn })).licence.number;
    const number = record.licenceNumber ?? (await elicense.findByHolder(tenant, record.applicantIin, type)).find((l) => l.status === 'active')?.number;
    if (!number) return undefined;
    const write = record.variant === 'duplicate' ? elicense.duplicate : elicense.reissue;
    return (await write.call(elicense, tenant, number, { applicationId: record.id })).licence.number;
  }

  /** The provider's authorised person who signs results: the first provider-employee persona with a SIGN key. */
  private async providerSigner(tenant: Tenant): Promise<{ iin: string; credential: { privateKeyPem: string; certificateDer: Buffer } } | null> {
    for (const persona of this.app.sandbox.personas.list(tenant, ['provider-employee'])) {
      const credential = await this.app.sandbox.pki.keyPairOf(tenant, persona.iin, 'sign');
      if (credential) return { iin: persona.iin, credential };
    }
    return null;
  }
}
