import t from 'tap';
import { buildServer } from '../../src/server.js';
import { rest } from '../payments/_support.js';
import { APPLICANT, checkPackage, COMPLETE, login, OPERATOR, REPRESENTATIVE, setClock } from './_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

t.test('operator login: sc-operator personas with their password; others are refused', async (t) => {
  const tenant = 'sc-login';
  const ok = await rest(app, { url: '/state-corporation/sessions', payload: { iin: OPERATOR.iin, password: OPERATOR.password }, tenant });
  t.equal(ok.status, 201);
  t.match(ok.json, {
    token: /^sc_/,
    operator: { iin: OPERATOR.iin, name: OPERATOR.name, organisation: { bin: '160440007617' } },
  });
  const cases: [Record<string, string>, number, string][] = [
    [{ iin: OPERATOR.iin, password: 'wrong' }, 401, 'OPERATOR_AUTH_FAILED'],
    [{ iin: '900115300401', password: OPERATOR.password }, 401, 'OPERATOR_AUTH_FAILED'],
    [{ iin: APPLICANT, password: 'Sandbox-2026' }, 403, 'OPERATOR_NOT_AUTHORISED'],
    [{ iin: '830821413133', password: 'Ulzhan-Provider-83' }, 403, 'OPERATOR_NOT_AUTHORISED'],
    [{ iin: '96051540486', password: OPERATOR.password }, 400, 'IIN_INVALID'],
  ];
  for (const [payload, status, code] of cases) {
    const res = await rest(app, { url: '/state-corporation/sessions', payload, tenant });
    t.equal(res.status, status, `${payload.iin}/${payload.password}`);
    t.equal(res.json.code, code);
  }
});

t.test('the workstation needs a live session: none, unknown, expired after 8 virtual hours, logged out', async (t) => {
  const tenant = 'sc-session';
  const body = { service: 'guardianship-orphan', applicantIin: APPLICANT, documents: COMPLETE['guardianship-orphan'] };
  const none = await rest(app, { url: '/state-corporation/package-checks', payload: body, tenant });
  t.equal(none.status, 401);
  t.equal(none.json.code, 'OPERATOR_SESSION_REQUIRED');
  const bogus = await rest(app, { url: '/state-corporation/package-checks', payload: body, tenant, headers: { authorization: 'Bearer sc_nope' } });
  t.equal(bogus.json.code, 'OPERATOR_SESSION_REQUIRED');
  await setClock(app, tenant, '2026-02-02T04:00:00Z');
  const auth = await login(app, tenant);
  await setClock(app, tenant, '2026-02-02T11:59:59Z');
  t.equal((await rest(app, { url: '/state-corporation/package-checks', payload: body, tenant, headers: auth })).status, 201, 'valid within the shift');
  await setClock(app, tenant, '2026-02-02T12:00:00Z');
  const expired = await rest(app, { url: '/state-corporation/package-checks', payload: body, tenant, headers: auth });
  t.equal(expired.status, 401);
  t.equal(expired.json.code, 'OPERATOR_SESSION_EXPIRED');
  const again = await login(app, tenant);
  t.same((await rest(app, { method: 'DELETE', url: '/state-corporation/sessions/current', tenant, headers: again })).json, { loggedOut: true });
  t.equal((await rest(app, { url: '/state-corporation/package-checks', payload: body, tenant, headers: again })).json.code, 'OPERATOR_SESSION_REQUIRED');
});

t.test('a complete package is accepted without a receipt', async (t) => {
  const tenant = 'sc-complete';
  const auth = await login(app, tenant);
  for (const service of Object.keys(COMPLETE)) {
    const check = await checkPackage(app, tenant, auth, { service, applicantIin: APPLICANT, documents: COMPLETE[service] });
    t.match(check, { outcome: 'accepted', receipt: null, missing: [], note: null, applicantName: 'Әбілқайыров Ғалымжан Нұрланұлы', operator: { iin: OPERATOR.iin } }, service);
    t.same((await rest(app, { url: `/state-corporation/package-checks/${check.id}`, tenant })).json, check);
  }
});

t.test('seed 003 A: an incomplete package is refused with a receipt in the form of Standard Annex 4', async (t) => {
  const tenant = 'sc-annex4';
  const auth = await login(app, tenant);
  const documents = COMPLETE['guardianship-orphan']!.filter((d) => d !== 'health-certificate' && d !== 'no-criminal-record-certificate');
  const check = await checkPackage(app, tenant, auth, { service: 'guardianship-orphan', applicantIin: APPLICANT, documents });
  t.equal(check.outcome, 'refused');
  t.same(check.missing.map((d: any) => d.code), ['health-certificate', 'no-criminal-record-certificate']);
  const receipt = check.receipt;
  t.match(receipt, {
    number: /^RCPT-\d{6}$/,
    form: { annex: 4, title: { kk: /4-қосымшасы/, ru: /приложение 4/, en: /Annex 4/ } },
    service: { slug: 'guardianship-orphan' },
    applicant: { iin: APPLICANT, name: 'Әбілқайыров Ғалымжан Нұрланұлы' },
    issuedBy: { iin: OPERATOR.iin, name: OPERATOR.name },
    citation: { seed: '003', lines: 'L14' },
  });
  t.match(receipt.text.ru, /отказывает в приеме документов/);
  t.match(receipt.text.ru, /Справка о состоянии здоровья; 2\) Справка об отсутствии судимости/);
  t.match(receipt.text.kk, /қабылдаудан бас тартады/);
  t.match(receipt.text.en, /refuses to accept the documents for the public service "Establishment of guardianship/);
  t.same((await rest(app, { url: `/state-corporation/receipts/${receipt.number}`, tenant })).json, receipt, 'the receipt can be read again');
});

t.test('seed 003 B: the receipt is in the form of Standard Annex 7', async (t) => {
  const tenant = 'sc-annex7';
  const auth = await login(app, tenant);
  const check = await checkPackage(app, tenant, auth, { service: 'minor-property-inheritance-certificates', applicantIin: APPLICANT, documents: ['application'] });
  t.match(check, { outcome: 'refused', receipt: { form: { annex: 7 }, citation: { seed: '003', lines: 'L116' } } });
  t.same(check.missing.map((d: any) => d.code), ['identity-document', 'child-birth-certificate', 'property-documents']);
});

t.test('seed 004 C has no refusal-to-accept rule: an incomplete package is accepted with a note', async (t) => {
  const tenant = 'sc-no-rule';
  const auth = await login(app, tenant);
  const check = await checkPackage(app, tenant, auth, { service: 'legal-stats-archive-certificate', applicantIin: APPLICANT, documents: ['application'] });
  t.match(check, { outcome: 'accepted', receipt: null, missing: [{ code: 'identity-document' }], note: /no rule refusing/ });
});

t.test('a representative must hand over the power of attorney', async (t) => {
  const tenant = 'sc-representative';
  const auth = await login(app, tenant);
  const without = await checkPackage(app, tenant, auth, {
    service: 'guardianship-orphan',
    applicantIin: APPLICANT,
    representativeIin: REPRESENTATIVE,
    documents: COMPLETE['guardianship-orphan'],
  });
  t.match(without, { outcome: 'refused', representativeIin: REPRESENTATIVE });
  t.same(without.missing.map((d: any) => d.code), ['power-of-attorney']);
  const withPoa = await checkPackage(app, tenant, auth, {
    service: 'guardianship-orphan',
    applicantIin: APPLICANT,
    representativeIin: REPRESENTATIVE,
    documents: [...COMPLETE['guardianship-orphan']!, 'power-of-attorney'],
  });
  t.equal(withPoa.outcome, 'accepted');
});

t.test('bad packages are refused with a code and record nothing', async (t) => {
  const tenant = 'sc-bad';
  const auth = await login(app, tenant);
  const cases: [Record<string, unknown>, string][] = [
    [{ service: 'notary-deed', applicantIin: APPLICANT, documents: [] }, 'SC_SERVICE_UNKNOWN'],
    [{ service: 'guardianship-orphan', applicantIin: APPLICANT, documents: ['application', 'selfie'] }, 'SC_DOCUMENT_UNKNOWN'],
    [{ service: 'guardianship-orphan', applicantIin: '900115300014', documents: [] }, 'IIN_INVALID'],
    [{ service: 'guardianship-orphan', applicantIin: APPLICANT, representativeIin: APPLICANT, documents: [] }, 'SC_FIELD_INVALID'],
    [{ service: 'guardianship-orphan', applicantIin: APPLICANT }, 'VALIDATION_FAILED'],
  ];
  for (const [payload, code] of cases) {
    const res = await rest(app, { url: '/state-corporation/package-checks', payload, tenant, headers: auth });
    t.equal(res.status, 400, code);
    t.equal(res.json.code, code);
  }
  t.equal((await rest(app, { url: '/state-corporation/package-checks/PC-000001', tenant })).json.code, 'PACKAGE_CHECK_NOT_FOUND');
  t.equal((await rest(app, { url: '/state-corporation/receipts/RCPT-000001', tenant })).json.code, 'RECEIPT_NOT_FOUND');
});

t.test('the document list and storage periods are configurable per tenant', async (t) => {
  const tenant = 'sc-config';
  const auth = await login(app, tenant);
  const services = (await rest(app, { url: '/state-corporation/services', tenant })).json.services;
  t.same(services.map((s: any) => [s.slug, s.refusalReceipt?.annex ?? null, s.resultRetention.period, s.documentRetention.period]), [
    ['guardianship-orphan', 4, null, null],
    ['minor-property-inheritance-certificates', 7, null, null],
    ['legal-stats-archive-certificate', null, 'P6M', 'P2Y'],
  ]);
  const put = await rest(app, {
    method: 'PUT',
    url: '/state-corporation/services/guardianship-orphan',
    payload: {
      documents: [
        { code: 'application', name: { kk: 'Өтініш', ru: 'Заявление', en: 'Application' }, required: 'always' },
        { code: 'extra-paper', name: { kk: 'Қосымша', ru: 'Дополнительно', en: 'Extra paper' }, required: 'no' },
      ],
      resultRetention: 'P1M',
    },
    tenant,
  });
  t.equal(put.status, 200);
  t.match(put.json, { slug: 'guardianship-orphan', resultRetention: { period: 'P1M' }, documents: [{ code: 'application' }, { code: 'extra-paper' }] });
  const check = await checkPackage(app, tenant, auth, { service: 'guardianship-orphan', applicantIin: APPLICANT, documents: ['application'] });
  t.equal(check.outcome, 'accepted', 'the shorter list applies');
  const other = await login(app, 'sc-config-other');
  t.equal((await checkPackage(app, 'sc-config-other', other, { service: 'guardianship-orphan', applicantIin: APPLICANT, documents: ['application'] })).outcome, 'refused', 'not in another tenant');

  const bad: [string, Record<string, unknown>, number, string][] = [
    ['/state-corporation/services/nothing', { resultRetention: 'P1M' }, 404, 'SC_SERVICE_NOT_FOUND'],
    ['/state-corporation/services/guardianship-orphan', { resultRetention: 'six months' }, 400, 'SC_FIELD_INVALID'],
    ['/state-corporation/services/guardianship-orphan', { resultRetention: 'PT6H' }, 400, 'SC_FIELD_INVALID'],
    ['/state-corporation/services/guardianship-orphan', { documents: [{ code: 'Bad Code', name: { kk: 'a', ru: 'b', en: 'c' }, required: 'always' }] }, 400, 'SC_FIELD_INVALID'],
    ['/state-corporation/services/guardianship-orphan', { documents: [{ code: 'a', name: { kk: 'a', ru: 'b', en: 'c' }, required: 'sometimes' }] }, 400, 'VALIDATION_FAILED'],
    ['/state-corporation/services/guardianship-orphan', {}, 400, 'VALIDATION_FAILED'],
  ];
  for (const [url, payload, status, code] of bad) {
    const res = await rest(app, { method: 'PUT', url, payload, tenant });
    t.equal(res.status, status, `${code} ${JSON.stringify(payload).slice(0, 60)}`);
    t.equal(res.json.code, code);
  }
  const after = (await rest(app, { url: '/state-corporation/services', tenant })).json.services[0];
  t.same([after.resultRetention.period, after.documents.length], ['P1M', 2], 'refused changes changed nothing');
});
