import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { BUNDLED_PERSONAS_DIR, loadPersonaDir } from '../../src/personas/loader.js';
import type { Persona } from '../../src/personas/persona.js';
import { buildServer, type SandboxOptions } from '../../src/server.js';

const bundled = loadPersonaDir(BUNDLED_PERSONAS_DIR).map((l) => l.persona);

/** A persona no bundled file uses. */
const newcomer = {
  iin: '920415300018',
  label: 'Added at run time by a test',
  surname: 'Серікбаев',
  name: 'Нұрлан',
  patronymic: 'Болатұлы',
  traits: ['crime-convicted'],
  criminalRecord: { convictions: [{ article: '190 ч.1', sentenceDate: '2020-05-04' }] },
};

async function server(t: { teardown: (fn: () => unknown) => void }, options: SandboxOptions = {}): Promise<FastifyInstance> {
  const app = await buildServer({ logger: false, ...options });
  t.teardown(() => app.close());
  return app;
}

function tempDir(t: { teardown: (fn: () => void) => void }, files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'personas-api-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

const iinsOf = (body: { personas: Persona[] }) => body.personas.map((p) => p.iin).sort();
const iinsWith = (...traits: string[]) => bundled.filter((p) => traits.every((tr) => p.traits.includes(tr))).map((p) => p.iin).sort();

t.test('GET /__admin/personas?trait=crime-convicted returns exactly the convicted personas', async (t) => {
  const app = await server(t);
  const res = await app.inject({ url: '/__admin/personas?trait=crime-convicted' });
  t.equal(res.statusCode, 200);
  const body = res.json<{ count: number; personas: Persona[] }>();
  t.ok(body.count > 0);
  t.equal(body.count, body.personas.length);
  t.same(iinsOf(body), iinsWith('crime-convicted'));
  for (const p of body.personas) t.ok(p.traits.includes('crime-convicted'), `${p.iin} is convicted`);
});

t.test('without a trait filter every bundled persona is listed', async (t) => {
  const app = await server(t);
  const body = (await app.inject({ url: '/__admin/personas' })).json<{ count: number; personas: Persona[] }>();
  t.equal(body.count, bundled.length);
});

t.test('several traits, repeated or comma-separated, must all be carried', async (t) => {
  const app = await server(t);
  const expected = iinsWith('poa-representative', 'gbdfl-absent');
  t.equal(expected.length, 1, 'one bundled representative is unknown to GBD FL');
  t.ok(iinsWith('poa-representative').length > expected.length, 'the filter narrows the list');
  for (const url of ['/__admin/personas?trait=poa-representative&trait=gbdfl-absent', '/__admin/personas?trait=poa-representative,gbdfl-absent']) {
    const res = await app.inject({ url });
    t.equal(res.statusCode, 200, url);
    t.same(iinsOf(res.json()), expected, url);
  }
});

t.test('an unknown trait is a 400 TRAIT_UNKNOWN problem naming it', async (t) => {
  const app = await server(t);
  const res = await app.inject({ url: '/__admin/personas?trait=crime-convicted,crime-maybe' });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.match(res.json(), { status: 400, code: 'TRAIT_UNKNOWN', detail: /crime-maybe/ });
  t.notMatch(res.json().detail, /crime-convicted,/, 'only the unknown trait is named');
});

t.test('a persona added with POST is in GBD FL for its tenant only', async (t) => {
  const app = await server(t);
  const added = await app.inject({ method: 'POST', url: '/__admin/personas', headers: { 'x-sandbox-tenant': 'alpha' }, payload: newcomer });
  t.equal(added.statusCode, 201);
  t.match(added.json(), { iin: newcomer.iin, surname: newcomer.surname });

  const inAlpha = await app.inject({ url: `/gbdfl/persons/${newcomer.iin}`, headers: { 'x-sandbox-tenant': 'alpha' } });
  t.equal(inAlpha.statusCode, 200);
  t.match(inAlpha.json(), { iin: newcomer.iin, surname: 'Серікбаев', name: 'Нұрлан', birthDate: '1992-04-15', gender: { code: '1' } });

  const inBeta = await app.inject({ url: `/gbdfl/persons/${newcomer.iin}`, headers: { 'x-sandbox-tenant': 'beta' } });
  t.equal(inBeta.statusCode, 404);
  t.equal(inBeta.json().code, 'PERSON_NOT_FOUND');

  const listed = await app.inject({ url: '/__admin/personas?trait=crime-convicted', headers: { 'x-sandbox-tenant': 'alpha' } });
  t.ok(iinsOf(listed.json()).includes(newcomer.iin), 'the trait filter sees it in its tenant');
});

t.test('a bad persona gets 400 PERSONA_INVALID naming each field, and nothing is added', async (t) => {
  const app = await server(t);
  const bad = { ...newcomer, traits: ['crime-maybe'], engSurname: 'Серікбаев', portal: { phone: '87011234567' } };
  const res = await app.inject({ method: 'POST', url: '/__admin/personas', payload: bad });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const body = res.json<{ code: string; errors: string[] }>();
  t.equal(body.code, 'PERSONA_INVALID');
  t.equal(body.errors.length, 3, body.errors.join('\n'));
  for (const field of [/^\/engSurname: must match/, /^\/traits\/0: must be one of/, /^\/portal\/phone: must match/]) {
    t.ok(body.errors.some((e) => field.test(e)), `an error names ${field.source}`);
  }

  t.equal((await app.inject({ url: `/__admin/personas/${newcomer.iin}` })).statusCode, 404);
  t.equal((await app.inject({ url: `/gbdfl/persons/${newcomer.iin}` })).statusCode, 404);
});

t.test('a persona whose IIN fails the checksum is refused naming /iin', async (t) => {
  const app = await server(t);
  const res = await app.inject({ method: 'POST', url: '/__admin/personas', payload: { ...newcomer, iin: '920415300017' } });
  t.equal(res.statusCode, 400);
  t.same(res.json().errors, ['/iin: IIN check digit is 7, expected 8']);
});

t.test('adding an IIN that is already a persona is 409 PERSONA_EXISTS', async (t) => {
  const app = await server(t);
  const happy = bundled[0]!;
  const clash = await app.inject({ method: 'POST', url: '/__admin/personas', payload: { ...newcomer, iin: happy.iin } });
  t.equal(clash.statusCode, 409);
  t.equal(clash.json().code, 'PERSONA_EXISTS');
  t.equal((await app.inject({ url: `/__admin/personas/${happy.iin}` })).json().surname, happy.surname, 'the bundled persona is unchanged');

  t.equal((await app.inject({ method: 'POST', url: '/__admin/personas', payload: newcomer })).statusCode, 201);
  t.equal((await app.inject({ method: 'POST', url: '/__admin/personas', payload: newcomer })).statusCode, 409, 'an added one too');
});

t.test('POST /__admin/reset removes the personas the tenant added', async (t) => {
  const app = await server(t);
  const headers = { 'x-sandbox-tenant': 'gamma' };
  t.equal((await app.inject({ method: 'POST', url: '/__admin/personas', headers, payload: newcomer })).statusCode, 201);
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', headers })).statusCode, 200);
  t.equal((await app.inject({ url: `/gbdfl/persons/${newcomer.iin}`, headers })).statusCode, 404);
  t.equal((await app.inject({ url: `/__admin/personas/${newcomer.iin}`, headers })).statusCode, 404);
  t.equal((await app.inject({ url: '/__admin/personas', headers })).json().count, bundled.length, 'the bundled ones stay');
});

t.test('buildServer loads the personas of extra folders for every tenant', async (t) => {
  const dir = tempDir(t, { 'ours.json': [newcomer] });
  const app = await server(t, { personasDirs: [dir] });
  for (const tenant of ['default', 'delta']) {
    const res = await app.inject({ url: `/gbdfl/persons/${newcomer.iin}`, headers: { 'x-sandbox-tenant': tenant } });
    t.equal(res.statusCode, 200, tenant);
  }
  t.equal((await app.inject({ url: '/__admin/personas' })).json().count, bundled.length + 1);
});

t.test('buildServer with a bad persona folder rejects, naming the file and the field', async (t) => {
  const dir = tempDir(t, { 'ours.json': [newcomer, { ...newcomer, iin: '051230500015', traits: ['gbdfl-absent', 'deceased'] }] });
  await t.rejects(buildServer({ logger: false, personasDirs: [dir] }), {
    name: 'PersonaValidationError',
    message: new RegExp(`${join(dir, 'ours.json').replace(/[.[\]\\/]/g, '\\$&')}\\[1\\][^]*/traits/1: "deceased" cannot be combined with "gbdfl-absent"`),
  });
});

t.test('buildServer refuses an extra folder reusing a bundled IIN, naming both files', async (t) => {
  const happy = bundled[0]!;
  const dir = tempDir(t, { 'clash.json': { ...newcomer, iin: happy.iin } });
  await t.rejects(buildServer({ logger: false, personasDirs: [dir] }), {
    message: new RegExp(`clash\\.json[^]*${happy.iin} is already used by .*000-happy\\.json\\[0\\]`),
  });
});
