import t from 'tap';
import { buildServer } from '../../src/server.js';
import { asXmlText, shepFault, shepJson } from '../payments/_soap.js';
import { rest } from '../payments/_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const SERVICE = 'ELICENSE_LicenseSync';
const arrays = { licences: 'licence', history: 'event' };

t.test('ELICENSE_LicenseSync is listed', async (t) => {
  const { json } = await rest(app, { url: '/shep/services' });
  t.match(json.services.find((s: any) => s.serviceId === SERVICE), { system: 'elicense', realName: false });
});

t.test('by number and by holder, SHEP answers the REST data', async (t) => {
  const tenant = 'lic-shep';
  const viaRest = (await rest(app, { url: '/elicense/licences/19012457', tenant })).json;
  const byNumber = await shepJson(app, { serviceId: SERVICE, tenant, data: '<number>19012457</number>' }, arrays);
  t.same(byNumber, { result: { code: 'OK', message: 'Processed' }, licences: [asXmlText(viaRest)] });

  await rest(app, { url: '/elicense/licences/19012457/reissue', payload: { applicationId: 'FE-R1', reason: 'new address' }, tenant });
  const written = (await rest(app, { url: '/elicense/licences?holderIin=800525422900', tenant })).json.licences;
  const byHolder = await shepJson(app, { serviceId: SERVICE, tenant, data: '<holderIin>800525422900</holderIin>' }, arrays);
  t.same(byHolder.licences, asXmlText(written), 'the write is seen through SHEP, history included');
  t.equal((byHolder.licences as any)[0].history.length, 2);

  const typed = await shepJson(app, { serviceId: SERVICE, tenant, data: '<holderIin>800525422900</holderIin><type>advocacy</type>' }, arrays);
  t.same(typed, { result: { code: 'OK', message: 'Processed' }, licences: [] });
});

t.test('an unknown number is a LICENCE_NOT_FOUND result; a holder without licences an empty OK', async (t) => {
  const missing = await shepJson(app, { serviceId: SERVICE, tenant: 'lic-shep-404', data: '<number>99999999</number>' }, arrays);
  t.match(missing, { result: { code: 'LICENCE_NOT_FOUND' }, licences: [] });
  const none = await shepJson(app, { serviceId: SERVICE, tenant: 'lic-shep-404', data: '<holderIin>900115300013</holderIin>' }, arrays);
  t.match(none, { result: { code: 'OK' }, licences: [] });
});

t.test('bad data is a client fault', async (t) => {
  const cases: [string, string, string | undefined][] = [
    ['', 'MISSING_FIELD', 'request/requestData/data/number'],
    ['<number>1</number><holderIin>900115300013</holderIin>', 'INVALID_FIELD', 'request/requestData/data'],
    ['<number>no way</number>', 'INVALID_FIELD', 'LICENCE_NUMBER_INVALID'],
    ['<holderIin>900115300014</holderIin>', 'IIN_INVALID', 'IIN_INVALID'],
    ['<holderIin>900115300013</holderIin><type>notary</type>', 'INVALID_FIELD', 'LICENCE_TYPE_INVALID'],
  ];
  for (const [data, errorCode, errorData] of cases) {
    const fault = await shepFault(app, { serviceId: SERVICE, tenant: 'lic-shep-bad', data });
    t.match(fault, { faultcode: 'soap:Client', errorCode, errorData }, data || '(empty)');
  }
});

t.test('faults on elicense show in the injecting tenant only, over REST and SHEP', async (t) => {
  await rest(app, { url: '/__admin/faults', payload: { system: 'elicense', down: true }, tenant: 'lic-faulty' });
  const restDown = await rest(app, { url: '/elicense/licences/16003127', tenant: 'lic-faulty' });
  t.equal(restDown.status, 503);
  t.match(restDown.json, { code: 'SYSTEM_UNAVAILABLE', system: 'elicense' });
  const write = await rest(app, { url: '/elicense/licences', payload: { holderIin: '900115300013', type: 'advocacy' }, tenant: 'lic-faulty' });
  t.equal(write.status, 503, 'writes fail too');
  t.match(await shepFault(app, { serviceId: SERVICE, tenant: 'lic-faulty', data: '<number>16003127</number>' }), { faultcode: 'soap:Server', errorCode: 'SYSTEM_UNAVAILABLE', errorData: 'elicense' });
  t.match(await shepJson(app, { serviceId: SERVICE, tenant: 'lic-healthy', data: '<number>16003127</number>' }, arrays), { result: { code: 'OK' } });
  await rest(app, { url: '/__admin/faults', payload: { system: 'elicense', clear: true }, tenant: 'lic-faulty' });
  t.same((await rest(app, { url: '/elicense/licences?holderIin=900115300013', tenant: 'lic-faulty' })).json.licences, [], 'nothing was written while down');
});
