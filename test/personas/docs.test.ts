import { readFileSync } from 'node:fs';
import t from 'tap';
import { BUNDLED_PERSONAS_DIR, loadPersonaDir } from '../../src/personas/loader.js';
import { DEFAULT_PORTAL_PASSWORD, traitVocabulary } from '../../src/personas/persona.js';
import {
  currentSections,
  PERSONAS_DOC,
  renderPersonaTable,
  renderTraitTable,
  replaceGeneratedSections,
} from '../../src/personas/vocabulary-doc.js';

const doc = readFileSync(PERSONAS_DOC, 'utf8');
const REGENERATE = 'docs/personas.md is out of date: run `npx tsx src/personas/vocabulary-doc.ts`';

t.test('docs/personas.md holds the current trait vocabulary table', async (t) => {
  t.ok(doc.includes(renderTraitTable()), REGENERATE);
});

t.test('docs/personas.md holds the current table of bundled personas', async (t) => {
  t.ok(doc.includes(renderPersonaTable(loadPersonaDir(BUNDLED_PERSONAS_DIR))), REGENERATE);
  t.equal(replaceGeneratedSections(doc, currentSections()), doc, REGENERATE);
});

t.test('docs/personas.md gives the default portal password', async (t) => {
  t.ok(doc.includes(`\`${DEFAULT_PORTAL_PASSWORD}\``));
});

t.test('the trait table has one row per trait, with its category, exclusive group and description', async (t) => {
  const table = renderTraitTable([
    { id: 'fee-pays', category: 'payments', exclusive: 'fee', description: 'Pays. The default.' },
    { id: 'odd', category: 'misc', description: 'A | pipe\nand a newline' },
  ]);
  t.equal(
    table,
    [
      '| Trait | Category | Exclusive group | Meaning |',
      '|---|---|---|---|',
      '| `fee-pays` | payments | fee | Pays. The default. |',
      '| `odd` | misc |  | A \\| pipe and a newline |',
    ].join('\n'),
  );
  t.equal(renderTraitTable().split('\n').length, traitVocabulary().length + 2);
});

t.test('the persona table groups personas by file and shows IIN, full name, label, traits and scenarios', async (t) => {
  const persona = (iin: string, extra: object = {}) => ({ iin, label: `Persona ${iin}`, surname: 'Әлиев', name: 'Ұлан', traits: [], ...extra });
  const table = renderPersonaTable([
    { persona: persona('900115300013', { patronymic: 'Серікұлы', traits: ['crime-convicted'], scenarios: ['ATT-13'] }), source: '/x/a.json' },
    { persona: persona('850720400017'), source: '/x/b.json[0]' },
  ]);
  t.equal(
    table,
    [
      '#### a.json',
      '',
      '| IIN | Name | Label | Traits | Scenarios |',
      '|---|---|---|---|---|',
      '| 900115300013 | Әлиев Ұлан Серікұлы | Persona 900115300013 | `crime-convicted` | `ATT-13` |',
      '',
      '#### b.json',
      '',
      '| IIN | Name | Label | Traits | Scenarios |',
      '|---|---|---|---|---|',
      '| 850720400017 | Әлиев Ұлан | Persona 850720400017 | — | — |',
    ].join('\n'),
  );
});

t.test('regenerating replaces only the text between the markers, and missing markers are an error', async (t) => {
  const text = 'intro\n<!-- generated:traits -->\nold\n<!-- /generated:traits -->\noutro\n';
  t.equal(replaceGeneratedSections(text, { traits: 'new' }), 'intro\n<!-- generated:traits -->\nnew\n<!-- /generated:traits -->\noutro\n');
  t.throws(() => replaceGeneratedSections('no markers', { traits: 'new' }), /lacks the markers <!-- generated:traits -->/);
});
