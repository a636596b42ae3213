/**
 * GBD FL (ЖТ МДҚ), the state database of physical persons: the in-process service the REST routes and the
 * SHEP gateway both call.
 */
import { commonProblems } from '../../core/problem.js';
import { parseIin } from '../../core/iin.js';
import { callSystem } from '../../core/system-call.js';
import type { Tenant } from '../../core/tenant-store.js';
import type { Persona } from '../../personas/persona.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import { type GbdflPerson, gbdflRecordOf } from './record.js';

export type PersonLookup = { found: true; person: GbdflPerson } | { found: false };

export class GbdflService {
  /**
   * A record depends only on its persona, and personas never change once loaded or added, so each is built
   * once (building one parses the IIN and does date arithmetic: a visible share of a lookup's time).
   */
  private readonly records = new WeakMap<Persona, GbdflPerson | null>();

  constructor(private readonly personas: PersonaRegistry) {}

  private recordOf(persona: Persona): GbdflPerson | null {
    let record = this.records.get(persona);
    if (record === undefined) {
      record = gbdflRecordOf(persona);
      this.records.set(persona, record);
    }
    return record;
  }

  /**
   * Looks a person up by IIN, under the tenant's faults for `gbdfl`.
   * @throws ProblemError IIN_INVALID for a malformed IIN; SystemFaultError under an injected fault
   */
  async findPerson(tenant: Tenant, iin: string): Promise<PersonLookup> {
    const parsed = parseIin(iin);
    if (!parsed.ok) throw commonProblems.IIN_INVALID(parsed.message, { fault: parsed.fault });
    return callSystem(tenant, 'gbdfl', () => {
      const persona = this.personas.get(tenant, iin);
      const person = persona ? this.recordOf(persona) : null;
      return person ? { found: true as const, person } : { found: false as const };
    });
  }
}
