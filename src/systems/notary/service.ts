/**
 * БНАЖ (Бірыңғай нотариалдық ақпараттық жүйе, the unified notary information system, ЕНИС): powers of
 * attorney (сенімхат / доверенность) as the personas grant them, with their status on the tenant's virtual
 * clock, and the check seed 003 makes when a representative applies for a principal.
 * The in-process service the REST routes and the SHEP gateway both call.
 * @see ../../../../shared/spec/003_6660126e624257da.md A.8, B.8, A.9 (A-SC-02, A-SC-05, A-SC-06)
 */
import { kazakhDate } from '../../core/calendar.js';
import { callSystem } from '../../core/system-call.js';
import type { Tenant } from '../../core/tenant-store.js';
import type { Persona } from '../../personas/persona.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import type { LocalisedText } from '../ais-su/record.js';
import { requireValidIin } from '../shared/identity.js';
import { notaryProblems } from './problems.js';

/** A power of attorney's status on a date. */
export type PowerOfAttorneyStatus = 'VALID' | 'EXPIRED' | 'REVOKED';

/** The answer of a check `{principalIin, representativeIin, service}`. */
export type PowerOfAttorneyCheckResult = 'FOUND_VALID' | 'NOT_FOUND' | 'EXPIRED' | 'REVOKED' | 'OUT_OF_SCOPE';

export const CHECK_RESULTS: readonly PowerOfAttorneyCheckResult[] = ['FOUND_VALID', 'NOT_FOUND', 'EXPIRED', 'REVOKED', 'OUT_OF_SCOPE'];

export const CHECK_MESSAGES: Record<PowerOfAttorneyCheckResult, LocalisedText> = {
  FOUND_VALID: { kk: 'Жарамды сенімхат табылды', ru: 'Найдена действующая доверенность', en: 'A valid power of attorney was found' },
  NOT_FOUND: {
    kk: 'БНАЖ-да бұл тұлғалар арасындағы сенімхат туралы мәліметтер жоқ',
    ru: 'Сведения о доверенности между этими лицами в ЕНИС отсутствуют',
    en: 'The notary system holds no power of attorney between these persons',
  },
  EXPIRED: { kk: 'Сенімхаттың қолданылу мерзімі өткен', ru: 'Срок действия доверенности истёк', en: 'The power of attorney has expired' },
  REVOKED: { kk: 'Сенімхаттың күші жойылған', ru: 'Доверенность отменена', en: 'The power of attorney has been revoked' },
  OUT_OF_SCOPE: {
    kk: 'Сенімхат бұл мемлекеттік қызметке қолданылмайды',
    ru: 'Доверенность не распространяется на данную государственную услугу',
    en: 'The power of attorney does not cover this service',
  },
};

/** A person as БНАЖ names them: the IIN, and the names when the person is a persona of the tenant. */
export interface PartyRecord {
  iin: string;
  surname?: string;
  name?: string;
  patronymic?: string;
}

/** A power of attorney as БНАЖ holds it. */
export interface PowerOfAttorneyRecord {
  number: string;
  status: PowerOfAttorneyStatus;
  principal: PartyRecord;
  representative: PartyRecord;
  notary?: string;
  /** Service slugs covered; `*` covers every service. */
  scope: string[];
  issuedOn: string;
  validUntil: string;
  revokedOn?: string;
}

export interface PowerOfAttorneySearch {
  principalIin?: string;
  representativeIin?: string;
  powersOfAttorney: PowerOfAttorneyRecord[];
  /** The tenant's virtual date (Astana) the statuses are computed on. */
  checkedOn: string;
}

export interface PowerOfAttorneyCheck {
  result: PowerOfAttorneyCheckResult;
  message: LocalisedText;
  principalIin: string;
  representativeIin: string;
  service: string;
  /** The power of attorney the result is about (absent for NOT_FOUND). */
  powerOfAttorney?: PowerOfAttorneyRecord;
  checkedOn: string;
}

export const SERVICE_SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

function party(iin: string, persona: Persona | undefined): PartyRecord {
  if (!persona) return { iin };
  return { iin, surname: persona.surname, name: persona.name, ...(persona.patronymic ? { patronymic: persona.patronymic } : {}) };
}

/** Its status on `today`: REVOKED from `revokedOn`, EXPIRED after `validUntil` (valid through that day), else VALID. */
export function statusOn(poa: { validUntil: string; revokedOn?: string }, today: string): PowerOfAttorneyStatus {
  if (poa.revokedOn !== undefined && poa.revokedOn <= today) return 'REVOKED';
  if (poa.validUntil < today) return 'EXPIRED';
  return 'VALID';
}

export class NotaryService {
  constructor(private readonly personas: PersonaRegistry) {}

  /**
   * Every power of attorney the tenant's personas granted, as registered on `today`: one issued after
   * `today` is not in the registry yet, and a revocation after `today` has not happened yet.
   */
  private registry(tenant: Tenant, today: string): PowerOfAttorneyRecord[] {
    const records: PowerOfAttorneyRecord[] = [];
    const seen = new Set<string>();
    for (const principal of this.personas.list(tenant)) {
      for (const poa of principal.powersOfAttorney ?? []) {
        if (poa.issuedOn > today || seen.has(poa.number)) continue;
        seen.add(poa.number);
        const revoked = poa.revokedOn !== undefined && poa.revokedOn <= today;
        records.push({
          number: poa.number,
          status: statusOn(poa, today),
          principal: party(principal.iin, principal),
          representative: party(poa.representativeIin, this.personas.get(tenant, poa.representativeIin)),
          ...(poa.notary ? { notary: poa.notary } : {}),
          scope: [...poa.scope],
          issuedOn: poa.issuedOn,
          validUntil: poa.validUntil,
          ...(revoked ? { revokedOn: poa.revokedOn } : {}),
        });
      }
    }
    return records;
  }

  private today(tenant: Tenant): string {
    return kazakhDate(tenant.clock.now());
  }

  /**
   * A power of attorney by its number, or null.
   * @throws SystemFaultError under an injected fault on `notary`
   */
  async byNumber(tenant: Tenant, number: string): Promise<PowerOfAttorneyRecord | null> {
    return callSystem(tenant, 'notary', () => this.registry(tenant, this.today(tenant)).find((p) => p.number === number) ?? null);
  }

  /**
   * Powers of attorney by principal IIN, by representative IIN, or by both (those between the two).
   * @throws ProblemError IIN_INVALID, POA_SEARCH_CRITERIA_MISSING; SystemFaultError under an injected fault
   */
  async search(tenant: Tenant, query: { principalIin?: string; representativeIin?: string }): Promise<PowerOfAttorneySearch> {
    const { principalIin, representativeIin } = query;
    if (principalIin === undefined && representativeIin === undefined) {
      throw notaryProblems.POA_SEARCH_CRITERIA_MISSING('Search by principalIin, representativeIin or both');
    }
    if (principalIin !== undefined) requireValidIin(principalIin, 'principalIin');
    if (representativeIin !== undefined) requireValidIin(representativeIin, 'representativeIin');
    return callSystem(tenant, 'notary', () => {
      const checkedOn = this.today(tenant);
      const powersOfAttorney = this.registry(tenant, checkedOn).filter(
        (p) => (principalIin === undefined || p.principal.iin === principalIin) && (representativeIin === undefined || p.representative.iin === representativeIin),
      );
      return { ...(principalIin ? { principalIin } : {}), ...(representativeIin ? { representativeIin } : {}), powersOfAttorney, checkedOn };
    });
  }

  /**
   * Whether `representativeIin` may act for `principalIin` in `service`: FOUND_VALID when a valid power of
   * attorney covers the service; OUT_OF_SCOPE when valid ones exist but none covers it; otherwise the status of
   * the latest-issued one (EXPIRED or REVOKED); NOT_FOUND when there is none.
   * @throws ProblemError IIN_INVALID, SERVICE_SLUG_INVALID; SystemFaultError under an injected fault
   */
  async check(tenant: Tenant, query: { principalIin: string; representativeIin: string; service: string }): Promise<PowerOfAttorneyCheck> {
    const { principalIin, representativeIin, service } = query;
    requireValidIin(principalIin, 'principalIin');
    requireValidIin(representativeIin, 'representativeIin');
    if (!SERVICE_SLUG.test(service)) {
      throw notaryProblems.SERVICE_SLUG_INVALID(`service must match ${SERVICE_SLUG.source}, got ${JSON.stringify(service.slice(0, 40))}`);
    }
    return callSystem(tenant, 'notary', () => {
      const checkedOn = this.today(tenant);
      const between = this.registry(tenant, checkedOn).filter((p) => p.principal.iin === principalIin && p.representative.iin === representativeIin);
      const covers = (p: PowerOfAttorneyRecord) => p.scope.includes('*') || p.scope.includes(service);
      const valid = between.filter((p) => p.status === 'VALID');
      const latest = [...between].sort((a, b) => b.issuedOn.localeCompare(a.issuedOn))[0];
      let result: PowerOfAttorneyCheckResult;
      let powerOfAttorney: PowerOfAttorneyRecord | undefined;
      if (valid.some(covers)) [result, powerOfAttorney] = ['FOUND_VALID', valid.find(covers)];
      else if (valid.length) [result, powerOfAttorney] = ['OUT_OF_SCOPE', valid[0]];
      else if (latest) [result, powerOfAttorney] = [latest.status === 'REVOKED' ? 'REVOKED' : 'EXPIRED', latest];
      else result = 'NOT_FOUND';
      return {
        result,
        message: CHECK_MESSAGES[result],
        principalIin,
        representativeIin,
        service,
        ...(powerOfAttorney ? { powerOfAttorney } : {}),
        checkedOn,
      };
    });
  }
}
