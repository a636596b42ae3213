/**
 * "Е-лицензиялау" АЖ, the e-licensing system: the licence register per tenant, seeded from the personas'
 * `licences`, with look-ups by number and by holder, and the writes the regulation engine makes when a licence
 * is issued, re-issued or duplicated. Every operation runs under the tenant's faults for `elicense`.
 * @see ../../../docs/systems/elicense.md
 */
import { kazakhDate } from '../../core/calendar.js';
import { callSystem } from '../../core/system-call.js';
import type { Tenant } from '../../core/tenant-store.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import { fingerprintOf } from '../payments/idempotency.js';
import { fullNameOf, requireValidIin } from '../shared/identity.js';
import { elicenseProblems } from './problems.js';
import {
  type LicenceAction,
  type LicenceRecord,
  LICENCE_TYPES,
  type LicenceType,
  type LicenceView,
  recordFromPersona,
  viewLicence,
} from './register.js';

export interface IssueInput {
  holderIin: string;
  type: LicenceType;
  /**
   * The application the licence results from. The same issue again for the same application answers the first;
   * another issue (other holder, type or field) under it is APPLICATION_ID_REUSED.
   */
  applicationId?: string;
  /** Default: the persona's name. */
  holderName?: string;
  /** Default: generated, `YY` of the virtual year and 6 digits. */
  number?: string;
  /** Default: the virtual today. */
  issuedOn?: string;
  /** Default: none (indefinite). */
  validUntil?: string;
}

export interface ChangeInput {
  applicationId?: string;
  reason?: string;
  /** Re-issue only: the holder's new name (e.g. after a change of surname). */
  holderName?: string;
}

export interface WriteResult {
  licence: LicenceView;
  /** True when the same write for the same application had already been made: nothing changed. */
  replayed: boolean;
}

/** A write made for an application: the request's fingerprint and the licence it wrote. */
interface ApplicationWrite {
  fingerprint: string;
  number: string;
}

/** A tenant's register: entries written or seeded, which personas were seeded, and the writes per application. */
class ElicenseState {
  readonly licences = new Map<string, LicenceRecord>();
  readonly seeded = new Set<string>();
  /** Key: `action` and applicationId; an application makes one write of each kind. */
  readonly applications = new Map<string, ApplicationWrite>();
}

function applicationKey(action: LicenceAction, applicationId: string): string {
  return `${action}\n${applicationId}`;
}

const NUMBER = /^[A-Za-z0-9-]{1,32}$/;
const APPLICATION_ID = /^[\x21-\x7e]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(text: string): boolean {
  return DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

export class ElicenseService {
  constructor(private readonly personas: PersonaRegistry) {}

  /** The tenant's register, with every persona's licences seeded (personas a tenant added included). */
  private register(tenant: Tenant): ElicenseState {
    const state = tenant.slice('elicense', () => new ElicenseState());
    for (const persona of this.personas.list(tenant)) {
      if (state.seeded.has(persona.iin)) continue;
      state.seeded.add(persona.iin);
      for (const licence of persona.licences ?? []) {
        if (!state.licences.has(licence.number)) state.licences.set(licence.number, recordFromPersona(persona, licence));
      }
    }
    return state;
  }

  private today(tenant: Tenant): string {
    return kazakhDate(tenant.clock.now());
  }

  /** A licence by number. @throws LICENCE_NUMBER_INVALID, LICENCE_NOT_FOUND; SystemFaultError */
  async findByNumber(tenant: Tenant, number: string): Promise<LicenceView> {
    assertNumber(number);
    return callSystem(tenant, 'elicense', () => {
      const record = this.register(tenant).licences.get(number);
      if (!record) throw elicenseProblems.LICENCE_NOT_FOUND(`The register has no licence ${number}`);
      return viewLicence(record, this.today(tenant));
    });
  }

  /** Every licence of a holder (any status), oldest issue first; [] when none. @throws IIN_INVALID, LICENCE_TYPE_INVALID */
  async findByHolder(tenant: Tenant, holderIin: string, type?: LicenceType): Promise<LicenceView[]> {
    requireValidIin(holderIin);
    if (type !== undefined) assertType(type);
    return callSystem(tenant, 'elicense', () => {
      const today = this.today(tenant);
      return [...this.register(tenant).licences.values()]
        .filter((r) => r.holderIin === holderIin && (type === undefined || r.type === type))
        .sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0))
        .map((r) => viewLicence(r, today));
    });
  }

  /**
   * Issues a licence (result of the licensing regulations). The holder may not already hold an active licence
   * of the type. @throws IIN_INVALID, LICENCE_TYPE_INVALID, LICENCE_FIELD_INVALID, LICENCE_NUMBER_*, LICENCE_ALREADY_HELD,
   * APPLICATION_ID_REUSED
   */
  async issue(tenant: Tenant, input: IssueInput): Promise<WriteResult> {
    requireValidIin(input.holderIin);
    assertType(input.type);
    if (input.number !== undefined) assertNumber(input.number);
    assertApplication(input.applicationId);
    assertName(input.holderName);
    for (const [name, value] of [['issuedOn', input.issuedOn], ['validUntil', input.validUntil]] as const) {
      if (value !== undefined && !isDate(value)) throw elicenseProblems.LICENCE_FIELD_INVALID(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value.slice(0, 20))}`);
    }
    return callSystem(tenant, 'elicense', () => {
      const state = this.register(tenant);
      const today = this.today(tenant);
      const fingerprint = fingerprintOf('issue', { ...input, holderName: input.holderName?.trim() });
      const replay = this.replay(tenant, state, 'issue', input.applicationId, fingerprint);
      if (replay) return replay;
      const issuedOn = input.issuedOn ?? today;
      if (input.validUntil !== undefined && input.validUntil <= issuedOn) {
        throw elicenseProblems.LICENCE_FIELD_INVALID(`validUntil (${input.validUntil}) must be after issuedOn (${issuedOn})`);
      }
      const held = [...state.licences.values()].find(
        (r) => r.holderIin === input.holderIin && r.type === input.type && viewLicence(r, today).status === 'active',
      );
      if (held) throw elicenseProblems.LICENCE_ALREADY_HELD(`${input.holderIin} already holds active ${input.type} licence ${held.number}`, { number: held.number });
      if (input.number !== undefined && state.licences.has(input.number)) {
        throw elicenseProblems.LICENCE_NUMBER_TAKEN(`Licence number ${input.number} is already in the register`);
      }
      const persona = this.personas.get(tenant, input.holderIin);
      const record: LicenceRecord = {
        number: input.number ?? this.newNumber(state, today),
        type: input.type,
        holderIin: input.holderIin,
        holderName: input.holderName?.trim() ?? (persona ? fullNameOf(persona) : input.holderIin),
        status: 'active',
        issuedOn,
        validUntil: input.validUntil ?? null,
        source: 'register',
        history: [{ action: 'issue', date: issuedOn, at: tenant.clock.now().toISOString(), applicationId: input.applicationId ?? null, reason: null }],
      };
      state.licences.set(record.number, record);
      if (input.applicationId !== undefined) state.applications.set(applicationKey('issue', input.applicationId), { fingerprint, number: record.number });
      return { licence: viewLicence(record, today), replayed: false };
    });
  }

  /** Re-issues (қайта ресімдеу) an active licence: same number, a `reissue` event, the new holder name if given. */
  async reissue(tenant: Tenant, number: string, input: ChangeInput = {}): Promise<WriteResult> {
    return this.change(tenant, number, 'reissue', input);
  }

  /** Issues a duplicate (телнұсқа) of an active licence: same number and data, a `duplicate` event. */
  async duplicate(tenant: Tenant, number: string, input: ChangeInput = {}): Promise<WriteResult> {
    if (input.holderName !== undefined) throw elicenseProblems.LICENCE_FIELD_INVALID('a duplicate copies the licence as it is: holderName cannot change (re-issue it instead)');
    return this.change(tenant, number, 'duplicate', input);
  }

  private async change(tenant: Tenant, number: string, action: Exclude<LicenceAction, 'issue'>, input: ChangeInput): Promise<WriteResult> {
    assertNumber(number);
    assertApplication(input.applicationId);
    assertName(input.holderName);
    if (input.reason !== undefined && (input.reason.trim() === '' || input.reason.length > 500)) {
      throw elicenseProblems.LICENCE_FIELD_INVALID('reason must be 1-500 characters');
    }
    return callSystem(tenant, 'elicense', () => {
      const state = this.register(tenant);
      const fingerprint = fingerprintOf(action, { number, reason: input.reason?.trim(), holderName: input.holderName?.trim() });
      const replay = this.replay(tenant, state, action, input.applicationId, fingerprint);
      if (replay) return replay;
      const record = state.licences.get(number);
      if (!record) throw elicenseProblems.LICENCE_NOT_FOUND(`The register has no licence ${number}`);
      const today = this.today(tenant);
      const status = viewLicence(record, today).status;
      if (status !== 'active') {
        throw elicenseProblems.LICENCE_NOT_ACTIVE(`Licence ${number} is ${status}: it cannot be ${action === 'reissue' ? 're-issued' : 'duplicated'}`, { licenceStatus: status });
      }
      if (input.holderName !== undefined) record.holderName = input.holderName.trim();
      record.history.push({ action, date: today, at: tenant.clock.now().toISOString(), applicationId: input.applicationId ?? null, reason: input.reason?.trim() ?? null });
      if (input.applicationId !== undefined) state.applications.set(applicationKey(action, input.applicationId), { fingerprint, number });
      return { licence: viewLicence(record, today), replayed: false };
    });
  }

  /**
   * An application's earlier write of this kind: the same request again answers the licence as it is now
   * (`replayed`); another request under the same applicationId is refused. Null when the application made none.
   * @throws APPLICATION_ID_REUSED
   */
  private replay(tenant: Tenant, state: ElicenseState, action: LicenceAction, applicationId: string | undefined, fingerprint: string): WriteResult | null {
    if (applicationId === undefined) return null;
    const earlier = state.applications.get(applicationKey(action, applicationId));
    if (!earlier) return null;
    if (earlier.fingerprint !== fingerprint) {
      throw elicenseProblems.APPLICATION_ID_REUSED(
        `Application ${applicationId} already made a different ${action} (licence ${earlier.number}); a new write needs its own applicationId`,
        { applicationId, number: earlier.number },
      );
    }
    return { licence: viewLicence(state.licences.get(earlier.number)!, this.today(tenant)), replayed: true };
  }

  private newNumber(state: ElicenseState, today: string): string {
    const yy = today.slice(2, 4);
    let serial = 900_001 + state.licences.size;
    while (state.licences.has(`${yy}${serial}`)) serial++;
    return `${yy}${serial}`;
  }
}

function assertNumber(number: string): void {
  if (!NUMBER.test(number)) throw elicenseProblems.LICENCE_NUMBER_INVALID(`${JSON.stringify(number.slice(0, 40))} is not a licence number: 1-32 letters, digits or hyphens`);
}

function assertType(type: string): void {
  if (!(LICENCE_TYPES as readonly string[]).includes(type)) {
    throw elicenseProblems.LICENCE_TYPE_INVALID(`type must be one of ${LICENCE_TYPES.join(', ')}, got ${JSON.stringify(type.slice(0, 40))}`);
  }
}

function assertApplication(applicationId: string | undefined): void {
  if (applicationId !== undefined && !APPLICATION_ID.test(applicationId)) throw elicenseProblems.LICENCE_FIELD_INVALID('applicationId must be 1-64 printable ASCII characters');
}

function assertName(name: string | undefined): void {
  if (name !== undefined && (name.trim() === '' || name.length > 200)) throw elicenseProblems.LICENCE_FIELD_INVALID('holderName must be 1-200 characters');
}
