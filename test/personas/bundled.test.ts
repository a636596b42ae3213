import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseBin, parseIin } from '../../src/core/iin.js';
import { schemaById } from '../../src/core/schemas.js';
import { BUNDLED_PERSONAS_DIR, indexPersonas, loadPersonaDir } from '../../src/personas/loader.js';
import { hasTrait, type Persona, PersonaValidator, traitVocabulary } from '../../src/personas/persona.js';

/** The date the fixtures are judged on: PoA validity and ages are written relative to it. */
const ON = '2026-11-23';

const loaded = loadPersonaDir(BUNDLED_PERSONAS_DIR);
const personas = loaded.map((l) => l.persona);
const byIin = new Map(personas.map((p) => [p.iin, p]));
const withTrait = (trait: string) => personas.filter((p) => hasTrait(p, trait));
const specScenarios = JSON.parse(readFileSync(new URL('spec-scenarios.json', import.meta.url), 'utf8')) as {
  services: string[];
  specs: Record<string, string[]>;
};

function birthDate(p: Persona): string {
  const parsed = parseIin(p.iin);
  if (!parsed.ok) throw new Error(`${p.iin}: ${parsed.message}`);
  return parsed.value.birthDate;
}

function isMinorOn(p: Persona, date: string): boolean {
  const [y, rest] = [Number(birthDate(p).slice(0, 4)), birthDate(p).slice(4)];
  return `${y + 18}${rest}` > date;
}

t.test('every bundled persona passes the schema, the IIN checksum and the exclusive-group rules', async (t) => {
  const validator = new PersonaValidator();
  for (const { persona, source } of loaded) {
    t.same(validator.problems(persona), [], source);
    t.ok(parseIin(persona.iin).ok, `${persona.iin} passes the checksum`);
  }
});

t.test('there are at least 36 bundled personas, each with a one-line label and its scenarios', async (t) => {
  t.ok(personas.length >= 36, `${personas.length} personas`);
  for (const p of personas) {
    t.notMatch(p.label, /\n/, `${p.iin} label is one line`);
    t.ok(p.label.length >= 20, `${p.iin} label says what it is for`);
  }
});

t.test('no two bundled personas share an IIN', async (t) => {
  t.equal(new Set(personas.map((p) => p.iin)).size, personas.length);
  t.equal(indexPersonas(loaded).size, personas.length);
});

t.test('the schema enum of traits and the documented vocabulary list the same traits', async (t) => {
  const schema = schemaById('Persona') as unknown as { properties: { traits: { items: { enum: string[] } } } };
  t.same([...schema.properties.traits.items.enum].sort(), traitVocabulary().map((v) => v.id).sort());
});

t.test('every trait of the vocabulary is carried by at least one bundled persona', async (t) => {
  const carried = new Set(personas.flatMap((p) => p.traits));
  for (const { id } of traitVocabulary()) t.ok(carried.has(id), `${id} is carried`);
});

t.test('every PoA names a bundled representative carrying poa-representative, and every representative is named', async (t) => {
  const named = new Set<string>();
  for (const principal of personas) {
    for (const poa of principal.powersOfAttorney ?? []) {
      named.add(poa.representativeIin);
      const rep = byIin.get(poa.representativeIin);
      t.ok(rep, `${principal.iin} PoA ${poa.number}: representative ${poa.representativeIin} is a persona`);
      if (rep) t.ok(hasTrait(rep, 'poa-representative'), `${rep.iin} carries poa-representative`);
    }
  }
  for (const rep of withTrait('poa-representative')) t.ok(named.has(rep.iin), `${rep.iin} is named in some PoA`);
});

t.test('PoA traits match the PoA data on the reference date', async (t) => {
  const isValid = (poa: NonNullable<Persona['powersOfAttorney']>[number]) => poa.validUntil >= ON && poa.issuedOn <= ON && !poa.revokedOn;
  const poas = (p: Persona) => p.powersOfAttorney ?? [];
  for (const p of withTrait('poa-principal')) t.ok(poas(p).some(isValid), `${p.iin} has a PoA valid on ${ON}`);
  for (const p of withTrait('poa-expired')) t.ok(poas(p).some((poa) => poa.validUntil < ON), `${p.iin} has a PoA that expired before ${ON}`);
  for (const p of withTrait('poa-revoked')) t.ok(poas(p).some((poa) => poa.revokedOn && poa.revokedOn <= ON), `${p.iin} has a revoked PoA`);
  for (const p of withTrait('poa-out-of-scope')) {
    const narrow = poas(p).find((poa) => !poa.scope.includes('*') && specScenarios.services.some((s) => !poa.scope.includes(s)));
    t.ok(narrow, `${p.iin} has a PoA that does not cover some service`);
  }
  for (const p of withTrait('poa-absent')) {
    t.notOk(personas.some((other) => poas(other).some((poa) => poa.representativeIin === p.iin)), `${p.iin} is named in no PoA`);
  }
  for (const p of personas) {
    for (const poa of poas(p)) {
      t.ok(poa.issuedOn < poa.validUntil, `${p.iin} PoA ${poa.number} is issued before it ends`);
      for (const s of poa.scope) t.ok(s === '*' || specScenarios.services.includes(s), `${p.iin} PoA scope "${s}" is a service slug`);
    }
  }
});

t.test('criminal-record traits match the convictions', async (t) => {
  const unexpunged = (p: Persona) => (p.criminalRecord?.convictions ?? []).filter((c) => !c.expunged);
  for (const p of withTrait('crime-convicted')) t.ok(unexpunged(p).length > 0, `${p.iin} has an unexpunged conviction`);
  for (const p of personas.filter((p) => !hasTrait(p, 'crime-convicted'))) t.same(unexpunged(p), [], `${p.iin} has no unexpunged conviction`);
});

t.test('licence holders hold licences, and every licence type is held by someone', async (t) => {
  for (const p of withTrait('licence-holder')) t.ok(p.licences?.length, `${p.iin} has licences`);
  for (const p of personas.filter((p) => p.licences?.length)) t.ok(hasTrait(p, 'licence-holder'), `${p.iin} carries licence-holder`);
  const types = new Set(personas.flatMap((p) => p.licences ?? []).map((l) => l.type));
  t.same([...types].sort(), ['advocacy', 'forensic-expert', 'private-bailiff']);
});

t.test('administrative offences are recorded exactly for admin-offence-recorded personas', async (t) => {
  for (const p of personas) t.equal(Boolean(p.adminOffences?.length), hasTrait(p, 'admin-offence-recorded'), p.iin);
});

t.test("guardians' and parents' children exist and are minors, and every orphan has a guardian", async (t) => {
  for (const p of [...withTrait('guardian'), ...withTrait('parent')]) {
    t.ok(p.guardianOf?.length, `${p.iin} names children`);
    t.notOk(isMinorOn(p, ON), `${p.iin} is an adult`);
    for (const childIin of p.guardianOf ?? []) {
      const child = byIin.get(childIin);
      t.ok(child && hasTrait(child, 'minor'), `${childIin} is a minor persona`);
    }
  }
  const wards = new Set(withTrait('guardian').flatMap((g) => g.guardianOf ?? []));
  for (const orphan of withTrait('orphan')) t.ok(wards.has(orphan.iin), `${orphan.iin} has a guardian`);
});

t.test('minors are under 18 and everyone else is an adult on the reference date', async (t) => {
  for (const p of personas) t.equal(isMinorOn(p, ON), hasTrait(p, 'minor'), `${p.iin} born ${birthDate(p)}`);
});

t.test('deceased personas died after their birth and before the reference date', async (t) => {
  for (const p of withTrait('deceased')) {
    const death = p.gbdfl?.deathDate;
    t.ok(death && death > birthDate(p) && death < ON, `${p.iin} died on ${death}`);
  }
});

t.test('legal-entity officers act for an organisation whose BIN passes the checksum', async (t) => {
  for (const p of personas) t.equal(Boolean(p.organisation), hasTrait(p, 'legal-entity-officer'), `${p.iin} organisation iff legal-entity-officer`);
  for (const p of withTrait('legal-entity-officer')) t.ok(p.organisation && parseBin(p.organisation.bin).ok, `${p.organisation?.bin} is a valid BIN`);
});

t.test('names are Kazakh Cyrillic and patronymics agree with the sex in the IIN', async (t) => {
  const cyrillic = /^[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі -]+$/;
  for (const p of personas) {
    for (const part of [p.surname, p.name, p.patronymic ?? 'ok']) t.match(part, cyrillic, `${p.iin} ${part}`);
    const parsed = parseIin(p.iin);
    if (!p.patronymic || !parsed.ok) continue;
    t.match(p.patronymic, parsed.value.sex === 'male' ? /ұлы$/ : /қызы$/, `${p.iin} ${p.patronymic} fits a ${parsed.value.sex}`);
  }
});

t.test('the names use every Kazakh-specific letter', async (t) => {
  const text = personas.flatMap((p) => [p.surname, p.name, p.patronymic ?? '']).join(' ').toLowerCase();
  for (const letter of 'әғқңөұүһі') t.ok(text.includes(letter), `${letter.toUpperCase()} / ${letter} appears`);
});

t.test('every scenario id a persona lists is in a spec scenario table', async (t) => {
  const known = new Set(Object.values(specScenarios.specs).flat());
  for (const p of personas) for (const id of p.scenarios ?? []) t.ok(known.has(id), `${p.iin} lists ${id}`);
});

t.test('every scenario of the spec tables is driven by at least one bundled persona', async (t) => {
  const driven = new Set(personas.flatMap((p) => p.scenarios ?? []));
  for (const [spec, ids] of Object.entries(specScenarios.specs)) {
    for (const id of ids) t.ok(driven.has(id), `spec ${spec}: ${id}`);
  }
});
