/**
 * БНАЖ: powers of attorney by number, principal and representative, their status on the virtual clock, and
 * the check {principalIin, representativeIin, service}, over REST and through the SHEP gateway.
 */
import t from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { buildServer } from '../../src/server.js';
import { asXmlText, callShep, injectFault, setClock, shepData, xmlToJson } from '../helpers/soap.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const MUKANOVA = '580417412036'; // principal: valid PoAs ДС-2025-000417 (to Мұқанов) and ДС-2026-001102 (to Қожахметов)
const MUKANOV = '840830307331'; // representative of Мұқанова (valid) and of Тілеубердиев (expired)
const TILEUBERDIYEV = '500130300884'; // principal: ДС-2023-004518, all services, expired 2025-05-14
const BAIZHANOVA = '620605404413'; // principal: ДС-2025-000093, revoked 2026-03-02
const ALIMZHANOVA = '901212427120'; // representative of Байжанова (revoked) and of Оспанов (out of scope)
const OSPANOV = '751010315902'; // principal: ДС-2026-000731, archive certificate only
const ZHAKSYLYKOV = '940525306198'; // poa-absent
const ITEMS = { powersOfAttorney: 'powerOfAttorney', scope: 'service' };
/** A date when every bundled PoA is issued and the expired and revoked ones are past. */
const MID_2026 = '2026-06-01T06:00:00Z';

function get(url: string, tenant: string) {
  return app.inject({ method: 'GET', url, headers: { 'x-sandbox-tenant': tenant } });
}

function check(body: object, tenant: string) {
  return app.inject({ method: 'POST', url: '/notary/powers-of-attorney/check', headers: { 'x-sandbox-tenant': tenant }, payload: body });
}

function numberUrl(number: string): string {
  return `/notary/powers-of-attorney/${encodeURIComponent(number)}`;
}

t.test('by number: the notary, principal, representative, scope, dates and a VALID status', async (t) => {
  await setClock(app, 'poa-number', MID_2026);
  const res = await get(numberUrl('ДС-2025-000417'), 'poa-number');
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    number: 'ДС-2025-000417',
    status: 'VALID',
    principal: { iin: MUKANOVA, surname: 'Мұқанова', name: 'Сәуле', patronymic: 'Болатқызы' },
    representative: { iin: MUKANOV, surname: 'Мұқанов', name: 'Ержан', patronymic: 'Сағатұлы' },
    notary: 'Астана қаласының нотариусы Ә. Т. Жақыпова',
    scope: ['guardianship-orphan', 'minor-property-inheritance-certificates', 'legal-stats-archive-certificate'],
    issuedOn: '2025-03-04',
    validUntil: '2030-03-03',
  });
});

t.test('the status follows the virtual clock: EXPIRED after validUntil, REVOKED from revokedOn', async (t) => {
  const tenant = 'poa-clock';
  await setClock(app, tenant, '2025-05-14T12:00:00Z');
  t.equal((await get(numberUrl('ДС-2023-004518'), tenant)).json().status, 'VALID', 'valid through its last day');
  await setClock(app, tenant, '2025-05-15T06:00:00Z');
  t.equal((await get(numberUrl('ДС-2023-004518'), tenant)).json().status, 'EXPIRED', 'expired the day after');

  await setClock(app, tenant, '2026-03-01T12:00:00Z');
  const before = (await get(numberUrl('ДС-2025-000093'), tenant)).json();
  t.same([before.status, 'revokedOn' in before], ['VALID', false], 'not yet revoked the day before');
  await setClock(app, tenant, '2026-03-02T06:00:00Z');
  const after = (await get(numberUrl('ДС-2025-000093'), tenant)).json();
  t.same([after.status, after.revokedOn], ['REVOKED', '2026-03-02']);

  await setClock(app, tenant, '2026-02-09T12:00:00Z');
  const notYet = await get(numberUrl('ДС-2026-001102'), tenant);
  t.equal(notYet.statusCode, 404, 'a PoA issued on 10 February 2026 is not in the registry on the 9th');
});

t.test('an unknown number is 404 POA_NOT_FOUND', async (t) => {
  const res = await get(numberUrl('ДС-1999-000001'), 'poa-number');
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'POA_NOT_FOUND');
  t.match(res.headers['content-type'], /^application\/problem\+json/);
});

t.test('by principal, by representative, and between both', async (t) => {
  const tenant = 'poa-search';
  await setClock(app, tenant, MID_2026);
  const numbers = async (query: string) =>
    (await get(`/notary/powers-of-attorney?${query}`, tenant)).json().powersOfAttorney.map((p: { number: string; status: string }) => `${p.number} ${p.status}`);
  t.same(await numbers(`principalIin=${MUKANOVA}`), ['ДС-2025-000417 VALID', 'ДС-2026-001102 VALID']);
  t.same((await numbers(`representativeIin=${MUKANOV}`)).sort(), ['ДС-2023-004518 EXPIRED', 'ДС-2025-000417 VALID']);
  t.same((await numbers(`representativeIin=${ALIMZHANOVA}`)).sort(), ['ДС-2025-000093 REVOKED', 'ДС-2026-000731 VALID']);
  t.same(await numbers(`principalIin=${MUKANOVA}&representativeIin=${MUKANOV}`), ['ДС-2025-000417 VALID']);
  t.same(await numbers(`representativeIin=${ZHAKSYLYKOV}`), [], 'poa-absent: nothing names him');
  const body = (await get(`/notary/powers-of-attorney?principalIin=${OSPANOV}`, tenant)).json();
  t.same([body.principalIin, body.checkedOn], [OSPANOV, '2026-06-01']);
});

t.test('searching needs an IIN, a valid one, and no other parameter', async (t) => {
  const none = await get('/notary/powers-of-attorney', 'poa-bad');
  t.same([none.statusCode, none.json().code], [400, 'POA_SEARCH_CRITERIA_MISSING']);
  const bad = await get('/notary/powers-of-attorney?principalIin=580417412037', 'poa-bad');
  t.same([bad.statusCode, bad.json().code, bad.json().field], [400, 'IIN_INVALID', 'principalIin']);
  const other = await get(`/notary/powers-of-attorney?iin=${MUKANOVA}`, 'poa-bad');
  t.same([other.statusCode, other.json().code], [400, 'VALIDATION_FAILED']);
});

t.test('the check answers each of FOUND_VALID, NOT_FOUND, EXPIRED, REVOKED and OUT_OF_SCOPE', async (t) => {
  const tenant = 'poa-check';
  await setClock(app, tenant, MID_2026);
  const cases: [string, string, string, string, string | undefined][] = [
    [MUKANOVA, MUKANOV, 'guardianship-orphan', 'FOUND_VALID', 'ДС-2025-000417'],
    [MUKANOVA, ZHAKSYLYKOV, 'guardianship-orphan', 'NOT_FOUND', undefined],
    [TILEUBERDIYEV, MUKANOV, 'guardianship-orphan', 'EXPIRED', 'ДС-2023-004518'],
    [BAIZHANOVA, ALIMZHANOVA, 'minor-property-inheritance-certificates', 'REVOKED', 'ДС-2025-000093'],
    [OSPANOV, ALIMZHANOVA, 'guardianship-orphan', 'OUT_OF_SCOPE', 'ДС-2026-000731'],
    [OSPANOV, ALIMZHANOVA, 'legal-stats-archive-certificate', 'FOUND_VALID', 'ДС-2026-000731'],
    [MUKANOV, MUKANOVA, 'guardianship-orphan', 'NOT_FOUND', undefined],
  ];
  for (const [principalIin, representativeIin, service, result, number] of cases) {
    const res = await check({ principalIin, representativeIin, service }, tenant);
    t.equal(res.statusCode, 200);
    const body = res.json();
    t.same([body.result, body.powerOfAttorney?.number], [result, number], `${principalIin} → ${representativeIin} for ${service}`);
    t.same([body.principalIin, body.representativeIin, body.service, body.checkedOn], [principalIin, representativeIin, service, '2026-06-01']);
  }
  const expired = (await check({ principalIin: TILEUBERDIYEV, representativeIin: MUKANOV, service: 'guardianship-orphan' }, tenant)).json();
  t.equal(expired.message.ru, 'Срок действия доверенности истёк');
});

t.test('before the expiry and the revocation, the same checks are FOUND_VALID', async (t) => {
  const tenant = 'poa-check-early';
  await setClock(app, tenant, '2025-04-01T06:00:00Z');
  const expiredLater = (await check({ principalIin: TILEUBERDIYEV, representativeIin: MUKANOV, service: 'guardianship-orphan' }, tenant)).json();
  t.equal(expiredLater.result, 'FOUND_VALID', "the '*' scope covers every service");
  const revokedLater = (await check({ principalIin: BAIZHANOVA, representativeIin: ALIMZHANOVA, service: 'guardianship-orphan' }, tenant)).json();
  t.equal(revokedLater.result, 'FOUND_VALID');
});

t.test('bad check requests: invalid IINs, a service that is not a slug, missing or extra fields', async (t) => {
  const tenant = 'poa-check-bad';
  const badRep = await check({ principalIin: MUKANOVA, representativeIin: '84083030733', service: 'guardianship-orphan' }, tenant);
  t.same([badRep.statusCode, badRep.json().code, badRep.json().field], [400, 'IIN_INVALID', 'representativeIin']);
  const badService = await check({ principalIin: MUKANOVA, representativeIin: MUKANOV, service: 'Guardianship Orphan' }, tenant);
  t.same([badService.statusCode, badService.json().code], [400, 'SERVICE_SLUG_INVALID']);
  const missing = await check({ principalIin: MUKANOVA, representativeIin: MUKANOV }, tenant);
  t.same([missing.statusCode, missing.json().code], [400, 'VALIDATION_FAILED']);
  const extra = await check({ principalIin: MUKANOVA, representativeIin: MUKANOV, service: 'guardianship-orphan', number: 'x' }, tenant);
  t.same([extra.statusCode, extra.json().code], [400, 'VALIDATION_FAILED']);
});

t.test("a tenant's own persona's power of attorney is in that tenant's registry only", async (t) => {
  const principal = generateIin('1966-09-12', 'female', 5150);
  const representative = generateIin('1990-01-30', 'male', 5151);
  const persona = {
    iin: principal,
    label: 'Tenant principal',
    surname: 'Сенімова',
    name: 'Гүлнар',
    traits: ['poa-principal'],
    powersOfAttorney: [{ number: 'ТЕСТ-0001', representativeIin: representative, scope: ['*'], issuedOn: '2026-01-05', validUntil: '2027-01-04' }],
  };
  await app.inject({ method: 'POST', url: '/__admin/personas', headers: { 'x-sandbox-tenant': 'poa-own' }, payload: persona });
  await setClock(app, 'poa-own', MID_2026);
  const own = (await get(numberUrl('ТЕСТ-0001'), 'poa-own')).json();
  t.same(own.representative, { iin: representative }, 'a representative who is no persona is named by IIN only');
  t.equal((await check({ principalIin: principal, representativeIin: representative, service: 'guardianship-orphan' }, 'poa-own')).json().result, 'FOUND_VALID');
  t.equal((await get(numberUrl('ТЕСТ-0001'), 'poa-other')).statusCode, 404);
});

t.test('NOTARY_PowerOfAttorneySync answers the same data as REST: by number, by principal, by representative', async (t) => {
  const tenant = 'poa-shep';
  await setClock(app, tenant, MID_2026);
  const byNumber = xmlToJson(await shepData(app, { serviceId: 'NOTARY_PowerOfAttorneySync', data: '<number>ДС-2025-000093</number>', tenant }), ITEMS);
  t.same(byNumber, { result: 'FOUND', powerOfAttorney: asXmlText((await get(numberUrl('ДС-2025-000093'), tenant)).json()) });
  const missing = xmlToJson(await shepData(app, { serviceId: 'NOTARY_PowerOfAttorneySync', data: '<number>ДС-1999-000001</number>', tenant }));
  t.same(missing, { result: 'POA_NOT_FOUND' });
  for (const [query, data] of [
    [`principalIin=${MUKANOVA}`, `<principalIin>${MUKANOVA}</principalIin>`],
    [`representativeIin=${ALIMZHANOVA}`, `<representativeIin>${ALIMZHANOVA}</representativeIin>`],
    [`representativeIin=${ZHAKSYLYKOV}`, `<representativeIin>${ZHAKSYLYKOV}</representativeIin>`],
  ] as const) {
    const rest = (await get(`/notary/powers-of-attorney?${query}`, tenant)).json();
    t.same(xmlToJson(await shepData(app, { serviceId: 'NOTARY_PowerOfAttorneySync', data, tenant }), ITEMS), asXmlText(rest), query);
  }
});

t.test('NOTARY_PowerOfAttorneyCheckSync answers the same data as the REST check, for every result', async (t) => {
  const tenant = 'poa-shep-check';
  await setClock(app, tenant, MID_2026);
  for (const [principalIin, representativeIin, service] of [
    [MUKANOVA, MUKANOV, 'guardianship-orphan'],
    [MUKANOVA, ZHAKSYLYKOV, 'guardianship-orphan'],
    [TILEUBERDIYEV, MUKANOV, 'guardianship-orphan'],
    [BAIZHANOVA, ALIMZHANOVA, 'guardianship-orphan'],
    [OSPANOV, ALIMZHANOVA, 'guardianship-orphan'],
  ]) {
    const rest = (await check({ principalIin, representativeIin, service }, tenant)).json();
    const data = await shepData(app, {
      serviceId: 'NOTARY_PowerOfAttorneyCheckSync',
      data: `<principalIin>${principalIin}</principalIin><representativeIin>${representativeIin}</representativeIin><service>${service}</service>`,
      tenant,
    });
    t.same(xmlToJson(data, ITEMS), asXmlText(rest), rest.result);
  }
});

t.test('through the gateway, bad input is a fault: IIN_INVALID, INVALID_FIELD, MISSING_FIELD', async (t) => {
  const badIin = await callShep(app, { serviceId: 'NOTARY_PowerOfAttorneySync', data: '<principalIin>58041741203</principalIin>' });
  t.equal(badIin.ok ? 'answered' : badIin.fault.errorCode, 'IIN_INVALID');
  const nothing = await callShep(app, { serviceId: 'NOTARY_PowerOfAttorneySync', data: '<scope>x</scope>' });
  t.equal(nothing.ok ? 'answered' : nothing.fault.errorCode, 'MISSING_FIELD');
  const noService = await callShep(app, {
    serviceId: 'NOTARY_PowerOfAttorneyCheckSync',
    data: `<principalIin>${MUKANOVA}</principalIin><representativeIin>${MUKANOV}</representativeIin>`,
  });
  t.same(noService.ok ? 'answered' : [noService.fault.errorCode, noService.fault.errorData], ['MISSING_FIELD', 'request/requestData/data/service']);
  const badService = await callShep(app, {
    serviceId: 'NOTARY_PowerOfAttorneyCheckSync',
    data: `<principalIin>${MUKANOVA}</principalIin><representativeIin>${MUKANOV}</representativeIin><service>Бала</service>`,
  });
  t.equal(badService.ok ? 'answered' : badService.fault.errorCode, 'INVALID_FIELD');
});

t.test('БНАЖ down in one tenant: 503 and SYSTEM_UNAVAILABLE faults there, answers elsewhere', async (t) => {
  await injectFault(app, 'poa-down', 'notary', { down: true });
  for (const res of [
    await get(numberUrl('ДС-2025-000417'), 'poa-down'),
    await get(`/notary/powers-of-attorney?principalIin=${MUKANOVA}`, 'poa-down'),
    await check({ principalIin: MUKANOVA, representativeIin: MUKANOV, service: 'guardianship-orphan' }, 'poa-down'),
  ]) {
    t.equal(res.statusCode, 503);
    t.match(res.json(), { code: 'SYSTEM_UNAVAILABLE', system: 'notary', fault: 'down' });
  }
  const answer = await callShep(app, { serviceId: 'NOTARY_PowerOfAttorneySync', data: '<number>ДС-2025-000417</number>', tenant: 'poa-down' });
  t.same(answer.ok ? 'answered' : [answer.fault.errorCode, answer.fault.errorData], ['SYSTEM_UNAVAILABLE', 'notary']);
  t.equal((await get(numberUrl('ДС-2025-000417'), 'poa-up')).statusCode, 200);
  t.ok((await callShep(app, { serviceId: 'NOTARY_PowerOfAttorneySync', data: '<number>ДС-2025-000417</number>', tenant: 'poa-up' })).ok);
});
