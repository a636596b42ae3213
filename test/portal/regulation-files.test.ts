/**
 * The regulation files in fixtures/regulations/: each validates against schemas/regulation.schema.json and is a
 * sound graph, every citation names lines its seed has, and the scenario tables reach every refusal and result
 * step of every channel (branch coverage of the tables).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createFileValidator, describeAjvErrors } from '../../src/core/schemas.js';
import { graphProblems, loadRegulationDir, RegulationFileError } from '../../src/regulations/catalogue.js';
import type { Channel, Citation, Regulation, Scenario, Step } from '../../src/regulations/types.js';

const REGULATIONS_DIR = new URL('../../fixtures/regulations/', import.meta.url);
const SEEDS_DIR = new URL('../../fixtures/seeds/', import.meta.url);
const PERSONAS_DIR = new URL('../../fixtures/personas/', import.meta.url);
const names = readdirSync(REGULATIONS_DIR).filter((f) => f.endsWith('.json')).sort();
const files = names.map((name) => ({ name, data: JSON.parse(readFileSync(new URL(name, REGULATIONS_DIR), 'utf8')) as Regulation }));
const seeds = new Map(readdirSync(SEEDS_DIR).map((f) => [f, readFileSync(new URL(f, SEEDS_DIR), 'utf8').split('\n')]));
const personaIins = new Set(
  readdirSync(PERSONAS_DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const data = JSON.parse(readFileSync(new URL(f, PERSONAS_DIR), 'utf8'));
      return ((Array.isArray(data) ? data : data.personas) as { iin: string }[]).map((p) => p.iin);
    }),
);

/**
 * Channels whose scenario table misses refusal or result steps, reported to the regulations' owner: the test
 * for them is a todo until rows are added (each rows the provider API can drive; see test/portal/decisions.test.ts).
 */
const KNOWN_GAPS: Record<string, string> = {};

t.test('there are nine regulation files, one per service, named after it', async (t) => {
  t.equal(files.length, 9);
  for (const { name, data } of files) t.equal(name, `${data.service}.json`, name);
});

t.test('every regulation file validates against schemas/regulation.schema.json', async (t) => {
  const validate = createFileValidator().getSchema('Regulation')!;
  for (const { name, data } of files) t.ok(validate(data), `${name}: ${describeAjvErrors(validate.errors).join('; ') || 'valid'}`);
});

t.test('every regulation file is a sound graph: steps reachable, references known, checks implemented', async (t) => {
  for (const { name, data } of files) t.same(graphProblems(data), [], name);
  t.equal(loadRegulationDir().length, files.length, 'the loader takes them all');
});

t.test('a broken regulation file is refused by the loader, naming the file and the problem', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'regulations-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const broken = structuredClone(files[0]!.data);
  broken.channels[0]!.steps[0]!.next = 'no-such-step';
  writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
  t.throws(() => loadRegulationDir(dir), RegulationFileError);
  try {
    loadRegulationDir(dir);
  } catch (error) {
    t.match((error as Error).message, /broken\.json.*no-such-step/);
  }
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...files[0]!.data, colour: 'blue' }));
  t.throws(() => loadRegulationDir(dir), /unknown field "colour"/);
  writeFileSync(join(dir, 'broken.json'), '{ not json');
  t.throws(() => loadRegulationDir(dir), /not JSON/);
});

/** Every citation in a regulation, with where it is. */
function citations(r: Regulation): [string, Citation][] {
  return [
    ['legal', r.legal.citation],
    ...r.variants.map((v): [string, Citation] => [`variant ${v.id}`, v.citation]),
    ...r.documents.map((d): [string, Citation] => [`document ${d.id}`, d.citation]),
    ...r.ambiguities.map((a): [string, Citation] => [`ambiguity ${a.id}`, a.citation]),
    ...r.channels.flatMap((c): [string, Citation][] => [[`channel ${c.id}`, c.citation], ...c.steps.map((s): [string, Citation] => [`${c.id} step ${s.id}`, s.citation])]),
  ];
}

/** "190-192,43-45,49" as [from, to] pairs. */
function ranges(lines: string): [number, number][] {
  return lines.split(',').map((range) => {
    const [from, to = from] = range.split('-').map((x) => Number(x.trim()));
    return [from!, to!];
  });
}

t.test("every citation names lines its seed has, and they hold text", async (t) => {
  for (const { name, data } of files) {
    const seed = seeds.get(data.seed);
    t.ok(seed, `${name}: seed ${data.seed} is in fixtures/seeds`);
    if (!seed) continue;
    let checked = 0;
    for (const [where, citation] of citations(data)) {
      t.equal(citation.seed, data.seed, `${name} ${where}: cites its own seed`);
      const bad = ranges(citation.lines).filter(([from, to]) => !(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && from <= to && to <= seed.length));
      if (bad.length) t.fail(`${name} ${where}: lines ${citation.lines} are not within 1-${seed.length}`);
      const text = ranges(citation.lines).flatMap(([from, to]) => seed.slice(from - 1, to)).join('').trim();
      if (!text) t.fail(`${name} ${where}: lines ${citation.lines} are blank`);
      checked++;
    }
    t.ok(checked > 20, `${name}: ${checked} citations checked`);
  }
});

t.test('every scenario row is driven by a persona that exists, with a unique id, on a channel and variant of its service', async (t) => {
  for (const { name, data } of files) {
    const ids = data.scenarios.map((s) => s.id);
    t.equal(new Set(ids).size, ids.length, `${name}: scenario ids are unique`);
    for (const s of data.scenarios) {
      t.ok(personaIins.has(s.persona), `${name} ${s.id}: persona ${s.persona} is bundled`);
      if (s.representative) t.ok(personaIins.has(s.representative), `${name} ${s.id}: representative ${s.representative} is bundled`);
    }
  }
});

/** The steps a scenario row reaches: its path when it gives one, its outcome step, and the steps the walk goes on to after a refusal. */
function reached(channel: Channel, scenario: Scenario): Set<string> {
  const steps = new Map(channel.steps.map((s) => [s.id, s]));
  const out = new Set(scenario.expect.path ?? []);
  for (let step: Step | undefined = steps.get(scenario.expect.step); step; step = step.kind === 'condition' || !step.next ? undefined : steps.get(step.next)) out.add(step.id);
  return out;
}

for (const { data } of files) {
  for (const channel of data.channels) {
    const key = `${data.service}/${channel.id}`;
    const gap = KNOWN_GAPS[key];
    t.test(`every refusal and result step of ${data.service} (${channel.id}) is reached by a scenario row`, gap ? { todo: gap } : {}, async (t) => {
      const covered = new Set(data.scenarios.filter((s) => s.channel === channel.id).flatMap((s) => [...reached(channel, s)]));
      for (const step of channel.steps.filter((s) => s.kind === 'refusal' || s.kind === 'result')) {
        t.ok(covered.has(step.id), `${step.id} (${step.kind} ${step.code})`);
      }
    });
  }
}

t.test('the known gaps of the scenario tables are still gaps (remove one from KNOWN_GAPS when rows cover it)', async (t) => {
  for (const key of Object.keys(KNOWN_GAPS)) {
    const [service, channelId] = key.split('/');
    const data = files.find((f) => f.data.service === service)!.data;
    const channel = data.channels.find((c) => c.id === channelId)!;
    const covered = new Set(data.scenarios.filter((s) => s.channel === channel.id).flatMap((s) => [...reached(channel, s)]));
    const missing = channel.steps.filter((s) => (s.kind === 'refusal' || s.kind === 'result') && !covered.has(s.id));
    t.ok(missing.length > 0, `${key}: still missing ${missing.map((s) => s.id).join(', ') || 'nothing'}`);
  }
});
