/**
 * What the systems share about a person: the IIN check every service makes before it answers, and the name as
 * registers write it. (The IIN rules themselves live in ../../core/iin.ts.)
 */
import { parseIin } from '../../core/iin.js';
import { commonProblems } from '../../core/problem.js';
import type { Persona } from '../../personas/persona.js';

/**
 * Refuses an IIN that fails the length, date or check-digit rules.
 * @param field the request field, when the request has more than one IIN: the detail starts with it and the
 *   problem carries it as `field`
 * @throws ProblemError IIN_INVALID (400), with `fault` (what failed) and `field` when given
 */
export function requireValidIin(iin: string, field?: string): void {
  const parsed = parseIin(iin);
  if (parsed.ok) return;
  if (field === undefined) throw commonProblems.IIN_INVALID(parsed.message, { fault: parsed.fault });
  throw commonProblems.IIN_INVALID(`${field}: ${parsed.message}`, { fault: parsed.fault, field });
}

/** A person's name as the registers write it: `SURNAME NAME PATRONYMIC` (no patronymic, no trailing space). */
export function fullNameOf(persona: Pick<Persona, 'surname' | 'name' | 'patronymic'>): string {
  return [persona.surname, persona.name, persona.patronymic].filter(Boolean).join(' ');
}
