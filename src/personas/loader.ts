/**
 * Loads persona files: each `*.json` in a folder holds one persona or an array of them.
 * Errors name the file, the persona's index and the field, so a typo is found at start-up.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../core/schemas.js';
import { type Persona, PersonaValidationError, PersonaValidator } from './persona.js';

/** The personas shipped with the sandbox. */
export const BUNDLED_PERSONAS_DIR = fileURLToPath(new URL('fixtures/personas/', PACKAGE_ROOT));

export interface LoadedPersona {
  persona: Persona;
  /** `file.json` or `file.json[3]`. */
  source: string;
}

/** Reads and validates every persona in `dir`; throws a {@link PersonaValidationError} on the first bad file. */
export function loadPersonaDir(dir: string, validator = new PersonaValidator()): LoadedPersona[] {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (e) {
    throw new PersonaValidationError(dir, [`cannot read the personas folder: ${(e as Error).message}`]);
  }
  const loaded: LoadedPersona[] = [];
  for (const file of files) {
    const path = join(dir, file);
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new PersonaValidationError(path, [`not valid JSON: ${(e as Error).message}`]);
    }
    const items = Array.isArray(content) ? content : [content];
    items.forEach((item, i) => {
      const source = Array.isArray(content) ? `${path}[${i}]` : path;
      loaded.push({ persona: validator.assertValid(item, source), source });
    });
  }
  return loaded;
}

/** Indexes personas by IIN, refusing duplicates (the later file would silently shadow the earlier). */
export function indexPersonas(loaded: LoadedPersona[]): Map<string, Persona> {
  const byIin = new Map<string, Persona>();
  const sourceOf = new Map<string, string>();
  for (const { persona, source } of loaded) {
    const earlier = sourceOf.get(persona.iin);
    if (earlier) throw new PersonaValidationError(source, [`/iin: ${persona.iin} is already used by ${earlier}`]);
    byIin.set(persona.iin, persona);
    sourceOf.set(persona.iin, source);
  }
  return byIin;
}
