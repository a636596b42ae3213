import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { indexPersonas, loadPersonaDir } from '../../src/personas/loader.js';
import { PersonaValidationError } from '../../src/personas/persona.js';

const good = (iin: string, surname = 'Сапарова') => ({ iin, label: 'Loader test persona', surname, name: 'Әлия', traits: [] });

/** A temporary persona folder: each entry is written as JSON, or as is when a string. */
function personaDir(t: { teardown: (fn: () => void) => void }, files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'personas-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function errorOf(fn: () => unknown): PersonaValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PersonaValidationError) return e;
    throw e;
  }
  throw new Error('expected a PersonaValidationError');
}

t.test('a folder holding one persona per file or an array per file loads every persona with its source', async (t) => {
  const dir = personaDir(t, {
    'a.json': good('850720400017'),
    'b.json': [good('051230500015', 'Ахметов'), good('000301600015')],
    'notes.md': 'not a persona file',
  });
  const loaded = loadPersonaDir(dir);
  t.same(
    loaded.map((l) => [l.persona.iin, l.source]),
    [
      ['850720400017', join(dir, 'a.json')],
      ['051230500015', `${join(dir, 'b.json')}[0]`],
      ['000301600015', `${join(dir, 'b.json')}[1]`],
    ],
  );
});

t.test('a bad persona fails with a message naming the file, its index and each bad field', async (t) => {
  const dir = personaDir(t, {
    'extra.json': [good('850720400017'), { ...good('900115300014'), traits: ['crime-maybe'], engSurname: 'Сапарова' }],
  });
  const error = errorOf(() => loadPersonaDir(dir));
  t.equal(error.source, `${join(dir, 'extra.json')}[1]`);
  t.match(error.message, `${join(dir, 'extra.json')}[1]: invalid persona`);
  t.match(error.message, /\/traits\/0: must be one of/);
  t.match(error.message, /\/engSurname: must match pattern/);
});

t.test('an IIN with a wrong check digit is refused naming /iin and the expected digit', async (t) => {
  const dir = personaDir(t, { 'one.json': good('900115300014') });
  const error = errorOf(() => loadPersonaDir(dir));
  t.match(error.message, join(dir, 'one.json'));
  t.same(error.problems, ['/iin: IIN check digit is 4, expected 3']);
});

t.test('two states of one exclusive group cannot be combined', async (t) => {
  const dir = personaDir(t, { 'one.json': { ...good('850720400017'), traits: ['fee-pays', 'fee-declined'] } });
  const error = errorOf(() => loadPersonaDir(dir));
  t.match(error.problems, [/\/traits\/1: "fee-declined" cannot be combined with "fee-pays"/]);
});

t.test('a persona cannot be its own representative, and PoA and guardianOf IINs must be valid', async (t) => {
  const dir = personaDir(t, {
    'one.json': {
      ...good('850720400017'),
      traits: ['poa-principal'],
      guardianOf: ['051230500016'],
      powersOfAttorney: [{ number: '1', representativeIin: '850720400017', scope: ['*'], issuedOn: '2025-01-01', validUntil: '2030-01-01' }],
    },
  });
  const error = errorOf(() => loadPersonaDir(dir));
  t.match(error.message, '/powersOfAttorney/0/representativeIin: a persona cannot be its own representative');
  t.match(error.message, '/guardianOf/0: IIN check digit');
});

t.test('an IIN used in two files is refused, naming both files', async (t) => {
  const dir = personaDir(t, { 'a.json': good('850720400017'), 'b.json': [good('051230500015'), good('850720400017', 'Жанұзақова')] });
  const error = errorOf(() => indexPersonas(loadPersonaDir(dir)));
  t.match(error.message, `${join(dir, 'b.json')}[1]`);
  t.match(error.message, `850720400017 is already used by ${join(dir, 'a.json')}`);
});

t.test('an IIN used by two folders is refused, naming both', async (t) => {
  const first = personaDir(t, { 'a.json': good('850720400017') });
  const second = personaDir(t, { 'z.json': good('850720400017') });
  const error = errorOf(() => indexPersonas([...loadPersonaDir(first), ...loadPersonaDir(second)]));
  t.match(error.message, join(second, 'z.json'));
  t.match(error.message, join(first, 'a.json'));
});

t.test('a file that is not valid JSON is refused, naming the file', async (t) => {
  const dir = personaDir(t, { 'a.json': good('850720400017'), 'broken.json': '{ "iin": "850720400017", ' });
  const error = errorOf(() => loadPersonaDir(dir));
  t.equal(error.source, join(dir, 'broken.json'));
  t.match(error.message, /not valid JSON/);
});

t.test('a missing folder is refused, naming the folder', async (t) => {
  const missing = join(tmpdir(), 'no-such-personas-folder-4711');
  const error = errorOf(() => loadPersonaDir(missing));
  t.match(error.message, missing);
  t.match(error.message, /cannot read the personas folder/);
});

t.test('a file given instead of a folder is refused, naming it', async (t) => {
  const dir = personaDir(t, { 'a.json': good('850720400017') });
  const error = errorOf(() => loadPersonaDir(join(dir, 'a.json')));
  t.match(error.message, `${join(dir, 'a.json')}: invalid persona\n  cannot read the personas folder: not a directory`);
});
