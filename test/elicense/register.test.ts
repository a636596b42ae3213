import t from 'tap';
import { kazakhDate } from '../../src/core/calendar.js';
import { generateIin } from '../../src/core/iin.js';
import { buildServer } from '../../src/server.js';
import { rest } from '../payments/_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

/** Bundled licence holders (fixtures/personas/075-licences.json). */
const ADVOCATE = { iin: '760315310196', number: '16003127' };
const EXPERT = { iin: '800525422900', number: '19012457' };
const BAILIFF = { iin: '740903301645', number: '18020981' };
const HAPPY = '900115300013';

/** A persona of the test's own, holding a licence in each status but active (added per tenant). */
const STATUS_HOLDER = {
  iin: generateIin('1971-04-09', 'male', 4417),
  label: 'E-licensing tests: a suspended, a revoked and an expired licence',
  surname: 'Лицензиясыз',
  name: 'Бауыржан',
  traits: ['licence-holder'],
  licences: [
    { number: '15000001', type: 'advocacy', issuedOn: '2015-01-10', status: 'suspended' },
    { number: '15000002', type: 'forensic-expert', issuedOn: '2015-02-10', status: 'revoked' },
    { number: '15000003', type: 'private-bailiff', issuedOn: '2015-03-10', validUntil: '2020-03-10' },
  ],
};

async function licence(tenant: string, number: string) {
  return rest(app, { url: `/elicense/licences/${number}`, tenant });
}
async function byHolder(tenant: string, iin: string, type?: string) {
  return rest(app, { url: `/elicense/licences?holderIin=${iin}${type ? `&type=${type}` : ''}`, tenant });
}

t.test('the register holds the personas\' licences, by number and by holder', async (t) => {
  const tenant = 'lic-seed';
  const res = await licence(tenant, ADVOCATE.number);
  t.equal(res.status, 200);
  t.match(res.json, {
    number: ADVOCATE.number,
    type: 'advocacy',
    typeName: { kk: 'Адвокаттық қызметпен айналысуға лицензия', ru: 'Лицензия на занятие адвокатской деятельностью', en: 'Licence to practise advocacy' },
    holderIin: ADVOCATE.iin,
    holderName: 'Сағындықов Ерболат Әбілұлы',
    status: 'active',
    issuedOn: '2016-02-05',
    validUntil: null,
    source: 'persona',
  });
  t.same(res.json.history, [{ action: 'issue', date: '2016-02-05', at: null, applicationId: null, reason: null }]);
  t.same((await byHolder(tenant, EXPERT.iin)).json.licences.map((l: any) => [l.number, l.type]), [[EXPERT.number, 'forensic-expert']]);
  t.same((await byHolder(tenant, BAILIFF.iin)).json.licences.map((l: any) => [l.number, l.type]), [[BAILIFF.number, 'private-bailiff']]);
  t.same((await byHolder(tenant, BAILIFF.iin, 'advocacy')).json.licences, [], 'filtered by type');
  t.same((await byHolder(tenant, HAPPY)).json.licences, [], 'a person without a licence: an empty list');
});

t.test('look-ups refuse bad input with a code', async (t) => {
  const tenant = 'lic-bad-lookup';
  const missing = await licence(tenant, '99999999');
  t.equal(missing.status, 404);
  t.equal(missing.json.code, 'LICENCE_NOT_FOUND');
  t.equal((await licence(tenant, 'no%20spaces')).json.code, 'LICENCE_NUMBER_INVALID');
  t.equal((await byHolder(tenant, '760315310197')).json.code, 'IIN_INVALID');
  t.equal((await byHolder(tenant, ADVOCATE.iin, 'notary')).json.code, 'VALIDATION_FAILED');
  t.equal((await rest(app, { url: '/elicense/licences', tenant })).json.code, 'VALIDATION_FAILED', 'holderIin is required');
});

t.test('issue writes a new licence; the same application again answers it; a second one of the type is refused', async (t) => {
  const tenant = 'lic-issue';
  const today = kazakhDate(app.sandbox.tenants.get(tenant).clock.now());
  const issued = await rest(app, { url: '/elicense/licences', payload: { holderIin: HAPPY, type: 'advocacy', applicationId: 'APP-L1' }, tenant });
  t.equal(issued.status, 201);
  t.match(issued.json, { type: 'advocacy', holderIin: HAPPY, holderName: 'Әбілқайыров Ғалымжан Нұрланұлы', status: 'active', issuedOn: today, validUntil: null, source: 'register' });
  t.match(issued.json.number, new RegExp(`^${today.slice(2, 4)}\\d{6}$`), 'YY of the virtual year and 6 digits');
  t.match(issued.json.history, [{ action: 'issue', date: today, applicationId: 'APP-L1', reason: null }]);
  t.same((await licence(tenant, issued.json.number)).json, issued.json, 'found by number');
  t.same((await byHolder(tenant, HAPPY)).json.licences, [issued.json], 'found by holder');

  const replay = await rest(app, { url: '/elicense/licences', payload: { holderIin: HAPPY, type: 'advocacy', applicationId: 'APP-L1' }, tenant });
  t.equal(replay.status, 200);
  t.equal(replay.res.headers['idempotent-replayed'], 'true');
  t.same(replay.json, issued.json);

  const second = await rest(app, { url: '/elicense/licences', payload: { holderIin: HAPPY, type: 'advocacy', applicationId: 'APP-L2' }, tenant });
  t.equal(second.status, 409);
  t.match(second.json, { code: 'LICENCE_ALREADY_HELD', number: issued.json.number });
  const other = await rest(app, { url: '/elicense/licences', payload: { holderIin: HAPPY, type: 'private-bailiff', number: 'BL-0001', validUntil: '2099-12-31' }, tenant });
  t.equal(other.status, 201, 'another type is fine');
  t.match(other.json, { number: 'BL-0001', validUntil: '2099-12-31' });
  const taken = await rest(app, { url: '/elicense/licences', payload: { holderIin: '850720400017', type: 'advocacy', number: ADVOCATE.number }, tenant });
  t.equal(taken.json.code, 'LICENCE_NUMBER_TAKEN');
  t.equal((await byHolder(tenant, HAPPY)).json.licences.length, 2);
});

t.test('an applicationId already used for a different write is refused, not answered with the other licence', async (t) => {
  const tenant = 'lic-app-reused';
  const first = await rest(app, { url: '/elicense/licences', payload: { holderIin: HAPPY, type: 'advocacy', applicationId: 'APP-1' }, tenant });
  t.equal(first.status, 201);
  const other = await rest(app, { url: '/elicense/licences', payload: { holderIin: '870512303771', type: 'private-bailiff', applicationId: 'APP-1' }, tenant });
  t.equal(other.status, 422, 'another holder and type under APP-1');
  t.notOk(other.res.headers['idempotent-replayed']);
  t.match(other.json, { code: 'APPLICATION_ID_REUSED', applicationId: 'APP-1', number: first.json.number });
  t.notMatch(other.json, { holderIin: HAPPY }, 'the first licence is not answered');
  for (const payload of [
    { holderIin: HAPPY, type: 'forensic-expert', applicationId: 'APP-1' },
    { holderIin: HAPPY, type: 'advocacy', applicationId: 'APP-1', validUntil: '2099-01-01' },
    { holderIin: HAPPY, type: 'advocacy', applicationId: 'APP-1', holderName: 'Басқа Адам' },
  ]) {
    t.equal((await rest(app, { url: '/elicense/licences', payload, tenant })).json.code, 'APPLICATION_ID_REUSED', JSON.stringify(payload));
  }
  t.same((await byHolder(tenant, '870512303771')).json.licences, [], 'nothing was issued to the other holder');
  const same = await rest(app, { url: '/elicense/licences', payload: { holderIin: HAPPY, type: 'advocacy', applicationId: 'APP-1' }, tenant });
  t.equal(same.status, 200, 'the same issue is still a replay');
  t.equal(same.res.headers['idempotent-replayed'], 'true');

  for (const action of ['reissue', 'duplicate'] as const) {
    const url = `/elicense/licences/${ADVOCATE.number}/${action}`;
    const made = await rest(app, { url, payload: { applicationId: `APP-${action}`, reason: 'first' }, tenant });
    t.equal(made.status, 200, action);
    const otherReason = await rest(app, { url, payload: { applicationId: `APP-${action}`, reason: 'second' }, tenant });
    t.equal(otherReason.status, 422, `${action}: another reason under the same application`);
    t.equal(otherReason.json.code, 'APPLICATION_ID_REUSED');
    const otherLicence = await rest(app, { url: `/elicense/licences/${EXPERT.number}/${action}`, payload: { applicationId: `APP-${action}`, reason: 'first' }, tenant });
    t.equal(otherLicence.json.code, 'APPLICATION_ID_REUSED', `${action}: another licence under the same application`);
    const again = await rest(app, { url, payload: { applicationId: `APP-${action}`, reason: 'first' }, tenant });
    t.equal(again.res.headers['idempotent-replayed'], 'true', `${action}: the same write is a replay`);
  }
  t.same((await licence(tenant, ADVOCATE.number)).json.history.map((e: any) => e.action), ['issue', 'reissue', 'duplicate'], 'refused writes added nothing');
  t.equal((await licence(tenant, EXPERT.number)).json.history.length, 1);
  const reissueUnderIssueId = await rest(app, { url: `/elicense/licences/${first.json.number}/reissue`, payload: { applicationId: 'APP-1' }, tenant });
  t.equal(reissueUnderIssueId.status, 200, 'an application makes one write of each kind: its issue does not block its re-issue');

  const { elicense } = app.sandbox;
  await t.rejects(elicense.issue(app.sandbox.tenants.get(tenant), { holderIin: '870512303771', type: 'private-bailiff', applicationId: 'APP-1' }), { code: 'APPLICATION_ID_REUSED', status: 422 }, 'in process too');
});

t.test('re-issue and duplicate add to the history of an active licence, once per application', async (t) => {
  const tenant = 'lic-change';
  const today = kazakhDate(app.sandbox.tenants.get(tenant).clock.now());
  const reissue = { applicationId: 'APP-R', reason: 'change of surname', holderName: 'Сағындықұлы Ерболат Әбілұлы' };
  const reissued = await rest(app, { url: `/elicense/licences/${ADVOCATE.number}/reissue`, payload: reissue, tenant });
  t.equal(reissued.status, 200);
  t.equal(reissued.json.number, ADVOCATE.number, 'same number');
  t.equal(reissued.json.holderName, 'Сағындықұлы Ерболат Әбілұлы');
  const duplicated = await rest(app, { url: `/elicense/licences/${ADVOCATE.number}/duplicate`, payload: { reason: 'lost' }, tenant });
  t.equal(duplicated.status, 200);
  t.match(duplicated.json.history, [
    { action: 'issue', date: '2016-02-05', at: null },
    { action: 'reissue', date: today, applicationId: 'APP-R', reason: 'change of surname' },
    { action: 'duplicate', date: today, applicationId: null, reason: 'lost' },
  ]);
  const replay = await rest(app, { url: `/elicense/licences/${ADVOCATE.number}/reissue`, payload: reissue, tenant });
  t.equal(replay.status, 200);
  t.equal(replay.res.headers['idempotent-replayed'], 'true');
  t.equal(replay.json.history.length, 3, 'the same application does not re-issue twice');
  const bare = await rest(app, { method: 'POST', url: `/elicense/licences/${EXPERT.number}/duplicate`, tenant });
  t.equal(bare.status, 200, 'the body is optional');
  t.equal(bare.json.history.at(-1).action, 'duplicate');
  t.equal((await licence('lic-change-other', ADVOCATE.number)).json.history.length, 1, 'another tenant sees the licence untouched');
});

t.test('licences that are suspended, revoked or expired are reported so and cannot be re-issued or duplicated', async (t) => {
  const tenant = 'lic-status';
  t.equal((await rest(app, { url: '/__admin/personas', payload: STATUS_HOLDER, tenant })).status, 201);
  const states = (await byHolder(tenant, STATUS_HOLDER.iin)).json.licences.map((l: any) => [l.number, l.status]);
  t.same(states, [
    ['15000001', 'suspended'],
    ['15000002', 'revoked'],
    ['15000003', 'expired'],
  ]);
  for (const [number, status] of states) {
    for (const action of ['reissue', 'duplicate']) {
      const res = await rest(app, { url: `/elicense/licences/${number}/${action}`, payload: {}, tenant });
      t.equal(res.status, 409, `${action} ${status}`);
      t.match(res.json, { code: 'LICENCE_NOT_ACTIVE', licenceStatus: status });
    }
  }
  const fresh = await rest(app, { url: '/elicense/licences', payload: { holderIin: STATUS_HOLDER.iin, type: 'private-bailiff' }, tenant });
  t.equal(fresh.status, 201, 'an expired licence does not block a new one of its type');
  t.equal((await licence(tenant, '15000002')).json.history.length, 1, 'refused writes changed nothing');
});

t.test('a licence with a term expires on the virtual clock', async (t) => {
  const tenant = 'lic-expiry';
  await rest(app, { url: '/__admin/clock', payload: { set: '2026-03-01T06:00:00Z', freeze: true }, tenant });
  const issued = await rest(app, { url: '/elicense/licences', payload: { holderIin: HAPPY, type: 'forensic-expert', validUntil: '2026-03-10' }, tenant });
  t.equal(issued.json.issuedOn, '2026-03-01');
  await rest(app, { url: '/__admin/clock', payload: { advance: 'P9D' }, tenant });
  t.equal((await licence(tenant, issued.json.number)).json.status, 'active', 'active on its last day');
  await rest(app, { url: '/__admin/clock', payload: { advance: 'P1D' }, tenant });
  t.equal((await licence(tenant, issued.json.number)).json.status, 'expired');
});

t.test('bad writes are refused with a code and change nothing', async (t) => {
  const tenant = 'lic-bad-write';
  const cases: [Record<string, unknown>, string][] = [
    [{ holderIin: HAPPY, type: 'notary' }, 'LICENCE_TYPE_INVALID'],
    [{ holderIin: '900115300014', type: 'advocacy' }, 'IIN_INVALID'],
    [{ holderIin: HAPPY, type: 'advocacy', validUntil: '2020-02-30' }, 'LICENCE_FIELD_INVALID'],
    [{ holderIin: HAPPY, type: 'advocacy', issuedOn: '2024-05-01', validUntil: '2024-04-01' }, 'LICENCE_FIELD_INVALID'],
    [{ holderIin: HAPPY, type: 'advocacy', number: 'has space' }, 'LICENCE_NUMBER_INVALID'],
    [{ holderIin: HAPPY, type: 'advocacy', holderName: '  ' }, 'LICENCE_FIELD_INVALID'],
    [{ holderIin: HAPPY, type: 'advocacy', colour: 'blue' }, 'VALIDATION_FAILED'],
  ];
  for (const [payload, code] of cases) {
    const res = await rest(app, { url: '/elicense/licences', payload, tenant });
    t.equal(res.status, 400, code);
    t.equal(res.json.code, code);
  }
  const dupName = await rest(app, { url: `/elicense/licences/${ADVOCATE.number}/duplicate`, payload: { holderName: 'X' }, tenant });
  t.equal(dupName.json.code, 'VALIDATION_FAILED', 'a duplicate takes no holderName');
  const badReason = await rest(app, { url: `/elicense/licences/${ADVOCATE.number}/reissue`, payload: { reason: '' }, tenant });
  t.equal(badReason.json.code, 'LICENCE_FIELD_INVALID');
  const unknown = await rest(app, { url: '/elicense/licences/12345678/reissue', payload: {}, tenant });
  t.equal(unknown.json.code, 'LICENCE_NOT_FOUND');
  t.same((await byHolder(tenant, HAPPY)).json.licences, []);
  t.equal((await licence(tenant, ADVOCATE.number)).json.history.length, 1);
});

t.test('the in-process API is what the regulation engine calls', async (t) => {
  const tenant = app.sandbox.tenants.get('lic-engine');
  const { elicense } = app.sandbox;
  const { licence: issued, replayed } = await elicense.issue(tenant, { holderIin: '850720400017', type: 'forensic-expert', applicationId: 'FE-APP' });
  t.equal(replayed, false);
  t.same(await elicense.findByHolder(tenant, '850720400017'), [issued]);
  const { licence: dup } = await elicense.duplicate(tenant, issued.number, { applicationId: 'FE-DUP' });
  t.same(dup.history.map((e) => e.action), ['issue', 'duplicate']);
});
