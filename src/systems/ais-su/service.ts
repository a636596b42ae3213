/**
 * "АИС СУ" АЖ (special records): the in-process service the REST routes and the SHEP gateway both call.
 * Criminal-record state by IIN, the additional check that completes after 5 working days on the tenant's
 * virtual clock, criminal-record certificates, and the special-records archive search of seed 004.
 */
import { type WorkingCalendar } from '../../core/calendar.js';
import { callSystem } from '../../core/system-call.js';
import type { Tenant } from '../../core/tenant-store.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import { requireValidIin } from '../shared/identity.js';
import { certificateXml } from './certificate.js';
import {
  ADDITIONAL_CHECK_WORKING_DAYS,
  additionalCheckOutcomeOf,
  ARCHIVE_REPLIES,
  type ArchiveRecord,
  type ArchiveSearchResult,
  archiveRecordsOf,
  type Conviction,
  CRIMINAL_RECORD_MESSAGES,
  type CriminalRecordStatus,
  criminalRecordStatusOf,
  convictionsOf,
  type LocalisedText,
} from './record.js';

/** The outcome of an additional check, once completed. */
export interface CheckResult {
  status: 'NO_RECORD' | 'RECORD';
  message: LocalisedText;
  convictions: Conviction[];
}

/** An additional check (қосымша тексеру): `IN_PROGRESS` until `completesAt` on the tenant's virtual clock. */
export interface AdditionalCheck {
  id: string;
  iin: string;
  status: 'IN_PROGRESS' | 'COMPLETED';
  requestedAt: string;
  /** When the check completes: the start (00:00 Kazakh time) of the day after the 5th working day after the request day. */
  completesAt: string;
  workingDays: number;
  result?: CheckResult;
}

/** АИС СУ's answer about a person. */
export interface CriminalRecordAnswer {
  iin: string;
  status: CriminalRecordStatus;
  message: LocalisedText;
  /** Every conviction АИС СУ lists, expunged ones included (`expunged: true`); empty for NO_DATA and an open check. */
  convictions: Conviction[];
  /** For `crime-extra-check` persons: the check (open, or completed with its result). */
  check?: AdditionalCheck;
  answeredAt: string;
}

export interface IssuedCertificate {
  id: string;
  number: string;
  iin: string;
  status: 'NO_RECORD' | 'RECORD';
  issuedAt: string;
  xml: string;
}

export type CertificateRequestOutcome =
  | { outcome: 'ISSUED'; certificate: IssuedCertificate }
  | { outcome: 'ADDITIONAL_CHECK_IN_PROGRESS'; check: AdditionalCheck }
  | { outcome: 'NO_DATA'; message: LocalisedText };

export interface ArchiveSearch {
  iin: string;
  result: ArchiveSearchResult;
  records: ArchiveRecord[];
  /** The written reply: for NOT_FOUND, "no information; apply to other archives". */
  reply: LocalisedText;
  searchedAt: string;
}

interface CheckRecord {
  id: string;
  iin: string;
  requestedAt: Date;
  completesAt: Date;
}

/** One tenant's АИС СУ data: additional checks and issued certificates. */
class AisSuState {
  readonly checks = new Map<string, CheckRecord>();
  /** The most recent check of each IIN. */
  readonly latestCheck = new Map<string, CheckRecord>();
  readonly certificates = new Map<string, IssuedCertificate>();
  checkSeq = 0;
  certificateSeq = 0;
}

export interface AisSuOptions {
  /** The working-day calendar additional checks are scheduled with. */
  calendar: WorkingCalendar;
  /**
   * Signs a certificate document (an enveloped XML signature with the sandbox service key). Without it,
   * certificates are issued unsigned.
   */
  signCertificate?: (xml: string) => string;
}

export class AisSuService {
  constructor(
    private readonly personas: PersonaRegistry,
    private readonly options: AisSuOptions,
  ) {}

  private state(tenant: Tenant): AisSuState {
    return tenant.slice('ais-su', () => new AisSuState());
  }

  private view(tenant: Tenant, record: CheckRecord): AdditionalCheck {
    const completed = tenant.clock.nowMs() >= record.completesAt.getTime();
    const check: AdditionalCheck = {
      id: record.id,
      iin: record.iin,
      status: completed ? 'COMPLETED' : 'IN_PROGRESS',
      requestedAt: record.requestedAt.toISOString(),
      completesAt: record.completesAt.toISOString(),
      workingDays: ADDITIONAL_CHECK_WORKING_DAYS,
    };
    if (completed) {
      const persona = this.personas.get(tenant, record.iin);
      const status = additionalCheckOutcomeOf(persona);
      check.result = { status, message: CRIMINAL_RECORD_MESSAGES[status], convictions: convictionsOf(persona) };
    }
    return check;
  }

  /** The person's latest check, or a new one when there is none. */
  private checkFor(tenant: Tenant, iin: string): CheckRecord {
    const state = this.state(tenant);
    const existing = state.latestCheck.get(iin);
    if (existing) return existing;
    const requestedAt = tenant.clock.now();
    const record: CheckRecord = {
      id: `AC-${String(++state.checkSeq).padStart(6, '0')}`,
      iin,
      requestedAt,
      completesAt: this.options.calendar.afterWorkingDays(requestedAt, ADDITIONAL_CHECK_WORKING_DAYS),
    };
    state.checks.set(record.id, record);
    state.latestCheck.set(iin, record);
    return record;
  }

  private answer(tenant: Tenant, iin: string): CriminalRecordAnswer {
    const persona = this.personas.get(tenant, iin);
    const status = criminalRecordStatusOf(persona);
    const answeredAt = tenant.clock.now().toISOString();
    if (status === 'ADDITIONAL_CHECK') {
      const check = this.view(tenant, this.checkFor(tenant, iin));
      if (check.result) return { iin, status: check.result.status, message: check.result.message, convictions: check.result.convictions, check, answeredAt };
      return { iin, status, message: CRIMINAL_RECORD_MESSAGES[status], convictions: [], check, answeredAt };
    }
    const convictions = status === 'NO_DATA' ? [] : convictionsOf(persona);
    return { iin, status, message: CRIMINAL_RECORD_MESSAGES[status], convictions, answeredAt };
  }

  /**
   * The criminal-record state of a person. For a `crime-extra-check` person the first request opens an
   * additional check (ADDITIONAL_CHECK, check IN_PROGRESS); once it has completed on the virtual clock, the
   * answer is the check's result (NO_RECORD) with the completed check attached.
   * @throws ProblemError IIN_INVALID; SystemFaultError under an injected fault on `ais-su`
   */
  async criminalRecord(tenant: Tenant, iin: string): Promise<CriminalRecordAnswer> {
    requireValidIin(iin);
    return callSystem(tenant, 'ais-su', () => this.answer(tenant, iin));
  }

  /** An additional check by id, or null when the tenant has none with that id. */
  async additionalCheck(tenant: Tenant, id: string): Promise<AdditionalCheck | null> {
    return callSystem(tenant, 'ais-su', () => {
      const record = this.state(tenant).checks.get(id);
      return record ? this.view(tenant, record) : null;
    });
  }

  /**
   * Issues a criminal-record certificate when the state is known (NO_RECORD or RECORD, including a completed
   * additional check); otherwise says why not (an open check, or no data).
   */
  async requestCertificate(tenant: Tenant, iin: string): Promise<CertificateRequestOutcome> {
    requireValidIin(iin);
    return callSystem(tenant, 'ais-su', (): CertificateRequestOutcome => {
      const answer = this.answer(tenant, iin);
      if (answer.status === 'NO_DATA') return { outcome: 'NO_DATA', message: answer.message };
      if (answer.status === 'ADDITIONAL_CHECK') return { outcome: 'ADDITIONAL_CHECK_IN_PROGRESS', check: answer.check! };
      const state = this.state(tenant);
      const seq = ++state.certificateSeq;
      const issuedAt = tenant.clock.now().toISOString();
      const id = `CR-${String(seq).padStart(6, '0')}`;
      const number = `${issuedAt.slice(0, 4)}-${String(seq).padStart(8, '0')}`;
      const unsigned = certificateXml({
        id,
        number,
        issuedAt,
        persona: this.personas.get(tenant, iin)!,
        status: answer.status,
        convictions: answer.convictions,
        ...(answer.check ? { checkId: answer.check.id } : {}),
      });
      const xml = this.options.signCertificate ? this.options.signCertificate(unsigned) : unsigned;
      const certificate: IssuedCertificate = { id, number, iin, status: answer.status, issuedAt, xml };
      state.certificates.set(id, certificate);
      return { outcome: 'ISSUED', certificate };
    });
  }

  /** A certificate issued earlier in the tenant, or null. */
  async certificate(tenant: Tenant, id: string): Promise<IssuedCertificate | null> {
    return callSystem(tenant, 'ais-su', () => this.state(tenant).certificates.get(id) ?? null);
  }

  /**
   * Searches the special-records archive (АЕА ААЖ and the archive card indexes) about a person (seed 004 C):
   * FOUND with the records, or NOT_FOUND with the "apply to other archives" reply.
   */
  async archiveSearch(tenant: Tenant, iin: string): Promise<ArchiveSearch> {
    requireValidIin(iin);
    return callSystem(tenant, 'ais-su', () => {
      const records = archiveRecordsOf(this.personas.get(tenant, iin));
      const result: ArchiveSearchResult = records.length ? 'FOUND' : 'NOT_FOUND';
      return { iin, result, records, reply: ARCHIVE_REPLIES[result], searchedAt: tenant.clock.now().toISOString() };
    });
  }
}
