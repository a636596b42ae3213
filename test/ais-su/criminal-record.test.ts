/**
 * АИС СУ criminal-record state by IIN, over REST and through the SHEP gateway: every state, the additional
 * check on the virtual clock, tenants' own personas, bad input and injected faults.
 */
import t from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { buildServer } from '../../src/server.js';
import { asXmlText, callShep, children, injectFault, setClock, shepData, xmlToJson } from '../helpers/soap.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const CONVICTED = '870512303771';
const NO_DATA = '930921305180';
const EXTRA_CHECK = '960229400645';
const CLEAN_WITH_EXPUNGED = '821203309050';
const HAPPY = '900115300013';
const NOT_A_PERSONA = generateIin('1944-08-09', 'male', 5517);
const ITEMS = { convictions: 'conviction' };

function get(iin: string, tenant: string) {
  return app.inject({ method: 'GET', url: `/ais-su/persons/${iin}/criminal-record`, headers: { 'x-sandbox-tenant': tenant } });
}

function shep(iin: string, tenant: string) {
  return shepData(app, { serviceId: 'AISSU_CriminalRecordSync', data: `<iin>${iin}</iin>`, tenant });
}

/** The answer without the time it was given, which differs between two calls. */
function withoutTime<T extends { answeredAt?: unknown }>(answer: T): Omit<T, 'answeredAt'> {
  const { answeredAt: _, ...rest } = answer;
  return rest;
}

t.before(async () => {
  const res = await app.inject({ method: 'GET', url: `/__admin/personas/${NOT_A_PERSONA}` });
  if (res.statusCode !== 404) throw new Error(`${NOT_A_PERSONA} was meant to be no persona`);
});

t.test('a crime-convicted persona has RECORD with the article, court, sentence date and sentence', async (t) => {
  const res = await get(CONVICTED, 'cr-convicted');
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.status, 'RECORD');
  t.equal(body.message.en, 'Criminal record: the person has an unexpunged conviction');
  t.same(body.convictions, [
    { article: '190 ч.2', court: 'Алматы қаласы Алмалы аудандық №2 соты', sentenceDate: '2019-10-04', sentence: '2 жыл бас бостандығын шектеу', expunged: false },
  ]);
  t.notOk('check' in body, 'no additional check');
});

t.test('a crime-clean persona has NO_RECORD, still listing an expunged conviction as expunged', async (t) => {
  const body = (await get(CLEAN_WITH_EXPUNGED, 'cr-clean')).json();
  t.equal(body.status, 'NO_RECORD');
  t.equal(body.message.ru, 'Сведений о судимости не имеется');
  t.same(body.convictions.map((c: { article: string; expunged: boolean }) => [c.article, c.expunged]), [['296 ч.1', true]]);
  const happy = (await get(HAPPY, 'cr-clean')).json();
  t.same([happy.status, happy.convictions], ['NO_RECORD', []], 'a persona with no crime trait is clean');
});

t.test('a crime-no-data persona, and an IIN that is no persona, have NO_DATA with the regulations\' message', async (t) => {
  for (const iin of [NO_DATA, NOT_A_PERSONA]) {
    const body = (await get(iin, 'cr-no-data')).json();
    t.equal(body.status, 'NO_DATA', iin);
    t.equal(body.message.kk, 'Соттылығы туралы деректердің болмауына байланысты деректерді алу мүмкін емес');
    t.same(body.convictions, []);
  }
});

t.test('a crime-extra-check persona opens an additional check that stays IN_PROGRESS until 5 working days have passed, then answers NO_RECORD', async (t) => {
  const tenant = 'cr-extra';
  // Monday 2 June 2025, 10:00 in Astana: the 5 working days are 3, 4, 5, 9 and 10 June (6 June is Kurban ait).
  await setClock(app, tenant, '2025-06-02T05:00:00Z');
  const first = (await get(EXTRA_CHECK, tenant)).json();
  t.equal(first.status, 'ADDITIONAL_CHECK');
  t.equal(first.message.en, 'An additional check is required: the answer comes within 5 working days');
  t.same(first.convictions, []);
  t.match(first.check, { id: /^AC-\d{6}$/, iin: EXTRA_CHECK, status: 'IN_PROGRESS', completesAt: '2025-06-10T19:00:00.000Z', workingDays: 5 });
  t.notOk('result' in first.check, 'no result while in progress');

  const again = (await get(EXTRA_CHECK, tenant)).json();
  t.equal(again.check.id, first.check.id, 'asking again while it runs gives the same check');

  const byId = await app.inject({ method: 'GET', url: `/ais-su/checks/${first.check.id}`, headers: { 'x-sandbox-tenant': tenant } });
  t.equal(byId.statusCode, 200);
  t.same(byId.json(), first.check, 'GET /ais-su/checks/{id} shows the same check');

  await setClock(app, tenant, '2025-06-10T18:59:00Z'); // 23:59 on Tuesday 10 June, the 5th working day
  t.equal((await get(EXTRA_CHECK, tenant)).json().status, 'ADDITIONAL_CHECK', 'still running during the 5th working day');

  await setClock(app, tenant, '2025-06-11T04:00:00Z');
  const done = (await get(EXTRA_CHECK, tenant)).json();
  t.equal(done.status, 'NO_RECORD');
  t.equal(done.check.id, first.check.id);
  t.equal(done.check.status, 'COMPLETED');
  t.same(done.check.result, { status: 'NO_RECORD', message: done.message, convictions: [] });
  const checkDone = (await app.inject({ method: 'GET', url: `/ais-su/checks/${first.check.id}`, headers: { 'x-sandbox-tenant': tenant } })).json();
  t.equal(checkDone.status, 'COMPLETED');
  t.equal(checkDone.result.status, 'NO_RECORD');
});

t.test('an additional check belongs to its tenant, and an unknown check id is 404 ADDITIONAL_CHECK_NOT_FOUND', async (t) => {
  const opened = (await get(EXTRA_CHECK, 'cr-check-owner')).json();
  const elsewhere = await app.inject({ method: 'GET', url: `/ais-su/checks/${opened.check.id}`, headers: { 'x-sandbox-tenant': 'cr-check-other' } });
  t.equal(elsewhere.statusCode, 404);
  t.equal(elsewhere.json().code, 'ADDITIONAL_CHECK_NOT_FOUND');
  t.match(elsewhere.headers['content-type'], /^application\/problem\+json/);
  const unknown = await app.inject({ method: 'GET', url: '/ais-su/checks/AC-999999', headers: { 'x-sandbox-tenant': 'cr-check-owner' } });
  t.equal(unknown.json().code, 'ADDITIONAL_CHECK_NOT_FOUND');
});

t.test('an additional check of a persona that lists an unexpunged conviction completes as RECORD', async (t) => {
  const tenant = 'cr-extra-convicted';
  const iin = generateIin('1991-02-14', 'female', 4410);
  const persona = {
    iin,
    label: 'Additional check that finds a conviction',
    surname: 'Тексерова',
    name: 'Әсел',
    traits: ['crime-extra-check'],
    criminalRecord: { convictions: [{ article: '188 ч.1', sentenceDate: '2021-04-02' }] },
  };
  t.equal((await app.inject({ method: 'POST', url: '/__admin/personas', headers: { 'x-sandbox-tenant': tenant }, payload: persona })).statusCode, 201);
  await setClock(app, tenant, '2026-01-12T05:00:00Z');
  const opened = (await get(iin, tenant)).json();
  t.same([opened.status, opened.convictions], ['ADDITIONAL_CHECK', []], 'nothing is told while the check runs');
  await setClock(app, tenant, '2026-01-30T05:00:00Z');
  const done = (await get(iin, tenant)).json();
  t.equal(done.status, 'RECORD');
  t.same(done.convictions, [{ article: '188 ч.1', sentenceDate: '2021-04-02', expunged: false }]);
});

t.test("a tenant's own persona is answered in that tenant only", async (t) => {
  const iin = generateIin('1983-10-30', 'male', 3310);
  const persona = {
    iin,
    label: 'Tenant persona with a conviction, no crime trait',
    surname: 'Қосылғанов',
    name: 'Ерлан',
    traits: [],
    criminalRecord: { convictions: [{ article: '293 ч.2', court: 'Шымкент қалалық соты', sentenceDate: '2022-09-19', sentence: '1 жыл' }] },
  };
  await app.inject({ method: 'POST', url: '/__admin/personas', headers: { 'x-sandbox-tenant': 'cr-own' }, payload: persona });
  const own = (await get(iin, 'cr-own')).json();
  t.equal(own.status, 'RECORD', 'an unexpunged conviction without a crime trait is a RECORD');
  t.equal(own.convictions[0].court, 'Шымкент қалалық соты');
  t.equal((await get(iin, 'cr-own-other')).json().status, 'NO_DATA', 'another tenant does not know the persona');
});

t.test('AISSU_CriminalRecordSync answers the same data as REST, for every state', async (t) => {
  const tenant = 'cr-shep';
  await setClock(app, tenant, '2025-06-02T05:00:00Z');
  for (const iin of [CONVICTED, CLEAN_WITH_EXPUNGED, NO_DATA, EXTRA_CHECK, NOT_A_PERSONA]) {
    const rest = (await get(iin, tenant)).json();
    const data = await shep(iin, tenant);
    t.same(withoutTime(xmlToJson(data, ITEMS)), asXmlText(withoutTime(rest)), `${iin}: ${rest.status}`);
  }
  const journal = (await app.inject({ method: 'GET', url: '/__admin/journal?serviceId=AISSU_CriminalRecordSync', headers: { 'x-sandbox-tenant': tenant } })).json();
  t.same(journal.entries.map((e: { status: string }) => e.status), ['SCSS001', 'SCSS001', 'SCSS001', 'SCSS001', 'SCSS001'], 'each call is in the journal');
  const convicted = await shep(CONVICTED, tenant);
  const list = children(convicted).find((e) => e.localName === 'convictions')!;
  t.same(children(list).map((e) => e.localName), ['conviction'], 'each conviction is a <conviction> in <convictions>');
});

t.test('an additional check is seen the same through AISSU_AdditionalCheckSync; an unknown id answers ADDITIONAL_CHECK_NOT_FOUND', async (t) => {
  const tenant = 'cr-shep-check';
  await setClock(app, tenant, '2025-06-02T05:00:00Z');
  const opened = xmlToJson(await shep(EXTRA_CHECK, tenant), ITEMS) as { check: { id: string; status: string } };
  t.equal(opened.check.status, 'IN_PROGRESS');
  const rest = (await app.inject({ method: 'GET', url: `/ais-su/checks/${opened.check.id}`, headers: { 'x-sandbox-tenant': tenant } })).json();
  const found = xmlToJson(await shepData(app, { serviceId: 'AISSU_AdditionalCheckSync', data: `<checkId>${opened.check.id}</checkId>`, tenant }), ITEMS);
  t.same(found, { result: 'FOUND', check: asXmlText(rest) });
  const missing = xmlToJson(await shepData(app, { serviceId: 'AISSU_AdditionalCheckSync', data: '<checkId>AC-424242</checkId>', tenant }));
  t.same(missing, { result: 'ADDITIONAL_CHECK_NOT_FOUND' });
});

t.test('a malformed IIN is 400 IIN_INVALID over REST and an IIN_INVALID fault through the gateway; nothing is opened', async (t) => {
  const tenant = 'cr-bad-input';
  for (const bad of ['12345', '870512303772', '87051230377a']) {
    const res = await get(bad, tenant);
    t.equal(res.statusCode, 400, bad);
    t.equal(res.json().code, 'IIN_INVALID', bad);
    const answer = await callShep(app, { serviceId: 'AISSU_CriminalRecordSync', data: `<iin>${bad}</iin>`, tenant });
    t.same(answer.ok ? 'answered' : [answer.fault.errorCode, answer.fault.faultcode], ['IIN_INVALID', 'soap:Client'], bad);
  }
  const missing = await callShep(app, { serviceId: 'AISSU_CriminalRecordSync', data: '<name>no iin</name>', tenant });
  t.same(missing.ok ? 'answered' : [missing.fault.errorCode, missing.fault.errorData], ['MISSING_FIELD', 'request/requestData/data/iin']);
  const noCheckId = await callShep(app, { serviceId: 'AISSU_AdditionalCheckSync', data: '<iin>900115300013</iin>', tenant });
  t.equal(noCheckId.ok ? 'answered' : noCheckId.fault.errorCode, 'MISSING_FIELD');
});

t.test('АИС СУ down in one tenant: 503 SYSTEM_UNAVAILABLE and a SYSTEM_UNAVAILABLE fault there, answers elsewhere', async (t) => {
  await injectFault(app, 'cr-down', 'ais-su', { down: true });
  const res = await get(CONVICTED, 'cr-down');
  t.equal(res.statusCode, 503);
  t.match(res.json(), { code: 'SYSTEM_UNAVAILABLE', system: 'ais-su', fault: 'down' });
  const check = await app.inject({ method: 'GET', url: '/ais-su/checks/AC-000001', headers: { 'x-sandbox-tenant': 'cr-down' } });
  t.equal(check.statusCode, 503, 'checks are behind the same fault');
  const answer = await callShep(app, { serviceId: 'AISSU_CriminalRecordSync', data: `<iin>${CONVICTED}</iin>`, tenant: 'cr-down' });
  t.same(answer.ok ? 'answered' : [answer.fault.errorCode, answer.fault.faultcode, answer.fault.errorData], ['SYSTEM_UNAVAILABLE', 'soap:Server', 'ais-su']);
  const journal = (await app.inject({ method: 'GET', url: '/__admin/journal?serviceId=AISSU_CriminalRecordSync', headers: { 'x-sandbox-tenant': 'cr-down' } })).json();
  t.same(journal.entries.map((e: { status: string; ok: boolean }) => [e.status, e.ok]), [['SYSTEM_UNAVAILABLE', false]], 'the journal records the faulted call');
  t.equal((await get(CONVICTED, 'cr-up')).statusCode, 200, 'another tenant is not affected');
  const viaGateway = await callShep(app, { serviceId: 'AISSU_CriminalRecordSync', data: `<iin>${CONVICTED}</iin>`, tenant: 'cr-up' });
  t.ok(viaGateway.ok, 'nor is its gateway traffic');
});

t.test('an injected timeout is 503 with fault timeout over REST and SYSTEM_TIMEOUT through the gateway', async (t) => {
  await injectFault(app, 'cr-timeout', 'ais-su', { timeout: true });
  const res = await get(HAPPY, 'cr-timeout');
  t.equal(res.statusCode, 503);
  t.match(res.json(), { code: 'SYSTEM_UNAVAILABLE', fault: 'timeout' });
  const answer = await callShep(app, { serviceId: 'AISSU_CriminalRecordSync', data: `<iin>${HAPPY}</iin>`, tenant: 'cr-timeout' });
  t.equal(answer.ok ? 'answered' : answer.fault.errorCode, 'SYSTEM_TIMEOUT');
});
