/**
 * Applications (өтініш) and the personal cabinet (жеке кабинет), per tenant: what was submitted, the
 * timeline the engine walked, the outcome and the result document, and the applicant's notifications.
 */
import type { Tenant } from '../core/tenant-store.js';
import type { ChannelId, Citation, DurationUnit, LocalisedText, ResultOutcome, StepKind } from './types.js';

export interface TimelineEntry {
  step: string;
  kind: StepKind;
  number: string;
  actor: string;
  title: { kk?: string; en: string };
  /** When the step is done, on the tenant's virtual clock (ISO). */
  at: string;
  duration?: { value: number; unit: DurationUnit };
  /** `done` for a process; a condition's check outcome (`pass`, `fail`, `unavailable`, a branch); `refused` / `issued`. */
  outcome: string;
  detail?: string;
  citation: Citation;
  inferred?: boolean;
}

export interface Outcome {
  kind: 'refusal' | 'result';
  code: string;
  message: LocalisedText;
  citation: Citation;
  /** The refusal or result step. */
  step: string;
  at: string;
  /** For a result: granted / negative / informational / refused. */
  result?: ResultOutcome;
}

export interface ResultDocument {
  kind: string;
  title: LocalisedText;
  number: string;
  issuedAt: string;
  /** The document as XML with the provider's enveloped XMLDSig. */
  signedXml: string;
  signedBy: string;
}

export interface ApplicationRecord {
  id: string;
  service: string;
  variant: string;
  channel: ChannelId;
  applicantIin: string;
  representativeIin?: string;
  /** Who submitted and signed it: the applicant (portal), a provider employee, a State Corporation operator. */
  submittedBy: { iin: string; role: 'applicant' | 'provider-employee' | 'sc-operator' };
  submittedAt: string;
  form: Record<string, unknown>;
  documents: string[];
  decisions: Record<string, string | boolean>;
  decisionMode: 'auto' | 'provider';
  readings: Record<string, string>;
  /** The certificate check of the signature (eds.valid reads it). */
  signature: { signerIin: string; valid: boolean; failures: string[]; unavailable?: boolean };
  /** State Corporation channel: the package check and the forwarding. */
  packageCheckId?: string;
  forwardingId?: string;
  /** Re-issue / duplicate: the active licence elicense.licenceHeld found. */
  licenceNumber?: string;
  /** Whether the outcome's effects (document, licence, hand-over) were carried out when the clock reached it. */
  delivery?: { state: 'delivered' | 'pending' | 'failed'; reason?: string };
  /** The result (or reasoned refusal) has reached the State Corporation's workstation. */
  handedToStateCorporation?: boolean;
  timeline: TimelineEntry[];
  /** Where the walk waits for a provider decision (decisionMode `provider`). */
  pending?: { step: string; check: string; since: string };
  outcome?: Outcome;
  document?: ResultDocument;
  /** The back-office time along the path walked, per unit. */
  term: Partial<Record<DurationUnit, number>>;
  /** When the outcome is reached (virtual time). */
  deadline?: string;
}

export interface Notification {
  id: string;
  applicationId: string;
  at: string;
  code: string;
  message: LocalisedText;
}

interface ApplicationState {
  seq: number;
  byId: Map<string, ApplicationRecord>;
  /** Digests of signed submissions already accepted: a replay is refused. */
  signatures: Map<string, string>;
  notifications: Notification[];
  /** Outcomes whose effects (result document, licence, State Corporation hand-over) wait for the clock. */
  due: { applicationId: string; step: string; at: number }[];
}

/** The per-tenant store of applications. */
export function applicationState(tenant: Tenant): ApplicationState {
  return tenant.slice<ApplicationState>('applications', () => ({ seq: 0, byId: new Map(), signatures: new Map(), notifications: [], due: [] }));
}

export function nextApplicationId(tenant: Tenant, at: Date): string {
  const state = applicationState(tenant);
  state.seq += 1;
  return `APP-${at.getUTCFullYear()}-${String(state.seq).padStart(6, '0')}`;
}

/** The status a client sees at the virtual `now`: the walk is computed ahead, the clock reveals it. */
export type ApplicationStatus = 'in-progress' | 'awaiting-decision' | 'completed' | 'refused';

export function statusAt(record: ApplicationRecord, now: Date): ApplicationStatus {
  if (record.pending) return 'awaiting-decision';
  if (!record.outcome || Date.parse(record.outcome.at) > now.getTime()) return 'in-progress';
  return record.outcome.kind === 'refusal' || record.outcome.result === 'refused' ? 'refused' : 'completed';
}

/** What a client sees of an application at `now`: steps not yet reached are marked scheduled, the outcome hidden until then. */
export function viewAt(record: ApplicationRecord, now: Date): Record<string, unknown> {
  const status = statusAt(record, now);
  const reached = status === 'completed' || status === 'refused';
  return {
    id: record.id,
    service: record.service,
    variant: record.variant,
    channel: record.channel,
    applicantIin: record.applicantIin,
    ...(record.representativeIin ? { representativeIin: record.representativeIin } : {}),
    submittedBy: record.submittedBy,
    submittedAt: record.submittedAt,
    status,
    deadline: record.deadline ?? null,
    term: record.term,
    timeline: record.timeline.map((e) => ({ ...e, state: Date.parse(e.at) <= now.getTime() ? 'done' : 'scheduled' })),
    pending: record.pending ?? null,
    outcome: reached ? record.outcome : null,
    document: reached && record.document ? record.document : null,
    delivery: reached ? (record.delivery ?? null) : null,
    ...(record.forwardingId ? { forwardingId: record.forwardingId } : {}),
  };
}
