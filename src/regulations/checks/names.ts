/**
 * The named checks a regulation's conditions (шарт) may run. Each name is one assertion; its
 * implementation is in this folder (see ./index.ts). The catalogue refuses a regulation naming any other.
 *
 * Automated checks ask a system through the SHEP gateway; a system that cannot answer gives the
 * outcome `unavailable` (the regulations' "data cannot be obtained"). Human decisions (провайдер, комиссия)
 * come from the application's `decisions`, else the persona's traits, else pass; see docs/regulations.md.
 */
export const AUTOMATED_CHECKS = [
  /** Portal login: IIN and password authentic (ЖСН мен пароль түпнұсқалығы). */
  'portal.authenticated',
  /** The applicant's SIGN certificate: validity period, not revoked, IIN = the applicant's (ЭЦҚ тіркеу куәлігінің түпнұсқалылығы). */
  'eds.valid',
  /** The state fee is paid through ЭҮТШ (төлем). */
  'payments.feePaid',
  /** The applicant is in GBD FL (ЖТ МДҚ), asked with GBDFL_UniversalServiceSync. */
  'gbdfl.personExists',
  /** The legal representative is in GBD FL (seed 004 C, configurable). */
  'gbdfl.representativeExists',
  /** АИС СУ answers criminal-record data on the applicant (fails on "no data"). */
  'aisSu.criminalRecordObtained',
  /** АИС СУ holds no unexpunged conviction (a reading: the seeds do not say; see the ambiguity cited). */
  'aisSu.noConviction',
  /** The special-records archive holds records on the person (seed 004 C): fail = the "no information" reply. */
  'aisSu.archiveRecords',
  /** ҚР БП ҚСЖАЕК АЖ has no adverse record (seed 002). */
  'legalStats.prosecutorClean',
  /** ББТ has no entry on the person (seed 002; the register's reading is configurable). */
  'legalStats.bbtClean',
  /** The legal-statistics system holds administrative-offence records (seed 004 D): fail = "no records" reply. */
  'legalStats.adminOffences',
  /** A representative's notarised power of attorney is in БНАЖ (сенімхат); passes when there is no representative. */
  'notary.powerOfAttorney',
  /** Re-issue / duplicate: the applicant holds a licence of this kind in the e-licensing register. */
  'elicense.licenceHeld',
  /** The State Corporation operator accepted the package (else: refusal to accept, with a receipt). */
  'stateCorporation.packageAccepted',
] as const;

export const DECISION_CHECKS = [
  /** The package is complete (құжаттардың толықтығы): also fails when a required document is missing. */
  'documents.complete',
  /** The documents meet the requirements (талаптарға сәйкестігі). */
  'documents.compliant',
  /** The applicant meets the qualification requirements / grounds for a licence (біліктілік талаптары). */
  'provider.qualification',
  /** No ground for refusal of the Standard applies (бас тарту негіздері). */
  'provider.noRefusalGround',
  /** The commission admits the candidate to attestation (аттестаттауға жіберу). */
  'commission.admits',
  /** The attestation's result: `pass`, `fail` or `noShow` (келмеген). */
  'attestation.result',
] as const;

export const CHECK_NAMES = [...AUTOMATED_CHECKS, ...DECISION_CHECKS] as const;

export type AutomatedCheckName = (typeof AUTOMATED_CHECKS)[number];
export type DecisionCheckName = (typeof DECISION_CHECKS)[number];
export type CheckName = (typeof CHECK_NAMES)[number];

export function isDecisionCheck(name: string): name is DecisionCheckName {
  return (DECISION_CHECKS as readonly string[]).includes(name);
}

/**
 * The reading options the checks read, with their values (the first is the literal reading of the text). A
 * regulation naming one of these options must offer exactly these values; other options document a human
 * decision's reading and are given to the provider with the application.
 */
export const READING_OPTIONS: Record<string, { values: string[]; meaning: string }> = {
  paperReceipt: { values: ['accept', 'reject'], meaning: 'payments.feePaid: a scanned paper receipt counts as the payment (accept) or not (reject)' },
  strictPowerOfAttorney: { values: ['literal', 'strict'], meaning: 'notary.powerOfAttorney: a power of attorney that exists but is expired, revoked or out of scope passes (literal) or counts as absent (strict)' },
  medicalCertificateAge: {
    values: ['notOlderThanOneMonth', 'atLeastOneMonthOld'],
    meaning:
      "documents.compliant: with the form's medicalCertificatesIssuedOn (YYYY-MM-DD), the certificates must be at most a month old (notOlderThanOneMonth) or, literally, issued at least a month before (atLeastOneMonthOld)",
  },
  representativeInGbdfl: { values: ['checked', 'not-checked'], meaning: "gbdfl.representativeExists: the legal representative's GBD FL record is asked (checked) or not (not-checked)" },
};
