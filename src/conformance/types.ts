/**
 * The conformance suite's shapes: the cases derived from the regulation files, how each is driven, what it
 * expects, and what a run found.
 * @see ../../docs/conformance.md
 */
import type { ChannelId, Citation, DurationUnit } from '../regulations/types.js';
import type { ConditionChoice } from './graph.js';

/** A fault as `POST /__admin/faults` takes it. */
export type FaultPlan = { system: string; mode: 'down' | 'timeout' } | { system: string; mode: 'error-rate'; errorRate: number; seed: number };

/** How a case is set up and driven through the API. */
export interface CaseDrive {
  /** The applicant's IIN. */
  applicant: string;
  /** A representative (power of attorney) who applies for the applicant. */
  representative?: string;
  /** `auto`: decisions go with the application; `provider`: each is taken through the provider's decisions API. */
  decisionMode: 'auto' | 'provider';
  /** Decisions by check name (true / false / a branch name). */
  decisions?: Record<string, string | boolean>;
  /** Provider mode: the decision at a given step, over `decisions`. */
  decisionsByStep?: Record<string, string | boolean>;
  readings?: Record<string, string>;
  /** Fields of the application form (e.g. `medicalCertificatesIssuedOn`). */
  form?: Record<string, unknown>;
  /** The documents of the package (the regulation's for the variant and channel, less any left out). */
  documents: string[];
  omitDocuments?: string[];
  /**
   * A fault injected before submitting: the system `down`, timing out, or failing a share of calls drawn from a
   * seeded generator (`error-rate`: the harness picks the seed whose first failing call is the one the path needs).
   */
  fault?: FaultPlan;
  /** A fault injected while the application waits for the provider's decision at `step`. */
  faultAt?: { step: string; system: string; mode: 'down' | 'timeout' };
  /** A licence of this type issued to the applicant in the tenant's e-licensing register before submitting. */
  licence?: string;
  /** The portal login is refused; no application is made. */
  login?: 'fails';
}

/** What a case expects to see. */
export interface CaseExpectation {
  kind: 'refusal' | 'result';
  code: string;
  /** The refusal or result step. */
  step: string;
  /** The step's citation, as the regulation file gives it. */
  citation: Citation;
  /** The steps walked; absent when neither the scenario nor the graph says which path it takes. */
  path?: string[];
  /** The back-office time along the path, per unit (only where the regulation scenario gives one). */
  term?: Partial<Record<DurationUnit, number>>;
}

/** One case of the suite: a regulation scenario row, or a path the harness drives itself. */
export interface SuiteCase {
  /** `service/SCENARIO-ID` for a regulation scenario; `service/channel/variant/choices` for a synthesized one. */
  id: string;
  service: string;
  channel: ChannelId;
  variant: string;
  origin: 'regulation' | 'synthesized';
  /** The regulation scenario's own id. */
  scenario?: string;
  title: string;
  tags: string[];
  drive: CaseDrive;
  expect: CaseExpectation;
  /** The conditions on the expected path and the outcome taken at each. */
  choices?: ConditionChoice[];
  /** How the persona and setup were chosen, or the regulation scenario's note. */
  note?: string;
}

/** A path no case can drive, and why. */
export interface SkippedPath {
  id: string;
  service: string;
  channel: ChannelId;
  variant: string;
  path: string[];
  reason: string;
  tags: string[];
}

export interface Suite {
  /** Service ids in the catalogue's order (after --service filtering). */
  services: string[];
  cases: SuiteCase[];
  skipped: SkippedPath[];
}

export type CaseStatus = 'passed' | 'failed' | 'expected-failure' | 'unexpected-pass';

/** What running one case found. */
export interface CaseResult {
  id: string;
  service: string;
  channel: ChannelId;
  variant: string;
  origin: SuiteCase['origin'];
  title: string;
  tags: string[];
  status: CaseStatus;
  /** The steps walked (the timeline); for a refused login only the refusal step the login answered (no timeline is seen). */
  path: string[];
  /** The outcome of each condition walked, as the timeline gives it (none for a refused login). */
  choices: { step: string; outcome: string }[];
  outcome: { kind: 'refusal' | 'result'; code: string; step: string } | null;
  citation: Citation | null;
  deadline: string | null;
  /** The assertions that failed, one line each. */
  failures: string[];
  /** The reason an expected failure was listed. */
  expectedFailure?: string;
  /** Wall time of the case, milliseconds. */
  durationMs: number;
  /** The tenant the case ran in. */
  tenant: string;
}
