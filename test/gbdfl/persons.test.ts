import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import t, { type Test } from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { loadSchemas } from '../../src/core/schemas.js';
import { buildServer } from '../../src/server.js';
import { shepData, xmlToJson } from '../helpers/soap.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const HAPPY = '900115300013';

async function sandbox(t: Test) {
  const app = await buildServer({ logger: false });
  t.teardown(() => app.close());
  return app;
}

/** The first bundled persona carrying a trait (read through the admin API, as a user would find one). */
async function personaWith(app: Awaited<ReturnType<typeof buildServer>>, trait: string): Promise<{ iin: string; surname: string }> {
  const { personas } = (await app.inject(`/__admin/personas?trait=${trait}`)).json();
  if (!personas.length) throw new Error(`no bundled persona carries ${trait}`);
  return personas[0];
}

t.test('a persona comes back in the GBD FL shape, valid against the published schema', async (t) => {
  const app = await sandbox(t);
  const res = await app.inject(`/gbdfl/persons/${HAPPY}`);
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json; charset=utf-8/);
  const person = res.json();
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const schema of loadSchemas()) ajv.addSchema(schema);
  const valid = ajv.validate('GbdflPerson', person);
  t.ok(valid, `GbdflPerson: ${ajv.errorsText()}`);
  t.match(person, {
    iin: HAPPY,
    surname: 'Әбілқайыров',
    name: 'Ғалымжан',
    patronymic: 'Нұрланұлы',
    birthDate: '1990-01-15',
    gender: { code: '1', nameRu: 'Мужской', nameKz: 'Ер' },
    citizenship: { code: '398' },
    lifeStatus: { code: '0' },
    documents: { document: [{ type: { code: '002' }, status: { code: '00' }, surname: 'Әбілқайыров' }] },
    regAddress: { country: { code: '398' } },
    removed: false,
  });
  t.notOk('deathDate' in person, 'a living person has no deathDate');
});

t.test('Kazakh letters survive as UTF-8 bytes on the wire', async (t) => {
  const app = await sandbox(t);
  const res = await app.inject(`/gbdfl/persons/${HAPPY}`);
  t.ok(res.rawPayload.includes(Buffer.from('Әбілқайыров', 'utf8')), 'the surname is sent as UTF-8, not escaped');
});

t.test('a deceased persona has lifeStatus 1 and a deathDate', async (t) => {
  const app = await sandbox(t);
  const deceased = await personaWith(app, 'deceased');
  const person = (await app.inject(`/gbdfl/persons/${deceased.iin}`)).json();
  t.equal(person.lifeStatus.code, '1');
  t.match(person.deathDate, /^\d{4}-\d{2}-\d{2}$/);
});

t.test('an expired identity document is marked unfit (status 07) with its invalidity date', async (t) => {
  const app = await sandbox(t);
  const expired = await personaWith(app, 'id-document-expired');
  const person = (await app.inject(`/gbdfl/persons/${expired.iin}`)).json();
  const [doc] = person.documents.document;
  t.equal(doc.status.code, '07');
  t.equal(doc.invalidityDate, doc.endDate);
  t.ok(doc.endDate < '2026-01-01', `endDate ${doc.endDate} is in the past`);
});

t.test('a persona absent from GBD FL and an unknown IIN both give 404 PERSON_NOT_FOUND', async (t) => {
  const app = await sandbox(t);
  const absent = await personaWith(app, 'gbdfl-absent');
  const unknown = generateIin('1977-04-05', 'female', 9000);
  t.equal((await app.inject(`/__admin/personas/${unknown}`)).statusCode, 404, 'the generated IIN is no persona');
  for (const iin of [absent.iin, unknown]) {
    const res = await app.inject(`/gbdfl/persons/${iin}`);
    t.equal(res.statusCode, 404, iin);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.json(), { status: 404, code: 'PERSON_NOT_FOUND', detail: new RegExp(iin) });
  }
});

t.test('an invalid IIN gives 400 IIN_INVALID naming the rule it breaks', async (t) => {
  const app = await sandbox(t);
  const cases: [string, string][] = [
    ['900115300014', 'CHECK_DIGIT'],
    ['90011530001', 'NOT_12_DIGITS'],
    ['abcdefghijkl', 'NOT_12_DIGITS'],
    ['900230300013', 'BIRTH_DATE'],
    ['900115700013', 'CENTURY_SEX_DIGIT'],
    ['900115301206', 'NEVER_ISSUED'],
  ];
  for (const [iin, fault] of cases) {
    const res = await app.inject(`/gbdfl/persons/${iin}`);
    t.equal(res.statusCode, 400, iin);
    t.match(res.json(), { code: 'IIN_INVALID', fault }, iin);
    t.notMatch(res.body, /\n\s+at /, 'no stack trace');
  }
});

t.test('a fault injected on gbdfl gives 503 SYSTEM_UNAVAILABLE in that tenant only', async (t) => {
  const app = await sandbox(t);
  await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'x-sandbox-tenant': 'broken' }, payload: { system: 'gbdfl', down: true } });
  const down = await app.inject({ url: `/gbdfl/persons/${HAPPY}`, headers: { 'x-sandbox-tenant': 'broken' } });
  t.equal(down.statusCode, 503);
  t.match(down.json(), { code: 'SYSTEM_UNAVAILABLE', system: 'gbdfl', fault: 'down' });
  t.equal((await app.inject(`/gbdfl/persons/${HAPPY}`)).statusCode, 200, 'the default tenant still answers');
});

t.test('REST and the SHEP gateway answer the same person', async (t) => {
  const app = await sandbox(t);
  const rest = (await app.inject(`/gbdfl/persons/${HAPPY}`)).json();
  const data = await shepData(app, { serviceId: 'GBDFL_UniversalServiceSync', data: `<iin>${HAPPY}</iin>` });
  const soap = xmlToJson(data, { documents: 'document' });
  const person = (soap.persons as Record<string, Record<string, unknown>>).person!;
  t.equal(person.iin, rest.iin);
  t.equal(person.surname, rest.surname);
  t.equal(person.birthDate, rest.birthDate);
  t.same(person.gender, rest.gender);
  t.same(person.regAddress, rest.regAddress);
  t.equal((person.documents as Record<string, unknown>[])[0]!.number, rest.documents.document[0].number);
});
