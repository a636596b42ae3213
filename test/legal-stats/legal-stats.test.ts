/**
 * Legal statistics: administrative offences (seed 004 D) and the register checks of seed 002 (ҚР БП ҚСЖАЕК АЖ,
 * ББТ), over REST and through the SHEP gateway; the configurable reading of ББТ; bad input; faults.
 */
import t from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { buildServer } from '../../src/server.js';
import { DEFAULT_BBT_READING } from '../../src/systems/legal-stats/registers.js';
import { LegalStatsService } from '../../src/systems/legal-stats/service.js';
import { asXmlText, callShep, injectFault, shepData, xmlToJson } from '../helpers/soap.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const OFFENDER = '900606317176';
const PROSECUTOR_RECORD = '830119309023';
const DEBTOR = '870928418361';
const CONVICTED = '870512303771';
const HAPPY = '900115300013';
const NOT_A_PERSONA = generateIin('1969-07-23', 'female', 2290);
const ITEMS = { offences: 'offence', registers: 'register', entries: 'entry' };

function get(url: string, tenant = 'legal-stats') {
  return app.inject({ method: 'GET', url, headers: { 'x-sandbox-tenant': tenant } });
}

function withoutTime<T extends { checkedAt?: unknown }>(answer: T): Omit<T, 'checkedAt'> {
  const { checkedAt: _, ...rest } = answer;
  return rest;
}

type Register = { id: string; result: string; entries: { kind: string; article?: string; amountKzt?: number }[] };

t.test('an admin-offence-recorded persona: RECORDS_FOUND with both offences', async (t) => {
  const res = await get(`/legal-stats/persons/${OFFENDER}/admin-offences`);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.result, 'RECORDS_FOUND');
  t.same(body.offences, [
    { article: '592 ч.3', date: '2025-08-14', penalty: '10 АЕК айыппұл', body: 'Алматы қаласы ПД әкімшілік полиция басқармасы' },
    { article: '434 ч.1', date: '2024-02-03', penalty: '5 АЕК айыппұл', body: 'Алматы қаласы Бостандық аудандық полиция басқармасы' },
  ]);
});

t.test('anyone else, an IIN that is no persona included: NO_RECORDS and an empty list', async (t) => {
  for (const iin of [HAPPY, NOT_A_PERSONA]) {
    const body = (await get(`/legal-stats/persons/${iin}/admin-offences`)).json();
    t.same([body.result, body.offences], ['NO_RECORDS', []], iin);
  }
});

t.test('ҚР БП ҚСЖАЕК АЖ: a prosecutor-record persona is a HIT (prosecution terminated on non-rehabilitating grounds); ББТ is clear', async (t) => {
  const body = (await get(`/legal-stats/persons/${PROSECUTOR_RECORD}/register-checks`)).json();
  t.equal(body.result, 'HIT');
  const [prosecutor, bbt] = body.registers as Register[];
  t.match(prosecutor, { id: 'prosecutor', result: 'HIT', entries: [{ kind: 'NON_REHABILITATING_TERMINATION', article: '190 ч.1' }] });
  t.equal(body.registers[0].abbreviation, 'ҚР БП ҚСЖАЕК АЖ');
  t.equal(body.registers[0].entries[0].description.ru, 'Уголовное преследование прекращено по нереабилитирующим основаниям');
  t.same([bbt!.id, bbt!.result, bbt!.entries], ['bbt', 'CLEAR', []]);
});

t.test('ББТ, read as the unified register of debtors: a bbt-debtor persona has an enforcement proceeding; the prosecutor register is clear', async (t) => {
  const body = (await get(`/legal-stats/persons/${DEBTOR}/register-checks`)).json();
  t.equal(body.result, 'HIT');
  const [prosecutor, bbt] = body.registers as Register[];
  t.equal(prosecutor!.result, 'CLEAR');
  t.match(bbt, { id: 'bbt', result: 'HIT', entries: [{ kind: 'ENFORCEMENT_PROCEEDING', amountKzt: Number }] });
  t.same(body.registers[1].label, { kk: 'Бірыңғай борышкерлер тізілімі', ru: 'Единый реестр должников', en: 'Unified register of debtors' });
});

t.test('an unexpunged conviction is also a prosecutor-register HIT; a clean persona and an unknown IIN are CLEAR everywhere', async (t) => {
  const convicted = (await get(`/legal-stats/persons/${CONVICTED}/register-checks`)).json();
  t.match(convicted.registers[0], { result: 'HIT', entries: [{ kind: 'CONVICTION', article: '190 ч.2', date: '2019-10-04' }] });
  for (const iin of [HAPPY, '821203309050', NOT_A_PERSONA]) {
    const body = (await get(`/legal-stats/persons/${iin}/register-checks`)).json();
    t.same([body.result, ...body.registers.map((r: Register) => r.result)], ['CLEAR', 'CLEAR', 'CLEAR'], iin);
  }
});

t.test('?register= asks one register only; another name is 400 REGISTER_UNKNOWN', async (t) => {
  const bbtOnly = (await get(`/legal-stats/persons/${DEBTOR}/register-checks?register=bbt`)).json();
  t.same(bbtOnly.registers.map((r: Register) => r.id), ['bbt']);
  t.equal(bbtOnly.result, 'HIT');
  const prosecutorOnly = (await get(`/legal-stats/persons/${DEBTOR}/register-checks?register=prosecutor`)).json();
  t.same([prosecutorOnly.result, prosecutorOnly.registers.length], ['CLEAR', 1], 'the debtor is clear when only the prosecutor register is asked');
  const unknown = await get(`/legal-stats/persons/${DEBTOR}/register-checks?register=tax`);
  t.equal(unknown.statusCode, 400);
  t.equal(unknown.json().code, 'REGISTER_UNKNOWN');
  const extra = await get(`/legal-stats/persons/${DEBTOR}/register-checks?registry=bbt`);
  t.equal(extra.json().code, 'VALIDATION_FAILED', 'an unknown query parameter is refused, not ignored');
});

t.test('GET /legal-stats/registers states the reading of each register', async (t) => {
  const { registers } = (await get('/legal-stats/registers')).json();
  t.same(registers.map((r: { id: string }) => r.id), ['prosecutor', 'bbt']);
  t.match(registers[1], { abbreviation: 'ББТ', label: { en: 'Unified register of debtors' }, meaning: /enforcement/ });
});

t.test('the reading of ББТ is an option of the service: another label and meaning are answered as configured', async (t) => {
  const service = new LegalStatsService(app.sandbox.personas, {
    bbt: { label: { kk: 'Басқа тізілім', ru: 'Другой реестр', en: 'Another register' }, meaning: 'a test reading' },
  });
  t.match(service.registers[1], { id: 'bbt', abbreviation: 'ББТ', label: { en: 'Another register' }, meaning: 'a test reading' });
  const answer = await service.registerCheck(app.sandbox.tenants.get('legal-stats-option'), DEBTOR, 'bbt');
  t.match(answer.registers[0], { label: { en: 'Another register' }, result: 'HIT' });
  t.equal(new LegalStatsService(app.sandbox.personas).registers[1]!.meaning, DEFAULT_BBT_READING.meaning, 'the default reading');
});

t.test('the reading of ББТ is a server option: buildServer({ legalStats: { bbt } }) answers it on REST and SHEP', async (t) => {
  const reading = { label: { kk: 'Басқа тізілім', ru: 'Другой реестр', en: 'Another register' }, meaning: 'a configured reading' };
  const configured = await buildServer({ logger: false, legalStats: { bbt: reading } });
  t.teardown(() => configured.close());
  const registers = (await configured.inject('/legal-stats/registers')).json().registers;
  t.match(registers[1], { id: 'bbt', abbreviation: 'ББТ', ...reading });
  t.match(registers[0], { id: 'prosecutor', abbreviation: 'ҚР БП ҚСЖАЕК АЖ' }, 'the other register as before');
  const check = (await configured.inject(`/legal-stats/persons/${DEBTOR}/register-checks?register=bbt`)).json();
  t.match(check.registers[0], { id: 'bbt', label: reading.label, result: 'HIT' });
  const viaShep = xmlToJson(await shepData(configured, { serviceId: 'LEGALSTATS_RegisterCheckSync', data: `<iin>${DEBTOR}</iin><register>bbt</register>` }), ITEMS) as any;
  t.match(viaShep.registers[0], { id: 'bbt', label: reading.label }, 'through SHEP too');
  const renamed = await buildServer({ logger: false, legalStats: { bbt: { abbreviation: 'BBT-X' } } });
  t.teardown(() => renamed.close());
  t.match((await renamed.inject('/legal-stats/registers')).json().registers[1], { abbreviation: 'BBT-X', label: DEFAULT_BBT_READING.label, meaning: DEFAULT_BBT_READING.meaning }, 'each field left out keeps the default');
  t.match((await app.inject('/legal-stats/registers')).json().registers[1], { label: DEFAULT_BBT_READING.label, meaning: DEFAULT_BBT_READING.meaning }, 'without the option: the default reading');
});

t.test("a tenant's own persona: its offences and register traits in that tenant only", async (t) => {
  const iin = generateIin('1995-05-05', 'male', 1207);
  const persona = {
    iin,
    label: 'Tenant persona: one offence, debtor',
    surname: 'Тізімов',
    name: 'Дархан',
    traits: ['admin-offence-recorded', 'bbt-debtor'],
    adminOffences: [{ article: '610 ч.1', date: '2026-01-20' }],
  };
  await app.inject({ method: 'POST', url: '/__admin/personas', headers: { 'x-sandbox-tenant': 'ls-own' }, payload: persona });
  t.same((await get(`/legal-stats/persons/${iin}/admin-offences`, 'ls-own')).json().offences, [{ article: '610 ч.1', date: '2026-01-20' }]);
  t.equal((await get(`/legal-stats/persons/${iin}/register-checks`, 'ls-own')).json().registers[1].result, 'HIT');
  t.equal((await get(`/legal-stats/persons/${iin}/admin-offences`, 'ls-other')).json().result, 'NO_RECORDS');
});

t.test('LEGALSTATS_AdminOffencesSync and LEGALSTATS_RegisterCheckSync answer the same data as REST', async (t) => {
  for (const iin of [OFFENDER, HAPPY]) {
    const rest = (await get(`/legal-stats/persons/${iin}/admin-offences`)).json();
    const data = await shepData(app, { serviceId: 'LEGALSTATS_AdminOffencesSync', data: `<iin>${iin}</iin>`, tenant: 'legal-stats' });
    t.same(withoutTime(xmlToJson(data, ITEMS)), asXmlText(withoutTime(rest)), `offences of ${iin}`);
  }
  for (const iin of [PROSECUTOR_RECORD, DEBTOR, CONVICTED, HAPPY]) {
    const rest = (await get(`/legal-stats/persons/${iin}/register-checks`)).json();
    const data = await shepData(app, { serviceId: 'LEGALSTATS_RegisterCheckSync', data: `<iin>${iin}</iin>`, tenant: 'legal-stats' });
    t.same(withoutTime(xmlToJson(data, ITEMS)), asXmlText(withoutTime(rest)), `registers of ${iin}`);
  }
  const one = xmlToJson(await shepData(app, { serviceId: 'LEGALSTATS_RegisterCheckSync', data: `<iin>${DEBTOR}</iin><register>bbt</register>` }), ITEMS) as {
    registers: { id: string }[];
  };
  t.same(one.registers.map((r) => r.id), ['bbt'], 'data/register asks one register');
});

t.test('bad input: 400 IIN_INVALID over REST; IIN_INVALID, INVALID_FIELD and MISSING_FIELD faults through the gateway', async (t) => {
  for (const url of ['/legal-stats/persons/90060631717/admin-offences', '/legal-stats/persons/900606317177/register-checks']) {
    const res = await get(url);
    t.equal(res.statusCode, 400, url);
    t.equal(res.json().code, 'IIN_INVALID', url);
  }
  const badIin = await callShep(app, { serviceId: 'LEGALSTATS_AdminOffencesSync', data: '<iin>900606317177</iin>' });
  t.equal(badIin.ok ? 'answered' : badIin.fault.errorCode, 'IIN_INVALID');
  const badRegister = await callShep(app, { serviceId: 'LEGALSTATS_RegisterCheckSync', data: `<iin>${DEBTOR}</iin><register>tax</register>` });
  t.same(badRegister.ok ? 'answered' : [badRegister.fault.errorCode, badRegister.fault.faultcode], ['INVALID_FIELD', 'soap:Client']);
  const missing = await callShep(app, { serviceId: 'LEGALSTATS_RegisterCheckSync', data: '<register>bbt</register>' });
  t.equal(missing.ok ? 'answered' : missing.fault.errorCode, 'MISSING_FIELD');
});

t.test('legal statistics down in one tenant: 503 and SYSTEM_UNAVAILABLE faults there, answers elsewhere', async (t) => {
  await injectFault(app, 'ls-down', 'legal-stats', { down: true });
  for (const url of [`/legal-stats/persons/${OFFENDER}/admin-offences`, `/legal-stats/persons/${DEBTOR}/register-checks`]) {
    const res = await get(url, 'ls-down');
    t.equal(res.statusCode, 503, url);
    t.match(res.json(), { code: 'SYSTEM_UNAVAILABLE', system: 'legal-stats', fault: 'down' });
  }
  for (const serviceId of ['LEGALSTATS_AdminOffencesSync', 'LEGALSTATS_RegisterCheckSync']) {
    const answer = await callShep(app, { serviceId, data: `<iin>${OFFENDER}</iin>`, tenant: 'ls-down' });
    t.same(answer.ok ? 'answered' : [answer.fault.errorCode, answer.fault.errorData], ['SYSTEM_UNAVAILABLE', 'legal-stats'], serviceId);
  }
  t.equal((await get(`/legal-stats/persons/${OFFENDER}/admin-offences`, 'ls-up')).statusCode, 200);
  t.ok((await callShep(app, { serviceId: 'LEGALSTATS_AdminOffencesSync', data: `<iin>${OFFENDER}</iin>`, tenant: 'ls-up' })).ok);
});
