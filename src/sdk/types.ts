/**
 * The shapes the SDK answers: portal sessions, the application view (status, timeline, outcome, document), the
 * regulation of a service, the admin API's clock, faults and journal. System answers the SDK does not model in
 * detail are {@link JsonObject}s; their docs (docs/systems/*.md) give the fields.
 * @see ../../docs/sdk.md
 */
import type { ChannelId, Citation, DurationUnit, LocalisedText, Regulation, ResultOutcome, StepKind } from '../regulations/types.js';

export type { ChannelId, Citation, DurationUnit, LocalisedText, Regulation, ResultOutcome, StepKind };

/** Any JSON object the sandbox answers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = Record<string, any>;

/** A portal session (`POST /portal/sessions`, `POST /portal/sessions/eds`). */
export interface PortalSession {
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  iin: string;
  method: 'password' | 'eds';
  /** Sessions last 8 hours of the tenant's virtual time. */
  expiresAt: string;
}

/** The status an application shows at the tenant's virtual now. */
export type ApplicationStatus = 'in-progress' | 'awaiting-decision' | 'completed' | 'refused';

/** A step walked (or scheduled) on the application's timeline. */
export interface TimelineEntry {
  step: string;
  kind: StepKind;
  number: string;
  actor: string;
  title: { kk?: string; en: string };
  at: string;
  duration?: { value: number; unit: DurationUnit };
  /** `done`, a check's outcome (`pass`, `fail`, `unavailable`, a branch), `refused`, `issued`. */
  outcome: string;
  detail?: string;
  citation: Citation;
  inferred?: boolean;
  /** `scheduled` until the virtual clock reaches `at`. */
  state: 'done' | 'scheduled';
}

/** How an application ended: a refusal or a result, with its code, message and citation. */
export interface Outcome {
  kind: 'refusal' | 'result';
  code: string;
  message: LocalisedText;
  citation: Citation;
  step: string;
  at: string;
  result?: ResultOutcome;
}

/** The result document (licence, certificate, decision...) signed by the provider. */
export interface ResultDocument {
  kind: string;
  title: LocalisedText;
  number: string;
  issuedAt: string;
  signedXml: string;
  signedBy: string;
}

/** An application as the portal and the provider show it (`GET /portal/applications/{id}`). */
export interface ApplicationView {
  id: string;
  service: string;
  variant: string;
  channel: ChannelId;
  applicantIin: string;
  representativeIin?: string;
  submittedBy: { iin: string; role: 'applicant' | 'provider-employee' | 'sc-operator' };
  submittedAt: string;
  status: ApplicationStatus;
  /** When the outcome is reached on the virtual clock (null while the walk waits for a decision). */
  deadline: string | null;
  term: Partial<Record<DurationUnit, number>>;
  timeline: TimelineEntry[];
  /** Where the walk waits for a provider decision (`decisionMode: 'provider'`). */
  pending: { step: string; check: string; since: string } | null;
  /** Null until the virtual clock reaches the deadline. */
  outcome: Outcome | null;
  document: ResultDocument | null;
  forwardingId?: string;
}

/** The personal cabinet (`GET /portal/cabinet`). */
export interface Cabinet {
  iin: string;
  applications: ApplicationView[];
  notifications: { id: string; applicationId: string; at: string; code: string; message: LocalisedText }[];
}

/** A service as `GET /portal/services` lists it. */
export interface ServiceSummary {
  id: string;
  title: LocalisedText;
  seed: string;
  provider: LocalisedText;
  variants: { id: string; title: LocalisedText }[];
  channels: { id: ChannelId; title: LocalisedText; signer: 'applicant' | 'provider-employee' | 'sc-operator' }[];
}

/** A refusal or result code (`GET /portal/refusal-codes`). */
export type OutcomeCode = JsonObject & { code: string };

/** The tenant's virtual clock (`GET /__admin/clock`). */
export interface ClockState {
  now: string;
  offsetMs: number;
  frozen: boolean;
}

/** A fault on one system (`POST /__admin/faults`); fields left out keep their value. */
export interface FaultSpec {
  down?: boolean;
  /** Real milliseconds added to every call. */
  latencyMs?: number;
  timeout?: boolean;
  /** Share of calls (0..1) that fail as unavailable, drawn from `seed`. */
  errorRate?: number;
  seed?: number;
}

/** One gateway message in the tenant's journal (`GET /__admin/journal`): the sandbox's own shape. */
export type { JournalEntry } from '../core/journal.js';

/** A submission on any channel: what `portal.submit`, `provider.submit` and `stateCorporation.submit` take. */
export interface SubmissionInput {
  /** The service id (`GET /portal/services`). */
  service: string;
  /** Default: the service's only variant; required when it has several. */
  variant?: string;
  /** Default: the portal session's IIN (portal); required on the other channels. */
  applicantIin?: string;
  representativeIin?: string;
  /** Default `{}`: flat fields (text, numbers, booleans). `invoiceId` names a fee invoice the applicant paid (theirs, for this service; used once). */
  form?: Record<string, unknown>;
  /** Default: every document the service requires for the variant and channel. */
  documents?: string[];
  /** Human decisions taken in advance (`documents.complete`, `commission.admits`...). */
  decisions?: Record<string, string | boolean>;
  /** `provider`: the walk waits at each human decision for `provider.decide`. Default `auto`. */
  decisionMode?: 'auto' | 'provider';
  /** The service's reading options (its `ambiguities[].option`). */
  readings?: Record<string, string>;
}
