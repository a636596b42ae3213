/**
 * The shape of a regulation file (регламент) in `fixtures/regulations/`, validated by
 * `schemas/regulation.schema.json`. One file per state service; see docs/regulations.md.
 *
 * A channel is a graph of steps exactly as the seed text numbers them: `process` (үдеріс), `condition`
 * (шарт: runs a named check, goes to `next` on pass and `onFail` on failure), `refusal` (бас тарту) and
 * `result` (нәтиже). Every step carries its citation into the seed.
 */

/** Kazakh as in the seed, Russian and English ours. */
export interface LocalisedText {
  kk: string;
  ru: string;
  en: string;
}

/** Where a thing comes from: the seed file, its lines ("190-192", "43-45,49") and the text's own step number. */
export interface Citation {
  seed: string;
  lines: string;
  step?: string;
}

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'calendarDays' | 'workingDays';

export interface Duration {
  value: number;
  unit: DurationUnit;
}

export type ChannelId = 'portal' | 'provider' | 'stateCorporation';
export type StepKind = 'process' | 'condition' | 'refusal' | 'result';

/**
 * How a result ends the application: `granted` (the licence, the certificate), `negative` (failed attestation:
 * a result, not a refusal), `informational` (an archive reply that nothing was found), `refused` (a refusal
 * letter delivered as the result).
 */
export type ResultOutcome = 'granted' | 'negative' | 'informational' | 'refused';

export interface Step {
  /** Namespaced by where the text numbers it (`d1.p3`, `ch3.s5`, `sc.c1`), because numbers repeat across chapters. */
  id: string;
  kind: StepKind;
  /** The text's own number for it, e.g. "3-үдеріс", "1-шарт", "ch.3 step 4a". */
  number: string;
  /** Who does it: applicant, portal, provider unit, commission, a system. */
  actor: string;
  title: { kk?: string; en: string };
  citation: Citation;
  /** Back-office time the step takes, scheduled on the tenant's virtual clock. */
  duration?: Duration;
  /** Per-variant durations (re-issue 2 wd, duplicate 1 wd...), overriding `duration`. */
  durationByVariant?: Record<string, Duration>;
  /**
   * Durations by a reading option's value, where the text gives two terms for the step (calendar vs working
   * days): `{ option: 'termReading', durations: { chapter4: {...}, chapters2and3: {...} } }`. A variant's
   * duration (`durationByVariant`) comes first.
   */
  durationByReading?: { option: string; durations: Record<string, Duration> };
  /** Only on these variants; other variants pass straight to `next`. */
  variants?: string[];
  /**
   * process: what the sandbox does at this step besides taking its time. `stateCorporation.forward`: the
   * operator-signed request goes to ӨЭҮШ АЖО and is registered (seed 003 L47-L48, 004 L111-L113).
   */
  action?: 'stateCorporation.forward';
  /** Next step (process, or a condition's pass branch). Absent on a final step. */
  next?: string;
  /** condition: the named check. */
  check?: string;
  /**
   * condition: the text repeats an earlier condition's check on the same evidence (seed 004's conditions 2 and
   * 3 are identical): the outcome is that condition's, so this one's failure edge, kept as the text has it, is
   * never walked once the earlier one passed. The conformance harness counts only its pass edge.
   */
  repeatOf?: string;
  /** condition: where a failed check goes. */
  onFail?: string;
  /** condition: where a check goes when its system cannot answer (default: `onFail`). */
  onUnavailable?: string;
  /** condition: extra named outcomes of the check (e.g. attestation `noShow`) and their steps. */
  branches?: Record<string, string>;
  /** refusal / result: the stable outcome code (upper-snake). */
  code?: string;
  /** refusal / result: what the applicant is told. */
  message?: LocalisedText;
  /** result: how it ends the application. */
  outcome?: ResultOutcome;
  /** result: the document issued (licence, decision, certificate, resolution, reply...). */
  document?: { kind: string; title: LocalisedText };
  /** result: another code, message or document for some variants (a re-issued licence, a duplicate). */
  resultByVariant?: Record<string, { code: string; message: LocalisedText; document?: { kind: string; title: LocalisedText } }>;
  /** result: where the applicant gets it. */
  delivery?: 'cabinet' | 'stateCorporation' | 'provider';
  /** True where the step or branch is our reading rather than the text's (the spec marks it "inferred"). */
  inferred?: boolean;
  /** Ambiguity ids (see `ambiguities`) that bear on this step. */
  ambiguities?: string[];
}

export interface Channel {
  id: ChannelId;
  title: LocalisedText;
  citation: Citation;
  /** The first step. */
  entry: string;
  /** Who signs what the channel submits: the applicant (portal), a provider employee, a State Corporation operator. */
  signer: 'applicant' | 'provider-employee' | 'sc-operator';
  steps: Step[];
}

export interface Variant {
  id: string;
  title: LocalisedText;
  citation: Citation;
}

export interface RequiredDocument {
  id: string;
  title: LocalisedText;
  citation: Citation;
  /** Only for these variants (all when absent). */
  variants?: string[];
  /** Only for these channels (all when absent). */
  channels?: ChannelId[];
}

/** A configurable reading: the option's name, its values and the default. */
export interface ReadingOption {
  name: string;
  values: string[];
  default: string;
}

export interface Ambiguity {
  id: string;
  /** The spec's own reference (e.g. "A-19", "B22"). */
  specRef?: string;
  citation: Citation;
  issue: string;
  choice: string;
  reason: string;
  option?: ReadingOption;
}

/** A row of the spec's scenario table and how the sandbox drives it. */
export interface Scenario {
  id: string;
  channel: ChannelId;
  variant?: string;
  /** The persona IIN that drives it. */
  persona: string;
  /** Representative (PoA) IIN when the application is made by one. */
  representative?: string;
  /** Human decisions given with the application (see docs/regulations.md). */
  decisions?: Record<string, string | boolean>;
  /** Submit with `decisionMode: provider` and take these decisions through `POST /provider/applications/{id}/decisions`. */
  providerDecisions?: boolean;
  /** Reading options set for this scenario. */
  readings?: Record<string, string>;
  /** Fields of the application form (e.g. `medicalCertificatesIssuedOn`). */
  form?: Record<string, unknown>;
  /** Documents left out of the package. */
  omitDocuments?: string[];
  /** A fault to inject on a system before submitting. */
  fault?: { system: string; mode: 'down' | 'timeout' };
  /** How the row is driven when it is not a plain submission: the portal login fails (no application is made). */
  drive?: 'login-fails';
  /** After the outcome, move the clock by an ISO period and expect the State Corporation's storage rule (seed 004 ¶10-¶11). */
  retention?: { after: string; expect: 'resultDestroyed' | 'documentsDestroyed' };
  expect: {
    /** Outcome code (result or refusal). */
    code: string;
    /** The step that produced the outcome. */
    step: string;
    /** Ids of the steps walked, in order (optional: asserted when given). */
    path?: string[];
    /** The back-office time along the path, when the spec gives one: summed per unit (15 working days + 1 hour). */
    term?: Partial<Record<DurationUnit, number>>;
  };
  note?: string;
}

export interface Regulation {
  $schema?: string;
  service: string;
  seed: string;
  title: LocalisedText;
  legal: {
    order: string;
    registration?: string;
    approvedBy?: string;
    repeal?: string;
    citation: Citation;
  };
  provider: LocalisedText;
  variants: Variant[];
  documents: RequiredDocument[];
  channels: Channel[];
  ambiguities: Ambiguity[];
  scenarios: Scenario[];
}
