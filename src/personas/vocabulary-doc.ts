/**
 * The generated parts of docs/personas.md: the trait vocabulary (from the persona schema) and the table of
 * bundled personas (from fixtures/personas). A test checks the document holds what these render, so the
 * docs cannot drift; `npx tsx src/personas/vocabulary-doc.ts` rewrites them in place.
 * @see ../../docs/personas.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../core/schemas.js';
import { BUNDLED_PERSONAS_DIR, type LoadedPersona, loadPersonaDir } from './loader.js';
import { type TraitInfo, traitVocabulary } from './persona.js';

export const PERSONAS_DOC = fileURLToPath(new URL('docs/personas.md', PACKAGE_ROOT));

/** A table cell: pipes would split the cell and newlines would end the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(items: readonly string[]): string {
  return items.length ? items.map((i) => `\`${i}\``).join(' ') : '—';
}

/** The trait vocabulary as a markdown table, in the schema's order. */
export function renderTraitTable(vocabulary: TraitInfo[] = traitVocabulary()): string {
  const rows = vocabulary.map((t) => `| \`${t.id}\` | ${t.category} | ${t.exclusive ?? ''} | ${cell(t.description)} |`);
  return ['| Trait | Category | Exclusive group | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** The personas as markdown, one table per file, in load order. */
export function renderPersonaTable(loaded: LoadedPersona[]): string {
  const byFile = new Map<string, LoadedPersona['persona'][]>();
  for (const { persona, source } of loaded) {
    const file = basename(source).replace(/\[\d+\]$/, '');
    byFile.set(file, [...(byFile.get(file) ?? []), persona]);
  }
  const sections = [...byFile].map(([file, personas]) => {
    const rows = personas.map((p) => {
      const name = [p.surname, p.name, p.patronymic].filter(Boolean).join(' ');
      return `| ${p.iin} | ${cell(name)} | ${cell(p.label)} | ${code(p.traits)} | ${code(p.scenarios ?? [])} |`;
    });
    return [`#### ${file}`, '', '| IIN | Name | Label | Traits | Scenarios |', '|---|---|---|---|---|', ...rows].join('\n');
  });
  return sections.join('\n\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` with each section. */
export function replaceGeneratedSections(markdown: string, sections: Record<string, string>): string {
  let result = markdown;
  for (const [name, content] of Object.entries(sections)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${PERSONAS_DOC} lacks the markers ${start} ... ${end}`);
    result = `${result.slice(0, from + start.length)}\n${content}\n${result.slice(to)}`;
  }
  return result;
}

/** The generated sections of docs/personas.md as they should be now. */
export function currentSections(): Record<string, string> {
  return { traits: renderTraitTable(), personas: renderPersonaTable(loadPersonaDir(BUNDLED_PERSONAS_DIR)) };
}

// Run directly: rewrite the document's generated sections.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(PERSONAS_DOC, replaceGeneratedSections(readFileSync(PERSONAS_DOC, 'utf8'), currentSections()));
  console.log(`updated ${PERSONAS_DOC}`);
}
