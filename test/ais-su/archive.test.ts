/**
 * The special-records archive search of seed 004 (archive certificates): FOUND with records, or NOT_FOUND
 * with the written reply suggesting other archives, over REST and through AISSU_ArchiveSearchSync.
 */
import t from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { buildServer } from '../../src/server.js';
import { asXmlText, callShep, injectFault, shepData, xmlToJson } from '../helpers/soap.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const ARCHIVE_FOUND = '611111302034';
const PRINCIPAL_WITH_ARCHIVE = '580417412036';
const HAPPY = '900115300013';
const NOT_A_PERSONA = generateIin('1952-12-01', 'female', 7714);
const ITEMS = { records: 'record', availableAs: 'output' };

function search(iin: string, tenant = 'archive') {
  return app.inject({ method: 'GET', url: `/ais-su/persons/${iin}/archive`, headers: { 'x-sandbox-tenant': tenant } });
}

function withoutTime<T extends { searchedAt?: unknown }>(answer: T): Omit<T, 'searchedAt'> {
  const { searchedAt: _, ...rest } = answer;
  return rest;
}

t.test('an archive-records-found persona: FOUND, with records that can be issued as a certificate or copies', async (t) => {
  const res = await search(ARCHIVE_FOUND);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.result, 'FOUND');
  t.equal(body.records.length, 2);
  t.match(body.records[0], { reference: /^АЕА-\d{4}-\d{4}\/1$/, year: Number, availableAs: ['ARCHIVE_CERTIFICATE'] });
  t.same(body.records[1].availableAs, ['ARCHIVE_CERTIFICATE', 'DOCUMENT_COPY']);
  t.match(body.reply.en, /was found/);
  t.same((await search(ARCHIVE_FOUND)).json().records, body.records, 'the same records every time');
  t.equal((await search(PRINCIPAL_WITH_ARCHIVE)).json().result, 'FOUND', 'the other bundled persona with archive records');
});

t.test('anyone else: NOT_FOUND, no records, and the reply suggesting other archives in kk, ru and en', async (t) => {
  for (const iin of [HAPPY, NOT_A_PERSONA]) {
    const body = (await search(iin)).json();
    t.equal(body.result, 'NOT_FOUND', iin);
    t.same(body.records, []);
    t.match(body.reply.kk, /Басқа архивтерге жүгінуіңізді ұсынамыз/);
    t.match(body.reply.ru, /Рекомендуем обратиться в другие архивы/);
    t.match(body.reply.en, /Please apply to other archives/);
  }
});

t.test('AISSU_ArchiveSearchSync answers the same data as REST', async (t) => {
  for (const iin of [ARCHIVE_FOUND, HAPPY]) {
    const rest = (await search(iin, 'archive-shep')).json();
    const data = await shepData(app, { serviceId: 'AISSU_ArchiveSearchSync', data: `<iin>${iin}</iin>`, tenant: 'archive-shep' });
    t.same(withoutTime(xmlToJson(data, ITEMS)), asXmlText(withoutTime(rest)), `${iin}: ${rest.result}`);
  }
});

t.test('a malformed IIN: 400 IIN_INVALID over REST, an IIN_INVALID fault through the gateway', async (t) => {
  const res = await search('6111113020');
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'IIN_INVALID');
  const answer = await callShep(app, { serviceId: 'AISSU_ArchiveSearchSync', data: '<iin>611111302035</iin>' });
  t.equal(answer.ok ? 'answered' : answer.fault.errorCode, 'IIN_INVALID');
  const missing = await callShep(app, { serviceId: 'AISSU_ArchiveSearchSync', data: '' });
  t.equal(missing.ok ? 'answered' : missing.fault.errorCode, 'MISSING_FIELD');
});

t.test('the archive is behind АИС СУ faults, per tenant', async (t) => {
  await injectFault(app, 'archive-down', 'ais-su', { down: true });
  const res = await search(ARCHIVE_FOUND, 'archive-down');
  t.equal(res.statusCode, 503);
  t.equal(res.json().code, 'SYSTEM_UNAVAILABLE');
  const answer = await callShep(app, { serviceId: 'AISSU_ArchiveSearchSync', data: `<iin>${ARCHIVE_FOUND}</iin>`, tenant: 'archive-down' });
  t.equal(answer.ok ? 'answered' : answer.fault.errorCode, 'SYSTEM_UNAVAILABLE');
  t.equal((await search(ARCHIVE_FOUND, 'archive-up')).statusCode, 200);
});
