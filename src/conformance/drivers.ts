/**
 * What drives each outcome of each check: the harness's model of the checks, used to pick the persona, the
 * decisions, the fault and the documents that walk a path no regulation scenario walks. The model reads the
 * same persona data the systems read, through the systems' own functions (АИС СУ's record state, the
 * Prosecutor's registers, the notary's power-of-attorney status, GBD FL's record), so it answers what the
 * sandbox will answer; the runner then checks it against the path actually walked.
 *
 * | check | pass | fail | unavailable |
 * |---|---|---|---|
 * | portal.authenticated | any registered persona | `drive: login-fails` with a `portal-unregistered` persona | - |
 * | eds.valid | a valid SIGN certificate | the signer has a `cert-sign-*` state (e.g. `cert-sign-expired`) | fault on `pki` |
 * | payments.feePaid | `fee-pays` (default) | `fee-not-paid`, `fee-declined`, `fee-timeout`, `fee-late-confirmation` | fault on `payments` |
 * | gbdfl.personExists | in GBD FL | `gbdfl-absent` | fault on `gbdfl` |
 * | gbdfl.representativeExists | no representative, or one in GBD FL | a `gbdfl-absent` representative | fault on `gbdfl` |
 * | aisSu.criminalRecordObtained | `crime-clean`, `crime-convicted` | `crime-no-data` | fault on `ais-su` |
 * | aisSu.noConviction | no unexpunged conviction | `crime-convicted` | fault on `ais-su` |
 * | aisSu.archiveRecords | `archive-records-found` | anyone else | fault on `ais-su` |
 * | legalStats.prosecutorClean | no entry | `prosecutor-record`, `crime-convicted` | fault on `legal-stats` |
 * | legalStats.bbtClean | no entry | `bbt-debtor` | fault on `legal-stats` |
 * | legalStats.adminOffences | `admin-offence-recorded` | anyone else | fault on `legal-stats` |
 * | notary.powerOfAttorney | no representative, or a valid PoA in scope | a representative with no PoA (`poa-absent`), or an expired / revoked / out-of-scope one under the strict reading | fault on `notary` |
 * | elicense.licenceHeld | the applicant holds a licence of the service's type (`licence-holder`, or one issued in the tenant's register first) | no such licence | fault on `elicense` |
 * | stateCorporation.packageAccepted | the whole package | a required document left out | fault on `state-corporation` |
 * | decisions (documents.*, provider.*, commission.admits, attestation.result) | `decisions: {check: true}` | `false` | - (named branches: the branch name) |
 *
 * A fault that must hit a system after an earlier check of the same system answered is injected while the
 * application waits for a provider decision between the two (`decisionMode: provider`).
 * @see ../regulations/checks/index.ts, ../../docs/conformance.md "Persona mapping"
 */
import { mulberry32 } from '../core/faults.js';
import type { Persona } from '../personas/persona.js';

import type { ChannelId } from '../regulations/types.js';
import { archiveRecordsOf, criminalRecordStatusOf } from '../systems/ais-su/record.js';
import { LICENCE_TYPE_INFO, LICENCE_TYPES } from '../systems/elicense/register.js';
import { gbdflRecordOf } from '../systems/gbdfl/record.js';
import { adminOffencesOf, bbtEntriesOf, prosecutorEntriesOf } from '../systems/legal-stats/registers.js';
import { statusOn } from '../systems/notary/service.js';
import { bankBehaviour } from '../systems/payments/invoice.js';

/** The system (fault target of `POST /__admin/faults`) each automated check asks. */
export const CHECK_SYSTEM: Readonly<Record<string, string>> = {
  'eds.valid': 'pki',
  'payments.feePaid': 'payments',
  'gbdfl.personExists': 'gbdfl',
  'gbdfl.representativeExists': 'gbdfl',
  'aisSu.criminalRecordObtained': 'ais-su',
  'aisSu.noConviction': 'ais-su',
  'aisSu.archiveRecords': 'ais-su',
  'legalStats.prosecutorClean': 'legal-stats',
  'legalStats.bbtClean': 'legal-stats',
  'legalStats.adminOffences': 'legal-stats',
  'notary.powerOfAttorney': 'notary',
  'elicense.licenceHeld': 'elicense',
  'stateCorporation.packageAccepted': 'state-corporation',
};

/** Traits a persona carries by default (docs/personas.md "Defaults"): they say nothing special about it. */
const DEFAULT_TRAITS = new Set(['gbdfl-present', 'crime-clean', 'fee-pays', 'portal-registered']);

/** The traits that make a persona special: how far it is from the happy path. */
export function notableTraits(persona: Persona): string[] {
  return persona.traits.filter((t) => !DEFAULT_TRAITS.has(t));
}

/** Everything a check's outcome depends on, as the harness will set it up. */
export interface DriveContext {
  service: string;
  channel: ChannelId;
  applicant: Persona;
  representative?: Persona;
  /** A reading option's value: the scenario's, else the regulation's default. */
  reading(option: string): string | undefined;
  /** The scenario's virtual date (Astana), YYYY-MM-DD. */
  today: string;
  /** A required document is left out of the package. */
  documentsOmitted: boolean;
  /** A licence of the service's type is issued to the applicant in the tenant's register before submitting. */
  licenceIssued: boolean;
  /** Systems down at the moment the check runs. */
  faults: ReadonlySet<string>;
}

/** The licence type an e-licensing service issues (advocacy, forensic-expert, private-bailiff), if any. */
export function licenceTypeOf(service: string): string | undefined {
  return LICENCE_TYPES.find((t) => LICENCE_TYPE_INFO[t].service === service);
}

/** Who signs on a channel, by trait (the portal: the applicant, or the representative who signs in). */
export const SIGNER_TRAIT: Readonly<Record<ChannelId, string | null>> = { portal: null, provider: 'provider-employee', stateCorporation: 'sc-operator' };

/** A SIGN certificate state that makes eds.valid fail (cert-sign-none cannot sign at all, so it drives nothing). */
function signCertificateBroken(persona: Persona): boolean {
  return persona.traits.some((t) => t.startsWith('cert-sign-') && t !== 'cert-sign-none');
}

/**
 * The outcome an automated check will give (`pass`, `fail`, `unavailable`), or undefined where the model cannot
 * tell (a decision check: those are given, not predicted).
 */
export function predictCheck(check: string, ctx: DriveContext): string | undefined {
  const system = CHECK_SYSTEM[check];
  if (system && ctx.faults.has(system)) return 'unavailable';
  const a = ctx.applicant;
  const verdict = (pass: boolean): string => (pass ? 'pass' : 'fail');
  switch (check) {
    case 'portal.authenticated':
      return 'pass';
    case 'eds.valid':
      // Provider and State Corporation channels: the employee or operator signs, with a valid certificate.
      if (ctx.channel !== 'portal') return 'pass';
      return verdict(!signCertificateBroken(ctx.representative ?? a));
    case 'payments.feePaid': {
      const behaviour = bankBehaviour(432500, a).behaviour;
      if (behaviour === 'pays') return 'pass';
      if (behaviour === 'paper-receipt') return verdict(ctx.reading('paperReceipt') === 'accept');
      return 'fail';
    }
    case 'gbdfl.personExists':
      return verdict(gbdflRecordOf(a) !== null);
    case 'gbdfl.representativeExists':
      if (!ctx.representative || ctx.reading('representativeInGbdfl') === 'not-checked') return 'pass';
      return verdict(gbdflRecordOf(ctx.representative) !== null);
    case 'aisSu.criminalRecordObtained': {
      const status = criminalRecordStatusOf(a);
      return verdict(status === 'NO_RECORD' || status === 'RECORD');
    }
    case 'aisSu.noConviction':
      return verdict(criminalRecordStatusOf(a) !== 'RECORD');
    case 'aisSu.archiveRecords':
      return verdict(archiveRecordsOf(a).length > 0);
    case 'legalStats.prosecutorClean':
      return verdict(prosecutorEntriesOf(a).length === 0);
    case 'legalStats.bbtClean':
      return verdict(bbtEntriesOf(a).length === 0);
    case 'legalStats.adminOffences':
      return verdict(adminOffencesOf(a).length > 0);
    case 'notary.powerOfAttorney':
      return ctx.representative ? verdict(powerOfAttorneyAccepted(ctx)) : 'pass';
    case 'elicense.licenceHeld': {
      const type = licenceTypeOf(ctx.service);
      if (!type) return 'fail';
      return verdict(ctx.licenceIssued || (a.licences ?? []).some((l) => l.type === type && (l.status ?? 'active') === 'active'));
    }
    case 'stateCorporation.packageAccepted':
      return verdict(!ctx.documentsOmitted);
    default:
      return undefined;
  }
}

/** БНАЖ's answer on the applicant's power of attorney to the representative, read as notary.powerOfAttorney does. */
function powerOfAttorneyAccepted(ctx: DriveContext): boolean {
  const rep = ctx.representative!.iin;
  const poas = (ctx.applicant.powersOfAttorney ?? []).filter((p) => p.representativeIin === rep && p.issuedOn <= ctx.today);
  if (poas.length === 0) return false;
  const inScope = (scope: string[]): boolean => scope.includes('*') || scope.includes(ctx.service);
  if (poas.some((p) => statusOn(p, ctx.today) === 'VALID' && inScope(p.scope))) return true;
  // Expired, revoked or out of scope: accepted only under the literal reading of strictPowerOfAttorney.
  return ctx.reading('strictPowerOfAttorney') === 'literal';
}

/** SHEP calls a check makes to its system (payments.feePaid: the invoice, then the payment). */
export const SHEP_CALLS: Readonly<Record<string, number>> = { 'payments.feePaid': 2 };

/** The smallest seed under which, at `errorRate`, calls 1..okCalls succeed and call okCalls + 1 fails. */
export function seedFailingAfter(okCalls: number, errorRate: number): number {
  for (let seed = 1; ; seed++) {
    const draw = mulberry32(seed);
    let ok = true;
    for (let i = 0; i < okCalls && ok; i++) ok = draw() >= errorRate;
    if (ok && draw() < errorRate) return seed;
  }
}

