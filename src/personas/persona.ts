/**
 * Personas: test people whose data in every emulated system follows from their traits and fields.
 * @see ../../docs/personas.md, ../../schemas/persona.schema.json
 */
import { parseBin, parseIin } from '../core/iin.js';
import { createFileValidator, describeAjvErrors, schemaById, type ValidateFunction } from '../core/schemas.js';

export interface CodedValue {
  code: string;
  nameRu?: string;
  nameKz?: string;
}

export interface IdentityDocumentInput {
  /** 001 passport, 002 ID card, 015 foreign passport. */
  type: '001' | '002' | '015';
  number: string;
  beginDate: string;
  endDate: string;
  status?: '00' | '07' | '17' | '18';
}

export interface PowerOfAttorney {
  number: string;
  representativeIin: string;
  notary?: string;
  scope: string[];
  issuedOn: string;
  validUntil: string;
  revokedOn?: string;
}

export interface Licence {
  number: string;
  type: 'advocacy' | 'forensic-expert' | 'private-bailiff';
  issuedOn: string;
  validUntil?: string;
  status?: 'active' | 'suspended' | 'revoked';
}

export interface Persona {
  iin: string;
  label: string;
  surname: string;
  name: string;
  patronymic?: string;
  engSurname?: string;
  engFirstName?: string;
  traits: string[];
  scenarios?: string[];
  portal?: { password?: string; email?: string; phone?: string };
  gbdfl?: {
    nationality?: CodedValue;
    citizenship?: CodedValue;
    deathDate?: string;
    birthPlace?: { country?: string; region?: string; district?: string; city?: string };
    regAddress?: {
      region?: string;
      district?: string;
      city?: string;
      street?: string;
      building?: string;
      flat?: string;
      beginDate?: string;
    };
    documents?: IdentityDocumentInput[];
  };
  criminalRecord?: {
    convictions?: { article: string; court?: string; sentenceDate: string; sentence?: string; expunged?: boolean }[];
  };
  adminOffences?: { article: string; date: string; penalty?: string; body?: string }[];
  powersOfAttorney?: PowerOfAttorney[];
  licences?: Licence[];
  organisation?: { bin: string; name: string };
  guardianOf?: string[];
}

/** The password of a persona's portal account when the persona does not give one (documented in the README). */
export const DEFAULT_PORTAL_PASSWORD = 'Sandbox-2026';

export interface TraitInfo {
  id: string;
  category: string;
  /** Traits of one exclusive group cannot be combined. */
  exclusive?: string;
  description: string;
}

/** The trait vocabulary, read from the persona schema (its single source). */
export function traitVocabulary(): TraitInfo[] {
  const schema = schemaById('Persona') as unknown as {
    properties: { traits: { items: { 'x-vocabulary': Record<string, Omit<TraitInfo, 'id'>> } } };
  };
  return Object.entries(schema.properties.traits.items['x-vocabulary']).map(([id, info]) => ({ id, ...info }));
}

export function hasTrait(persona: Pick<Persona, 'traits'>, trait: string): boolean {
  return persona.traits.includes(trait);
}

export class PersonaValidationError extends Error {
  override readonly name = 'PersonaValidationError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid persona\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Validates personas against the schema and the rules a schema cannot say: the IIN and BIN checksums,
 * exclusive trait groups, valid IINs in powers of attorney.
 */
export class PersonaValidator {
  private readonly validateShape: ValidateFunction;
  private readonly exclusiveGroup: Map<string, string>;

  constructor() {
    this.validateShape = createFileValidator().getSchema('Persona')!;
    this.exclusiveGroup = new Map(
      traitVocabulary()
        .filter((t) => t.exclusive)
        .map((t) => [t.id, t.exclusive!]),
    );
  }

  /** Problems found, one line each naming the field; empty when valid. */
  problems(candidate: unknown): string[] {
    if (!this.validateShape(candidate)) return describeAjvErrors(this.validateShape.errors);
    const persona = candidate as Persona;
    const problems: string[] = [];
    const iin = parseIin(persona.iin);
    if (!iin.ok) problems.push(`/iin: ${iin.message}`);
    const seenGroups = new Map<string, string>();
    persona.traits.forEach((trait, i) => {
      const group = this.exclusiveGroup.get(trait);
      if (!group) return;
      const other = seenGroups.get(group);
      if (other) problems.push(`/traits/${i}: "${trait}" cannot be combined with "${other}" (both are ${group} states)`);
      else seenGroups.set(group, trait);
    });
    persona.powersOfAttorney?.forEach((poa, i) => {
      const rep = parseIin(poa.representativeIin);
      if (!rep.ok) problems.push(`/powersOfAttorney/${i}/representativeIin: ${rep.message}`);
      if (poa.representativeIin === persona.iin) problems.push(`/powersOfAttorney/${i}/representativeIin: a persona cannot be its own representative`);
    });
    persona.guardianOf?.forEach((child, i) => {
      const parsed = parseIin(child);
      if (!parsed.ok) problems.push(`/guardianOf/${i}: ${parsed.message}`);
    });
    if (persona.organisation) {
      const bin = parseBin(persona.organisation.bin);
      if (!bin.ok) problems.push(`/organisation/bin: ${bin.message}`);
    }
    return problems;
  }

  /** Throws {@link PersonaValidationError} naming `source` and every bad field. */
  assertValid(candidate: unknown, source: string): Persona {
    const problems = this.problems(candidate);
    if (problems.length) throw new PersonaValidationError(source, problems);
    return candidate as Persona;
  }
}
