/**
 * The criminal-record certificate (анықтама): an XML document issued over REST and through the gateway,
 * refused while an additional check runs or when there is no data.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import t from 'tap';
import { kazakhCalendar } from '../../src/core/calendar.js';
import { verifyEnvelopedDocument } from '../../src/pki/xmldsig/enveloped.js';
import { buildServer } from '../../src/server.js';
import { AisSuService } from '../../src/systems/ais-su/service.js';
import { children, injectFault, setClock, shepData, xmlToJson, callShep } from '../helpers/soap.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const CERT_NS = 'urn:kz-egov-sandbox:ais-su:certificate:v1';
const CONVICTED = '870512303771';
const NO_DATA = '930921305180';
const EXTRA_CHECK = '960229400645';
const CLEAN_WITH_EXPUNGED = '821203309050';

function issue(payload: unknown, tenant: string) {
  return app.inject({ method: 'POST', url: '/ais-su/certificates', headers: { 'x-sandbox-tenant': tenant }, payload: payload as object });
}

function parse(xml: string): Element {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (_l, m) => problems.push(String(m)) }).parseFromString(xml, 'text/xml');
  if (problems.length) throw new Error(`the certificate is not well-formed: ${problems.join('; ')}`);
  return doc.documentElement!;
}

/** Verifies the certificate's enveloped signatures as a relying party would; returns the signers' certificates. */
function signers(xml: string): { ok: boolean; certificateDer?: Buffer }[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return verifyEnvelopedDocument(doc).map((o) => ({ ok: o.ok, ...(o.certificateDer ? { certificateDer: o.certificateDer } : {}) }));
}

function textAt(root: Element, path: string): string | undefined {
  let el: Element | undefined = root;
  for (const name of path.split('/')) el = el && children(el).find((c) => c.localName === name);
  return el?.textContent ?? undefined;
}

function statements(root: Element): Record<string, string> {
  return Object.fromEntries(
    children(root)
      .filter((e) => e.localName === 'statement')
      .map((e) => [e.getAttribute('xml:lang'), e.textContent]),
  );
}

t.test('a convicted persona gets a certificate: 201, XML, Location, the person and the conviction', async (t) => {
  await setClock(app, 'cert-record', '2026-02-16T06:00:00Z');
  const res = await issue({ iin: CONVICTED }, 'cert-record');
  t.equal(res.statusCode, 201);
  t.match(res.headers['content-type'], /^application\/xml; charset=utf-8/);
  const root = parse(res.body);
  t.equal(root.namespaceURI, CERT_NS);
  t.equal(root.localName, 'CriminalRecordCertificate');
  const id = root.getAttribute('Id')!;
  t.match(id, /^CR-\d{6}$/, 'the root has an Id an enveloped signature can reference');
  t.equal(res.headers.location, `/ais-su/certificates/${id}`);
  t.match(textAt(root, 'number'), /^2026-\d{8}$/);
  t.equal(textAt(root, 'result'), 'RECORD');
  t.same(
    ['iin', 'surname', 'name', 'patronymic', 'birthDate'].map((f) => textAt(root, `subject/${f}`)),
    [CONVICTED, 'Сейітқалиев', 'Бауыржан', 'Ағабекұлы', '1987-05-12'],
  );
  t.same(statements(root), { kk: 'Сотталғандығы туралы мәліметтер бар', ru: 'Имеются сведения о судимости', en: 'Criminal record: the person has an unexpunged conviction' });
  t.equal(textAt(root, 'convictions/conviction/article'), '190 ч.2');
  t.equal(textAt(root, 'convictions/conviction/expunged'), 'false');
  t.match(textAt(root, 'issuer/nameRu'), /Комитет по правовой статистике и специальным учетам/);

  const signatures = signers(res.body);
  t.equal(signatures.length, 1, 'one enveloped signature');
  t.equal(signatures[0]!.ok, true, 'the signature verifies');
  t.ok(signatures[0]!.certificateDer!.equals(app.sandbox.pki.systemCredential('shep').certificateDer), "signed with the sandbox's system key");
  const forged = signers(res.body.replace('<result>RECORD</result>', '<result>NO_RECORD</result>'));
  t.equal(forged[0]!.ok, false, 'changing the result breaks the signature');

  const again = await app.inject({ method: 'GET', url: `/ais-su/certificates/${id}`, headers: { 'x-sandbox-tenant': 'cert-record' } });
  t.equal(again.statusCode, 200);
  t.equal(again.body, res.body, 'GET by id returns the same document');
});

t.test('a clean persona gets a NO_RECORD certificate that still lists the expunged conviction', async (t) => {
  const root = parse((await issue({ iin: CLEAN_WITH_EXPUNGED }, 'cert-clean')).body);
  t.equal(textAt(root, 'result'), 'NO_RECORD');
  t.equal(statements(root).ru, 'Сведений о судимости не имеется');
  t.equal(textAt(root, 'convictions/conviction/expunged'), 'true');
  const happy = parse((await issue({ iin: '900115300013' }, 'cert-clean')).body);
  t.notOk(children(happy).some((e) => e.localName === 'convictions'), 'no convictions element when there is none');
});

t.test('no data: 422 CRIMINAL_RECORD_NO_DATA with the message in three languages, and no certificate', async (t) => {
  const res = await issue({ iin: NO_DATA }, 'cert-no-data');
  t.equal(res.statusCode, 422);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.match(res.json(), { code: 'CRIMINAL_RECORD_NO_DATA', message: { en: 'Data cannot be obtained because criminal-record data are absent' } });
  const none = await app.inject({ method: 'GET', url: '/ais-su/certificates/CR-000001', headers: { 'x-sandbox-tenant': 'cert-no-data' } });
  t.equal(none.json().code, 'CRIMINAL_RECORD_CERTIFICATE_NOT_FOUND', 'nothing was issued');
});

t.test('an additional check: 409 ADDITIONAL_CHECK_IN_PROGRESS with the check, then after 5 working days a certificate naming the check', async (t) => {
  const tenant = 'cert-extra';
  await setClock(app, tenant, '2025-12-29T05:00:00Z'); // Monday; 1, 2, 7 January are off
  const refused = await issue({ iin: EXTRA_CHECK }, tenant);
  t.equal(refused.statusCode, 409);
  const problem = refused.json();
  t.match(problem, { code: 'ADDITIONAL_CHECK_IN_PROGRESS', checkId: /^AC-\d{6}$/, completesAt: '2026-01-08T19:00:00.000Z' });
  // 30, 31 December, 5, 6 and 8 January are the five working days.
  await setClock(app, tenant, '2026-01-08T12:00:00Z');
  t.equal((await issue({ iin: EXTRA_CHECK }, tenant)).statusCode, 409, 'still running on 8 January');
  await setClock(app, tenant, '2026-01-09T03:00:00Z');
  const issued = await issue({ iin: EXTRA_CHECK }, tenant);
  t.equal(issued.statusCode, 201);
  const root = parse(issued.body);
  t.equal(textAt(root, 'result'), 'NO_RECORD');
  t.equal(textAt(root, 'additionalCheckId'), problem.checkId);
});

t.test('bad requests change nothing: a malformed IIN, a missing or extra field', async (t) => {
  const tenant = 'cert-bad';
  const badIin = await issue({ iin: '870512303770' }, tenant);
  t.equal(badIin.statusCode, 400);
  t.equal(badIin.json().code, 'IIN_INVALID');
  const missing = await issue({}, tenant);
  t.equal(missing.statusCode, 400);
  t.equal(missing.json().code, 'VALIDATION_FAILED');
  const extra = await issue({ iin: CONVICTED, purpose: 'employer' }, tenant);
  t.equal(extra.statusCode, 400);
  t.equal(extra.json().code, 'VALIDATION_FAILED');
  const unknown = await app.inject({ method: 'GET', url: '/ais-su/certificates/CR-000001', headers: { 'x-sandbox-tenant': tenant } });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().code, 'CRIMINAL_RECORD_CERTIFICATE_NOT_FOUND', 'none was issued by the bad requests');
});

t.test('AISSU_CertificateSync issues the same document, fetches it by id, and answers the refusals as results', async (t) => {
  const tenant = 'cert-shep';
  await setClock(app, tenant, '2025-06-02T05:00:00Z');
  const issued = xmlToJson(await shepData(app, { serviceId: 'AISSU_CertificateSync', data: `<iin>${CONVICTED}</iin>`, tenant })) as {
    result: string;
    certificate: { id: string; number: string; iin: string; status: string; document: string };
  };
  t.equal(issued.result, 'ISSUED');
  t.match(issued.certificate, { id: /^CR-\d{6}$/, iin: CONVICTED, status: 'RECORD' });
  const rest = await app.inject({ method: 'GET', url: `/ais-su/certificates/${issued.certificate.id}`, headers: { 'x-sandbox-tenant': tenant } });
  t.equal(issued.certificate.document, rest.body, 'the document carried in SOAP is the one REST serves');
  t.equal(parse(issued.certificate.document).getAttribute('Id'), issued.certificate.id);

  const fetched = xmlToJson(await shepData(app, { serviceId: 'AISSU_CertificateSync', data: `<certificateId>${issued.certificate.id}</certificateId>`, tenant }));
  t.same(fetched, { result: 'FOUND', certificate: issued.certificate });
  const notFound = xmlToJson(await shepData(app, { serviceId: 'AISSU_CertificateSync', data: '<certificateId>CR-999999</certificateId>', tenant }));
  t.same(notFound, { result: 'CRIMINAL_RECORD_CERTIFICATE_NOT_FOUND' });

  const noData = xmlToJson(await shepData(app, { serviceId: 'AISSU_CertificateSync', data: `<iin>${NO_DATA}</iin>`, tenant })) as { result: string; message: { en: string } };
  t.same([noData.result, noData.message.en], ['CRIMINAL_RECORD_NO_DATA', 'Data cannot be obtained because criminal-record data are absent']);
  const inProgress = xmlToJson(await shepData(app, { serviceId: 'AISSU_CertificateSync', data: `<iin>${EXTRA_CHECK}</iin>`, tenant })) as { result: string; check: { status: string; completesAt: string } };
  t.same([inProgress.result, inProgress.check.status, inProgress.check.completesAt], ['ADDITIONAL_CHECK_IN_PROGRESS', 'IN_PROGRESS', '2025-06-10T19:00:00.000Z']);

  const neither = await callShep(app, { serviceId: 'AISSU_CertificateSync', data: '<purpose>x</purpose>', tenant });
  t.equal(neither.ok ? 'answered' : neither.fault.errorCode, 'MISSING_FIELD');
  const badIin = await callShep(app, { serviceId: 'AISSU_CertificateSync', data: '<iin>111</iin>', tenant });
  t.equal(badIin.ok ? 'answered' : badIin.fault.errorCode, 'IIN_INVALID');
});

t.test('certificates are behind АИС СУ faults: 503 over REST, SYSTEM_UNAVAILABLE through the gateway, that tenant only', async (t) => {
  await injectFault(app, 'cert-down', 'ais-su', { down: true });
  const res = await issue({ iin: CONVICTED }, 'cert-down');
  t.equal(res.statusCode, 503);
  t.equal(res.json().code, 'SYSTEM_UNAVAILABLE');
  t.equal((await app.inject({ method: 'GET', url: '/ais-su/certificates/CR-000001', headers: { 'x-sandbox-tenant': 'cert-down' } })).statusCode, 503);
  const answer = await callShep(app, { serviceId: 'AISSU_CertificateSync', data: `<iin>${CONVICTED}</iin>`, tenant: 'cert-down' });
  t.equal(answer.ok ? 'answered' : answer.fault.errorCode, 'SYSTEM_UNAVAILABLE');
  t.equal((await issue({ iin: CONVICTED }, 'cert-up')).statusCode, 201);
});

t.test('the service signs only when given a signer: without one the certificate is issued unsigned', async (t) => {
  const unsigned = new AisSuService(app.sandbox.personas, { calendar: kazakhCalendar() });
  const outcome = await unsigned.requestCertificate(app.sandbox.tenants.get('cert-unsigned'), CONVICTED);
  t.equal(outcome.outcome, 'ISSUED');
  if (outcome.outcome !== 'ISSUED') return;
  t.same(signers(outcome.certificate.xml), [], 'no ds:Signature');
  t.equal(textAt(parse(outcome.certificate.xml), 'result'), 'RECORD');
});
