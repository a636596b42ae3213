/**
 * The checks behind the conditions (шарт). Automated ones ask their system through the SHEP gateway; a gateway
 * fault (system down, timeout) is `unavailable`, which the condition sends to its `onUnavailable` step (else
 * `onFail`): the regulation's "data cannot be obtained". Human decisions are read by {@link decide}.
 * @see ./names.ts for what each asserts
 */
import { escapeXml } from '../../core/xml.js';
import { hasTrait } from '../../personas/persona.js';
import { LICENCE_TYPE_INFO, LICENCE_TYPES } from '../../systems/elicense/register.js';
import type { ApplicationRecord } from '../applications.js';
import type { CheckName, DecisionCheckName } from './names.js';
import type { Check, CheckContext, CheckOutcome, ShepAnswer } from './types.js';

/** Gateway faults that mean the system did not answer (anything the system says is data). */
const UNAVAILABLE_FAULTS = new Set(['SYSTEM_UNAVAILABLE', 'SYSTEM_TIMEOUT']);

/** The system did not answer: `unavailable`. Any other fault is a message the engine built wrong: a bug, thrown. */
function unavailable(answer: ShepAnswer, system: string): CheckOutcome | undefined {
  if (answer.ok) return undefined;
  if (UNAVAILABLE_FAULTS.has(answer.faultCode ?? '')) return { outcome: 'unavailable', detail: `${system}: ${answer.faultCode}` };
  throw new Error(`${system} refused the engine's message: ${answer.faultCode} ${answer.faultMessage ?? ''}`);
}

/** The state fee invoiced by the portal: the sandbox's figure (the seeds name the fee, not its amount). */
const FEE_AMOUNT = '4325.00';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The persona traits that make a human decision fail (or take a branch) when the application gives none. */
const DECISION_TRAITS: Record<DecisionCheckName, [trait: string, outcome: string][]> = {
  'documents.complete': [['docs-incomplete', 'fail']],
  'documents.compliant': [['docs-noncompliant', 'fail']],
  'provider.qualification': [['qualification-fail', 'fail']],
  'provider.noRefusalGround': [['refusal-ground', 'fail']],
  'commission.admits': [['commission-refuses', 'fail']],
  'attestation.result': [
    ['attestation-no-show', 'noShow'],
    ['attestation-fails', 'fail'],
  ],
};

/**
 * A human decision: the application's `decisions[name]` (true / false / a branch name), else the applicant's
 * persona traits, else pass.
 */
export function decide(ctx: CheckContext, name: DecisionCheckName): CheckOutcome {
  const given = ctx.application.decisions[name];
  if (given !== undefined) return { outcome: given === true ? 'pass' : given === false ? 'fail' : String(given), detail: 'decision given with the application' };
  const persona = ctx.persona(ctx.application.applicantIin);
  for (const [trait, outcome] of DECISION_TRAITS[name]) {
    if (persona && hasTrait(persona, trait)) return { outcome, detail: `persona trait ${trait}` };
  }
  return { outcome: 'pass' };
}

/** The regulation's documents for this application's channel and variant. */
export function requiredDocuments(ctx: Pick<CheckContext, 'regulation' | 'application'>): string[] {
  const { regulation, application } = ctx;
  return regulation.documents
    .filter((d) => (!d.variants || d.variants.includes(application.variant)) && (!d.channels || d.channels.includes(application.channel)))
    .map((d) => d.id);
}

function licenceTypeOf(service: string): string | undefined {
  return LICENCE_TYPES.find((t) => LICENCE_TYPE_INFO[t].service === service);
}

export const CHECKS: Record<CheckName, Check> = {
  // The application exists only behind a portal session (or an operator's / employee's signature), so
  // authentication has passed by the time the engine runs; a failed login never reaches it (see the login route).
  'portal.authenticated': async () => ({ outcome: 'pass', detail: 'portal session' }),

  'eds.valid': async ({ application }) =>
    application.signature.unavailable
      ? { outcome: 'unavailable', detail: `the certificate could not be checked: ${application.signature.failures.join('; ')}` }
      : application.signature.valid
      ? { outcome: 'pass', detail: `signed by ${application.signature.signerIin}` }
      : { outcome: 'fail', detail: application.signature.failures.join('; ') },

  'payments.feePaid': async (ctx) => {
    const { application } = ctx;
    const payer = application.applicantIin;
    const paperReceipt = application.documents.includes('payment-receipt') || hasTrait(ctx.persona(payer) ?? { traits: [] }, 'fee-paper-receipt');
    const invoiceId = str(application.form.invoiceId);
    let answer: ShepAnswer;
    if (invoiceId) {
      // An invoice the applicant paid beforehand: theirs, for this service, and used once (by this application).
      const status = await ctx.shep('PAYMENTS_StatusSync', `<invoiceId>${escapeXml(invoiceId)}</invoiceId>`);
      const statusDown = unavailable(status, 'payments');
      if (statusDown) return statusDown;
      const invoice = (status.data?.invoice ?? {}) as Record<string, unknown>;
      if (!invoice.id) return { outcome: 'fail', detail: `ЭҮТШ: no invoice ${invoiceId}` };
      const payers = [application.applicantIin, application.representativeIin].filter(Boolean);
      if (!payers.includes(str(invoice.payerIin)) || str(invoice.serviceSlug) !== application.service) {
        return { outcome: 'fail', detail: `ЭҮТШ: invoice ${invoiceId} is ${str(invoice.payerIin)}'s for ${str(invoice.serviceSlug)}, not this application's` };
      }
      // Paid before the application existed, so the invoice names no application of ours: used without one.
      const used = await ctx.shep('PAYMENTS_UseSync', `<invoiceId>${escapeXml(invoiceId)}</invoiceId>`);
      const usedDown = unavailable(used, 'payments');
      if (usedDown) return usedDown;
      const code = str((used.data?.result as Record<string, unknown> | undefined)?.code);
      return code === 'OK' ? { outcome: 'pass', detail: `ЭҮТШ: invoice ${invoiceId} used` } : { outcome: 'fail', detail: `ЭҮТШ: ${code}` };
    } else {
      // The portal issues the fee invoice for the application and the applicant pays it (the persona's fee-* trait decides how).
      const amount = FEE_AMOUNT;
      const created = await ctx.shep(
        'PAYMENTS_InvoiceSync',
        `<payerIin>${payer}</payerIin><amount>${escapeXml(amount)}</amount><serviceSlug>${escapeXml(application.service)}</serviceSlug><applicationId>${application.id}</applicationId>`,
      );
      const down = unavailable(created, 'payments');
      if (down) return down;
      const id = str((created.data?.invoice as Record<string, unknown> | undefined)?.id);
      answer = await ctx.shep('PAYMENTS_PaySync', `<invoiceId>${escapeXml(id)}</invoiceId>`);
    }
    const down = unavailable(answer, 'payments');
    if (down) return down;
    const status = str((answer.data?.invoice as Record<string, unknown> | undefined)?.status);
    if (status === 'CONFIRMED' || status === 'USED') return { outcome: 'pass', detail: `ЭҮТШ: invoice ${status}` };
    if (paperReceipt && ctx.reading('paperReceipt') === 'accept') return { outcome: 'pass', detail: 'paper receipt accepted (reading paperReceipt=accept)' };
    return { outcome: 'fail', detail: `ЭҮТШ: ${str((answer.data?.result as Record<string, unknown> | undefined)?.code) || 'no payment'}${status ? `, invoice ${status}` : ''}` };
  },

  'gbdfl.personExists': async (ctx) => personInGbdfl(ctx, ctx.application.applicantIin),

  'gbdfl.representativeExists': async (ctx) => {
    const iin = ctx.application.representativeIin;
    if (!iin) return { outcome: 'pass', detail: 'no representative' };
    if (ctx.reading('representativeInGbdfl') === 'not-checked') return { outcome: 'pass', detail: 'representative not checked (reading representativeInGbdfl=not-checked)' };
    return personInGbdfl(ctx, iin);
  },

  'aisSu.criminalRecordObtained': async (ctx) => {
    const answer = await ctx.shep('AISSU_CriminalRecordSync', `<iin>${ctx.application.applicantIin}</iin>`);
    const down = unavailable(answer, 'ais-su');
    if (down) return down;
    const status = str(answer.data?.status);
    return status === 'NO_RECORD' || status === 'RECORD' ? { outcome: 'pass', detail: `АИС СУ: ${status}` } : { outcome: 'fail', detail: `АИС СУ: ${status}` };
  },

  'aisSu.noConviction': async (ctx) => {
    const answer = await ctx.shep('AISSU_CriminalRecordSync', `<iin>${ctx.application.applicantIin}</iin>`);
    const down = unavailable(answer, 'ais-su');
    if (down) return down;
    const status = str(answer.data?.status);
    return status === 'RECORD' ? { outcome: 'fail', detail: 'АИС СУ: an unexpunged conviction' } : { outcome: 'pass', detail: `АИС СУ: ${status}` };
  },

  'aisSu.archiveRecords': async (ctx) => {
    const answer = await ctx.shep('AISSU_ArchiveSearchSync', `<iin>${ctx.application.applicantIin}</iin>`);
    const down = unavailable(answer, 'ais-su');
    if (down) return down;
    return str(answer.data?.result) === 'FOUND' ? { outcome: 'pass', detail: 'archive: records found' } : { outcome: 'fail', detail: 'archive: no records' };
  },

  'legalStats.prosecutorClean': async (ctx) => registerClean(ctx, 'prosecutor'),
  'legalStats.bbtClean': async (ctx) => registerClean(ctx, 'bbt'),

  'legalStats.adminOffences': async (ctx) => {
    const answer = await ctx.shep('LEGALSTATS_AdminOffencesSync', `<iin>${ctx.application.applicantIin}</iin>`);
    const down = unavailable(answer, 'legal-stats');
    if (down) return down;
    return str(answer.data?.result) === 'RECORDS_FOUND' ? { outcome: 'pass', detail: 'offences recorded' } : { outcome: 'fail', detail: 'no offences recorded' };
  },

  'notary.powerOfAttorney': async (ctx) => {
    const { application } = ctx;
    if (!application.representativeIin) return { outcome: 'pass', detail: 'no representative' };
    const answer = await ctx.shep(
      'NOTARY_PowerOfAttorneyCheckSync',
      `<principalIin>${application.applicantIin}</principalIin><representativeIin>${application.representativeIin}</representativeIin><service>${escapeXml(application.service)}</service>`,
    );
    const down = unavailable(answer, 'notary');
    if (down) return down;
    const result = str(answer.data?.result);
    if (result === 'FOUND_VALID') return { outcome: 'pass', detail: 'БНАЖ: FOUND_VALID' };
    // The text asks only that the power of attorney exists (seed 003 L45); the strict reading also wants it in force.
    if ((result === 'EXPIRED' || result === 'REVOKED' || result === 'OUT_OF_SCOPE') && ctx.reading('strictPowerOfAttorney') !== 'strict') {
      return { outcome: 'pass', detail: `БНАЖ: ${result}, accepted (reading strictPowerOfAttorney=literal)` };
    }
    return { outcome: 'fail', detail: `БНАЖ: ${result}` };
  },

  'elicense.licenceHeld': async (ctx) => {
    const type = licenceTypeOf(ctx.application.service);
    if (!type) return { outcome: 'fail', detail: `no licence type for ${ctx.application.service}` };
    const answer = await ctx.shep('ELICENSE_LicenseSync', `<holderIin>${ctx.application.applicantIin}</holderIin><type>${type}</type>`);
    const down = unavailable(answer, 'elicense');
    if (down) return down;
    const list = answer.data?.licences as { licence?: Record<string, unknown>[] } | undefined;
    const licences = typeof list === 'object' && Array.isArray(list.licence) ? list.licence : [];
    const active = licences.find((l) => str(l.status) === 'active');
    if (!active) return { outcome: 'fail', detail: licences.length ? `no active licence (${licences.map((l) => `${str(l.number)} ${str(l.status)}`).join(', ')})` : 'no licence in the register' };
    ctx.application.licenceNumber = str(active.number);
    return { outcome: 'pass', detail: `licence ${str(active.number)}` };
  },

  'stateCorporation.packageAccepted': async (ctx) => {
    const { application } = ctx;
    const answer = await ctx.shep('SC_PackageCheckSync', packageCheckData(application));
    const down = unavailable(answer, 'state-corporation');
    if (down) return down;
    const check = (answer.data?.check ?? {}) as Record<string, unknown>;
    if (check.id) application.packageCheckId = str(check.id);
    if (str(check.outcome) === 'accepted') return { outcome: 'pass', detail: `package ${str(check.id)} accepted` };
    const receipt = (check.receipt ?? {}) as Record<string, unknown>;
    return { outcome: 'fail', detail: `refused to accept: receipt ${str(receipt.number) || str((answer.data?.result as Record<string, unknown> | undefined)?.code)}` };
  },

  'documents.complete': async (ctx) => {
    const missing = requiredDocuments(ctx).filter((d) => !ctx.application.documents.includes(d));
    if (missing.length) return { outcome: 'fail', detail: `missing: ${missing.join(', ')}` };
    return decide(ctx, 'documents.complete');
  },
  'documents.compliant': async (ctx) => {
    const issuedOn = ctx.application.form.medicalCertificatesIssuedOn;
    const rule = ctx.reading('medicalCertificateAge');
    if (rule && typeof issuedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(issuedOn)) {
      // "кемінде бір ай бұрын" (seed 000 L134): literally "at least a month before"; meant: at most a month old.
      const monthAgo = new Date(ctx.at);
      monthAgo.setUTCMonth(monthAgo.getUTCMonth() - 1);
      const limit = monthAgo.toISOString().slice(0, 10);
      const fresh = issuedOn >= limit;
      const ok = rule === 'atLeastOneMonthOld' ? !fresh : fresh;
      if (!ok) return { outcome: 'fail', detail: `medical certificates issued ${issuedOn}: ${rule === 'atLeastOneMonthOld' ? 'less' : 'more'} than a month before (reading medicalCertificateAge=${rule})` };
    }
    return decide(ctx, 'documents.compliant');
  },
  'provider.qualification': async (ctx) => decide(ctx, 'provider.qualification'),
  'provider.noRefusalGround': async (ctx) => decide(ctx, 'provider.noRefusalGround'),
  'commission.admits': async (ctx) => decide(ctx, 'commission.admits'),
  'attestation.result': async (ctx) => decide(ctx, 'attestation.result'),
};

/** The `SC_PackageCheckSync` data of an application: the operator, the service, the parties and the documents handed over. */
export function packageCheckData(application: ApplicationRecord): string {
  const documents = application.documents.map((d) => `<document>${escapeXml(d)}</document>`).join('');
  return (
    `<operatorIin>${application.submittedBy.iin}</operatorIin><service>${escapeXml(application.service)}</service><applicantIin>${application.applicantIin}</applicantIin>` +
    (application.representativeIin ? `<representativeIin>${application.representativeIin}</representativeIin>` : '') +
    `<documents>${documents}</documents>`
  );
}

async function personInGbdfl(ctx: CheckContext, iin: string): Promise<CheckOutcome> {
  const answer = await ctx.shep('GBDFL_UniversalServiceSync', `<iin>${iin}</iin>`);
  const down = unavailable(answer, 'gbdfl');
  if (down) return down;
  const code = str((answer.data?.messageResult as Record<string, unknown> | undefined)?.code);
  return code === '00000' ? { outcome: 'pass', detail: `ЖТ МДҚ: ${iin} found` } : { outcome: 'fail', detail: `ЖТ МДҚ: ${iin} not found (${code})` };
}

async function registerClean(ctx: CheckContext, register: 'prosecutor' | 'bbt'): Promise<CheckOutcome> {
  const answer = await ctx.shep('LEGALSTATS_RegisterCheckSync', `<iin>${ctx.application.applicantIin}</iin><register>${register}</register>`);
  const down = unavailable(answer, 'legal-stats');
  if (down) return down;
  return str(answer.data?.result) === 'HIT' ? { outcome: 'fail', detail: `${register}: HIT` } : { outcome: 'pass', detail: `${register}: CLEAR` };
}
