/**
 * GBD FL (ЖТ МДҚ), the state database of physical persons: the in-process service the REST routes and the
 * SHEP gateway both call.
 */
import { commonProblems } from '../../core/problem.js';
import { parseIin } from '../../core/iin.js';
import { callSystem } from '../../core/system-call.js';
import type { Tenant } from '../../core/tenant-store.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import { type GbdflPerson, gbdflRecordOf } from './record.js';

export type PersonLookup = { found: true; person: GbdflPerson } | { found: false };

export class GbdflService {
  constructor(private readonly personas: PersonaRegistry) {}

  /**
   * Looks a person up by IIN, under the tenant's faults for `gbdfl`.
   * @throws ProblemError IIN_INVALID for a malformed IIN; SystemFaultError under an injected fault
   */
  async findPerson(tenant: Tenant, iin: string): Promise<PersonLookup> {
    const parsed = parseIin(iin);
    if (!parsed.ok) throw commonProblems.IIN_INVALID(parsed.message, { fault: parsed.fault });
    return callSystem(tenant, 'gbdfl', () => {
      const persona = this.personas.get(tenant, iin);
      const person = persona ? gbdflRecordOf(persona) : null;
      return person ? { found: true as const, person } : { found: false as const };
    });
  }
}
