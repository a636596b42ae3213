/**
 * Legal statistics (ҚР БП ҚСЖАЕК АЖ, the Prosecutor General's Committee on Legal Statistics and Special
 * Accounts) and ББТ: the in-process service the REST routes and the SHEP gateway both call.
 * Administrative-offence information by IIN (seed 004 D) and the register checks of seed 002.
 */
import { callSystem } from '../../core/system-call.js';
import type { Tenant } from '../../core/tenant-store.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import type { LocalisedText } from '../ais-su/record.js';
import { requireValidIin } from '../shared/identity.js';
import { legalStatsProblems } from './problems.js';
import {
  type AdminOffence,
  adminOffencesOf,
  bbtEntriesOf,
  DEFAULT_BBT_READING,
  type LegalStatsOptions,
  PROSECUTOR_REGISTER,
  prosecutorEntriesOf,
  type RegisterEntry,
  type RegisterId,
  REGISTER_IDS,
  type RegisterReading,
  type RegisterResult,
} from './registers.js';

export interface AdminOffencesAnswer {
  iin: string;
  result: 'RECORDS_FOUND' | 'NO_RECORDS';
  offences: AdminOffence[];
  checkedAt: string;
}

/** One register's answer about a person. */
export interface RegisterAnswer {
  id: RegisterId;
  abbreviation: string;
  label: LocalisedText;
  result: RegisterResult;
  entries: RegisterEntry[];
}

export interface RegisterCheckAnswer {
  iin: string;
  /** HIT when any register asked has an entry. */
  result: RegisterResult;
  registers: RegisterAnswer[];
  checkedAt: string;
}

export class LegalStatsService {
  /** The registers and how the sandbox reads them (ББТ as configured). */
  readonly registers: readonly RegisterReading[];

  constructor(
    private readonly personas: PersonaRegistry,
    options: LegalStatsOptions = {},
  ) {
    this.registers = [PROSECUTOR_REGISTER, { ...DEFAULT_BBT_READING, ...options.bbt, id: 'bbt' }];
  }

  /**
   * Administrative offences on record for a person (the persona's `adminOffences`; none otherwise).
   * @throws ProblemError IIN_INVALID; SystemFaultError under an injected fault on `legal-stats`
   */
  async adminOffences(tenant: Tenant, iin: string): Promise<AdminOffencesAnswer> {
    requireValidIin(iin);
    return callSystem(tenant, 'legal-stats', () => {
      const offences = adminOffencesOf(this.personas.get(tenant, iin));
      return { iin, result: offences.length ? 'RECORDS_FOUND' : 'NO_RECORDS', offences, checkedAt: tenant.clock.now().toISOString() };
    });
  }

  /**
   * Checks a person against the registers of seed 002 (both, or the one named).
   * @throws ProblemError IIN_INVALID, REGISTER_UNKNOWN; SystemFaultError under an injected fault
   */
  async registerCheck(tenant: Tenant, iin: string, register?: string): Promise<RegisterCheckAnswer> {
    requireValidIin(iin);
    if (register !== undefined && !REGISTER_IDS.includes(register as RegisterId)) {
      throw legalStatsProblems.REGISTER_UNKNOWN(`register must be one of ${REGISTER_IDS.join(', ')}, got ${JSON.stringify(register.slice(0, 40))}`);
    }
    return callSystem(tenant, 'legal-stats', () => {
      const persona = this.personas.get(tenant, iin);
      const registers = this.registers
        .filter((r) => register === undefined || r.id === register)
        .map((r): RegisterAnswer => {
          const entries = r.id === 'prosecutor' ? prosecutorEntriesOf(persona) : bbtEntriesOf(persona);
          return { id: r.id, abbreviation: r.abbreviation, label: r.label, result: entries.length ? 'HIT' : 'CLEAR', entries };
        });
      return {
        iin,
        result: registers.some((r) => r.result === 'HIT') ? 'HIT' : 'CLEAR',
        registers,
        checkedAt: tenant.clock.now().toISOString(),
      };
    });
  }
}
