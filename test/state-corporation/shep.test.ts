import t from 'tap';
import { buildServer } from '../../src/server.js';
import { asXmlText, shepFault, shepJson } from '../payments/_soap.js';
import { rest } from '../payments/_support.js';
import { APPLICANT, COMPLETE, login, OPERATOR } from './_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const arrays = { submitted: 'document', missing: 'document', missingDocuments: 'document', documents: 'document' };
const docs = (codes: string[]) => `<documents>${codes.map((c) => `<document>${c}</document>`).join('')}</documents>`;
const checkData = (service: string, codes: string[], operatorIin = OPERATOR.iin) =>
  `<operatorIin>${operatorIin}</operatorIin><service>${service}</service><applicantIin>${APPLICANT}</applicantIin>${docs(codes)}`;

t.test('the State Corporation services are listed', async (t) => {
  const { json } = await rest(app, { url: '/shep/services' });
  t.same(
    json.services.filter((s: any) => s.system === 'state-corporation').map((s: any) => s.serviceId),
    ['SC_PackageCheckSync', 'SC_ForwardRequestSync', 'SC_ForwardingStatusSync'],
  );
});

t.test('a package check through SHEP answers what REST shows, receipt included', async (t) => {
  const tenant = 'sc-shep-check';
  const answer = await shepJson(app, { serviceId: 'SC_PackageCheckSync', tenant, data: checkData('guardianship-orphan', ['application']) }, arrays);
  t.match(answer, { result: { code: 'OK' }, check: { outcome: 'refused', receipt: { form: { annex: '4' } } } });
  const id = (answer.check as any).id;
  const viaRest = (await rest(app, { url: `/state-corporation/package-checks/${id}`, tenant })).json;
  t.same(answer.check, asXmlText(viaRest));
  t.equal((answer.check as any).missing.length, 5);
});

t.test('forward and follow a request through SHEP', async (t) => {
  const tenant = 'sc-shep-forward';
  const check = await shepJson(app, { serviceId: 'SC_PackageCheckSync', tenant, data: checkData('legal-stats-archive-certificate', COMPLETE['legal-stats-archive-certificate']!) }, arrays);
  const checkId = (check.check as any).id;
  const fw = await shepJson(app, { serviceId: 'SC_ForwardRequestSync', tenant, data: `<operatorIin>${OPERATOR.iin}</operatorIin><packageCheckId>${checkId}</packageCheckId>` }, arrays);
  t.match(fw, { result: { code: 'OK' }, forwarding: { status: 'REGISTERED', signed: 'true', packageCheckId: checkId, documents: ['application', 'identity-document'] } });
  const id = (fw.forwarding as any).id;
  await rest(app, { url: `/state-corporation/forwardings/${id}/result`, payload: { kind: 'result' }, tenant });
  const status = await shepJson(app, { serviceId: 'SC_ForwardingStatusSync', tenant, data: `<forwardingId>${id}</forwardingId>` }, arrays);
  t.same(status.forwarding, asXmlText((await rest(app, { url: `/state-corporation/forwardings/${id}`, tenant })).json), 'the same forwarding as REST, signed request included');
  t.match(status, { forwarding: { status: 'RESULT_READY' } });
  const twice = await shepJson(app, { serviceId: 'SC_ForwardRequestSync', tenant, data: `<operatorIin>${OPERATOR.iin}</operatorIin><packageCheckId>${checkId}</packageCheckId>` }, arrays);
  t.same(twice.result, { code: 'PACKAGE_ALREADY_FORWARDED', message: `Package ${checkId} was forwarded as ${id}` });
  t.notOk(twice.forwarding);
});

t.test('refusals are results: a refused package, a person who is not an operator, an unknown forwarding', async (t) => {
  const tenant = 'sc-shep-refusals';
  const refused = await shepJson(app, { serviceId: 'SC_PackageCheckSync', tenant, data: checkData('guardianship-orphan', []) }, arrays);
  const forward = await shepJson(app, { serviceId: 'SC_ForwardRequestSync', tenant, data: `<operatorIin>${OPERATOR.iin}</operatorIin><packageCheckId>${(refused.check as any).id}</packageCheckId>` }, arrays);
  t.match(forward, { result: { code: 'PACKAGE_REFUSED' } });
  const notOperator = await shepJson(app, { serviceId: 'SC_PackageCheckSync', tenant, data: checkData('guardianship-orphan', [], APPLICANT) }, arrays);
  t.match(notOperator, { result: { code: 'OPERATOR_NOT_AUTHORISED' } });
  t.notOk(notOperator.check);
  const unknown = await shepJson(app, { serviceId: 'SC_ForwardingStatusSync', tenant, data: '<forwardingId>FW-000404</forwardingId>' }, arrays);
  t.match(unknown, { result: { code: 'FORWARDING_NOT_FOUND' } });
});

t.test('bad data is a client fault and records nothing', async (t) => {
  const tenant = 'sc-shep-bad';
  const cases: [string, string, string, string | undefined][] = [
    ['SC_PackageCheckSync', `<service>guardianship-orphan</service><applicantIin>${APPLICANT}</applicantIin>`, 'MISSING_FIELD', 'request/requestData/data/operatorIin'],
    ['SC_PackageCheckSync', checkData('adoption', []), 'INVALID_FIELD', 'SC_SERVICE_UNKNOWN'],
    ['SC_PackageCheckSync', checkData('guardianship-orphan', ['passport-photo']), 'INVALID_FIELD', 'SC_DOCUMENT_UNKNOWN'],
    ['SC_PackageCheckSync', checkData('guardianship-orphan', [], '96051540486'), 'IIN_INVALID', 'IIN_INVALID'],
    ['SC_ForwardRequestSync', `<operatorIin>${OPERATOR.iin}</operatorIin>`, 'MISSING_FIELD', 'request/requestData/data/packageCheckId'],
    ['SC_ForwardingStatusSync', '', 'MISSING_FIELD', 'request/requestData/data/forwardingId'],
  ];
  for (const [serviceId, data, errorCode, errorData] of cases) {
    t.match(await shepFault(app, { serviceId, tenant, data }), { faultcode: 'soap:Client', errorCode, errorData }, `${serviceId} ${errorData}`);
  }
  t.equal((await rest(app, { url: '/state-corporation/package-checks/PC-000001', tenant })).json.code, 'PACKAGE_CHECK_NOT_FOUND');
});

t.test('faults on the State Corporation show in the injecting tenant only, over REST and SHEP', async (t) => {
  const auth = await login(app, 'sc-faulty');
  await rest(app, { url: '/__admin/faults', payload: { system: 'state-corporation', down: true }, tenant: 'sc-faulty' });
  const restDown = await rest(app, {
    url: '/state-corporation/package-checks',
    payload: { service: 'guardianship-orphan', applicantIin: APPLICANT, documents: [] },
    tenant: 'sc-faulty',
    headers: auth,
  });
  t.equal(restDown.status, 503);
  t.match(restDown.json, { code: 'SYSTEM_UNAVAILABLE', system: 'state-corporation' });
  t.match(await shepFault(app, { serviceId: 'SC_PackageCheckSync', tenant: 'sc-faulty', data: checkData('guardianship-orphan', []) }), {
    faultcode: 'soap:Server',
    errorCode: 'SYSTEM_UNAVAILABLE',
    errorData: 'state-corporation',
  });
  t.match(await shepJson(app, { serviceId: 'SC_PackageCheckSync', tenant: 'sc-healthy', data: checkData('guardianship-orphan', []) }, arrays), { result: { code: 'OK' } });
  await rest(app, { url: '/__admin/faults', payload: { system: 'state-corporation', clear: true }, tenant: 'sc-faulty' });
  t.equal((await rest(app, { url: '/state-corporation/package-checks/PC-000001', tenant: 'sc-faulty' })).json.code, 'PACKAGE_CHECK_NOT_FOUND', 'nothing recorded while down');
});
