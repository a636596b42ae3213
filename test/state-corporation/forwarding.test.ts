import t from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { buildServer } from '../../src/server.js';
import { rest } from '../payments/_support.js';
import { APPLICANT, checkPackage, COMPLETE, forwarded, login, OPERATOR, REPRESENTATIVE, setClock } from './_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

async function read(tenant: string, id: string) {
  return (await rest(app, { url: `/state-corporation/forwardings/${id}`, tenant })).json;
}

t.test('an accepted package is forwarded to ӨЭҮШ АЖО, signed with the operator\'s EDS, and registered', async (t) => {
  const tenant = 'fw-signed';
  await setClock(app, tenant, '2026-04-06T05:30:00Z');
  const auth = await login(app, tenant);
  const check = await checkPackage(app, tenant, auth, {
    service: 'guardianship-orphan',
    applicantIin: APPLICANT,
    representativeIin: REPRESENTATIVE,
    documents: [...COMPLETE['guardianship-orphan']!, 'power-of-attorney'],
  });
  const res = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id, powerOfAttorneyNumber: 'POA-2026-0042' }, tenant, headers: auth });
  t.equal(res.status, 201);
  const fw = res.json;
  t.match(fw, {
    id: /^FW-\d{6}$/,
    registrationNumber: /^R-2026-\d{6}$/,
    status: 'REGISTERED',
    service: { slug: 'guardianship-orphan' },
    applicantIin: APPLICANT,
    representativeIin: REPRESENTATIVE,
    powerOfAttorneyNumber: 'POA-2026-0042',
    packageCheckId: check.id,
    operator: { iin: OPERATOR.iin },
    signed: true,
    forwardedAt: '2026-04-06T05:30:00.000Z',
    registeredAt: '2026-04-06T05:30:00.000Z',
    result: null,
    submittedDocuments: { retainUntil: null, destroyedAt: null },
  });
  t.same(fw.documents, [...COMPLETE['guardianship-orphan']!, 'power-of-attorney']);
  t.match(fw.signedRequest, /<sc:forwardedRequest xmlns:sc="urn:kz-egov-sandbox:state-corporation:v1">/);
  t.match(fw.signedRequest, new RegExp(`<applicantIin>${APPLICANT}</applicantIin>`));
  const verdict = await rest(app, { url: '/eds/xml/verify', payload: { xml: fw.signedRequest, expectedIin: OPERATOR.iin, revocationCheck: [] }, tenant });
  t.equal(verdict.json.signers.length, 1);
  t.equal(verdict.json.signers[0].checks.signature.status, 'passed', 'the signature verifies');
  t.equal(verdict.json.signers[0].subject.iin, OPERATOR.iin, "with the operator's certificate");
  const forged = await rest(app, { url: '/eds/xml/verify', payload: { xml: fw.signedRequest.replace(APPLICANT, '850720400017'), revocationCheck: [] }, tenant });
  t.equal(forged.json.code, 'SIGNATURE_INVALID', 'another applicant breaks it');
  t.equal((await rest(app, { url: `/state-corporation/package-checks/${check.id}`, tenant })).json.forwardingId, fw.id);
  t.same(await read(tenant, fw.id), fw);
  t.same((await rest(app, { url: `/state-corporation/forwardings?applicantIin=${APPLICANT}`, tenant })).json.forwardings, [fw]);
});

t.test('a refused package is not forwarded; nothing reaches ӨЭҮШ АЖО', async (t) => {
  const tenant = 'fw-refused';
  const auth = await login(app, tenant);
  const check = await checkPackage(app, tenant, auth, { service: 'guardianship-orphan', applicantIin: APPLICANT, documents: ['application'] });
  const res = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id }, tenant, headers: auth });
  t.equal(res.status, 409);
  t.match(res.json, { code: 'PACKAGE_REFUSED', receipt: check.receipt.number });
  t.same((await rest(app, { url: '/state-corporation/forwardings', tenant })).json.forwardings, []);
});

t.test('forwarding refuses a second send, an unknown check, a PoA number without a representative, no session', async (t) => {
  const tenant = 'fw-bad';
  const auth = await login(app, tenant);
  const fw = await forwarded(app, tenant, auth, 'legal-stats-archive-certificate');
  const twice = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: fw.packageCheckId }, tenant, headers: auth });
  t.equal(twice.status, 409);
  t.match(twice.json, { code: 'PACKAGE_ALREADY_FORWARDED', forwardingId: fw.id });
  const unknown = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: 'PC-999999' }, tenant, headers: auth });
  t.equal(unknown.json.code, 'PACKAGE_CHECK_NOT_FOUND');
  const check = await checkPackage(app, tenant, auth, { service: 'legal-stats-archive-certificate', applicantIin: APPLICANT, documents: COMPLETE['legal-stats-archive-certificate'] });
  const poa = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id, powerOfAttorneyNumber: 'X-1' }, tenant, headers: auth });
  t.equal(poa.status, 400);
  t.equal(poa.json.code, 'SC_FIELD_INVALID');
  const noSession = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id }, tenant });
  t.equal(noSession.json.code, 'OPERATOR_SESSION_REQUIRED');
  t.equal((await rest(app, { url: `/state-corporation/package-checks/${check.id}`, tenant })).json.forwardingId, null, 'the refused forwardings left the package unsent');
  t.equal((await rest(app, { url: '/state-corporation/forwardings', tenant })).json.forwardings.length, 1);
  t.equal((await rest(app, { url: '/state-corporation/forwardings/FW-999999', tenant })).json.code, 'FORWARDING_NOT_FOUND');
});

t.test('the result arrives and the operator hands it over with a journal mark', async (t) => {
  const tenant = 'fw-collect';
  await setClock(app, tenant, '2026-01-15T04:00:00Z');
  const auth = await login(app, tenant);
  const fw = await forwarded(app, tenant, auth, 'minor-property-inheritance-certificates');
  const early = await rest(app, { method: 'POST', url: `/state-corporation/forwardings/${fw.id}/handover`, tenant, headers: auth });
  t.equal(early.status, 409);
  t.match(early.json, { code: 'RESULT_NOT_READY', forwardingStatus: 'REGISTERED' });
  await setClock(app, tenant, '2026-01-20T05:00:00Z');
  const ready = await rest(app, { url: `/state-corporation/forwardings/${fw.id}/result`, payload: { kind: 'result', documentNumber: 'ANK-77' }, tenant });
  t.equal(ready.status, 200);
  t.match(ready.json, { status: 'RESULT_READY', result: { kind: 'result', documentNumber: 'ANK-77', receivedAt: '2026-01-20T05:00:00.000Z', retainUntil: null } });
  const again = await rest(app, { url: `/state-corporation/forwardings/${fw.id}/result`, payload: { kind: 'reasoned-refusal' }, tenant });
  t.equal(again.json.code, 'RESULT_ALREADY_RECEIVED');
  const auth2 = await login(app, tenant);
  const collected = await rest(app, { method: 'POST', url: `/state-corporation/forwardings/${fw.id}/handover`, tenant, headers: auth2 });
  t.equal(collected.status, 200);
  t.match(collected.json, { status: 'COLLECTED', result: { collectedAt: '2026-01-20T05:00:00.000Z', handedOverBy: { iin: OPERATOR.iin } } });
  const twice = await rest(app, { method: 'POST', url: `/state-corporation/forwardings/${fw.id}/handover`, tenant, headers: auth2 });
  t.equal(twice.json.code, 'RESULT_ALREADY_COLLECTED');
  const badKind = await rest(app, { url: `/state-corporation/forwardings/${fw.id}/result`, payload: { kind: 'maybe' }, tenant });
  t.equal(badKind.json.code, 'VALIDATION_FAILED');
});

t.test('seed 004: an uncollected result is kept six months, then destroyed; submitted documents two years', async (t) => {
  const tenant = 'fw-004-retention';
  await setClock(app, tenant, '2026-01-10T03:00:00Z');
  let auth = await login(app, tenant);
  const fw = await forwarded(app, tenant, auth, 'legal-stats-archive-certificate');
  t.equal(fw.submittedDocuments.retainUntil, '2028-01-10T03:00:00.000Z', 'documents: two years from the forwarding');
  await setClock(app, tenant, '2026-01-31T06:00:00Z');
  const ready = (await rest(app, { url: `/state-corporation/forwardings/${fw.id}/result`, payload: { kind: 'result' }, tenant })).json;
  t.equal(ready.result.retainUntil, '2026-07-31T06:00:00.000Z', 'result: six months from its arrival');
  await setClock(app, tenant, '2026-07-31T05:59:59Z');
  t.equal((await read(tenant, fw.id)).status, 'RESULT_READY', 'still kept the second before');
  await setClock(app, tenant, '2026-07-31T06:00:00Z');
  const destroyed = await read(tenant, fw.id);
  t.match(destroyed, { status: 'DESTROYED', result: { destroyedAt: '2026-07-31T06:00:00.000Z', collectedAt: null } });
  auth = await login(app, tenant);
  const late = await rest(app, { method: 'POST', url: `/state-corporation/forwardings/${fw.id}/handover`, tenant, headers: auth });
  t.equal(late.status, 410);
  t.equal(late.json.code, 'RESULT_DESTROYED');
  t.same((await rest(app, { url: '/state-corporation/forwardings?status=DESTROYED', tenant })).json.forwardings.map((f: any) => f.id), [fw.id]);
  t.equal((await read(tenant, fw.id)).submittedDocuments.destroyedAt, null);
  await setClock(app, tenant, '2028-01-10T03:00:00Z');
  t.equal((await read(tenant, fw.id)).submittedDocuments.destroyedAt, '2028-01-10T03:00:00.000Z');
});

t.test('a collected result is not destroyed', async (t) => {
  const tenant = 'fw-004-collected';
  await setClock(app, tenant, '2026-03-01T03:00:00Z');
  const auth = await login(app, tenant);
  const fw = await forwarded(app, tenant, auth, 'legal-stats-archive-certificate');
  await rest(app, { url: `/state-corporation/forwardings/${fw.id}/result`, payload: { kind: 'result' }, tenant });
  await rest(app, { method: 'POST', url: `/state-corporation/forwardings/${fw.id}/handover`, tenant, headers: auth });
  await setClock(app, tenant, '2027-03-01T03:00:00Z');
  t.equal((await read(tenant, fw.id)).status, 'COLLECTED');
});

t.test('seed 003 gives no storage period: a result is kept until collected, unless the tenant sets one', async (t) => {
  const tenant = 'fw-003-retention';
  await setClock(app, tenant, '2026-01-31T03:00:00Z');
  const auth = await login(app, tenant);
  const fw = await forwarded(app, tenant, auth, 'guardianship-orphan');
  const ready = (await rest(app, { url: `/state-corporation/forwardings/${fw.id}/result`, payload: { kind: 'reasoned-refusal' }, tenant })).json;
  t.equal(ready.result.retainUntil, null);
  await setClock(app, tenant, '2031-01-31T03:00:00Z');
  t.equal((await read(tenant, fw.id)).status, 'RESULT_READY', 'five years on, still kept');

  await setClock(app, tenant, '2026-01-31T03:00:00Z');
  await rest(app, { method: 'PUT', url: '/state-corporation/services/guardianship-orphan', payload: { resultRetention: 'P1M' }, tenant });
  const auth2 = await login(app, tenant);
  const configured = await forwarded(app, tenant, auth2, 'guardianship-orphan');
  const withPeriod = (await rest(app, { url: `/state-corporation/forwardings/${configured.id}/result`, payload: { kind: 'result' }, tenant })).json;
  t.equal(withPeriod.result.retainUntil, '2026-02-28T03:00:00.000Z', 'one month, clamped to the end of February');
  await setClock(app, tenant, '2026-02-28T03:00:00Z');
  t.equal((await read(tenant, configured.id)).status, 'DESTROYED');
  t.equal((await read(tenant, fw.id)).status, 'RESULT_READY', 'the earlier result keeps the rule it arrived under');
});

t.test('the in-process API is what the regulation engine calls', async (t) => {
  const tenant = app.sandbox.tenants.get('fw-engine');
  const sc = app.sandbox.stateCorporation;
  const operator = sc.operatorByIin(tenant, OPERATOR.iin);
  const check = await sc.checkPackage(tenant, operator, { service: 'legal-stats-archive-certificate', applicantIin: APPLICANT, documents: COMPLETE['legal-stats-archive-certificate']! });
  const fw = await sc.forward(tenant, operator, { packageCheckId: check.id });
  const ready = await sc.deliverResult(tenant, fw.id, { kind: 'result' });
  t.equal(ready.status, 'RESULT_READY');
  t.equal((await sc.handOver(tenant, operator, fw.id)).status, 'COLLECTED');
});

t.test('an operator without a SIGN certificate cannot certify the request: nothing is forwarded', async (t) => {
  const tenant = 'fw-no-sign';
  const operator = {
    iin: generateIin('1994-10-02', 'female', 3108),
    label: 'State Corporation tests: an operator without a SIGN certificate',
    surname: 'Қолтаңбасыз',
    name: 'Әйгерім',
    traits: ['sc-operator', 'cert-sign-none'],
    portal: { password: 'Operator-No-Sign-1' },
  };
  t.equal((await rest(app, { url: '/__admin/personas', payload: operator, tenant })).status, 201);
  const session = await rest(app, { url: '/state-corporation/sessions', payload: { iin: operator.iin, password: 'Operator-No-Sign-1' }, tenant });
  t.equal(session.status, 201, 'an added operator logs in with its own password');
  const auth = { authorization: `Bearer ${session.json.token}` };
  const check = await checkPackage(app, tenant, auth, { service: 'legal-stats-archive-certificate', applicantIin: APPLICANT, documents: COMPLETE['legal-stats-archive-certificate'] });
  const res = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id }, tenant, headers: auth });
  t.equal(res.status, 409);
  t.equal(res.json.code, 'OPERATOR_CANNOT_SIGN');
  t.same((await rest(app, { url: '/state-corporation/forwardings', tenant })).json.forwardings, []);
  t.equal((await rest(app, { url: `/state-corporation/package-checks/${check.id}`, tenant })).json.forwardingId, null);
});

t.test('two concurrent forwards of one package: exactly one forwarding, the other is refused', async (t) => {
  const tenant = 'fw-concurrent';
  const auth = await login(app, tenant);
  const check = await checkPackage(app, tenant, auth, { service: 'legal-stats-archive-certificate', applicantIin: APPLICANT, documents: COMPLETE['legal-stats-archive-certificate'] });
  // The operator's key is fetched while the forward awaits its signature: slow it down so both requests are in flight then.
  const pki = app.sandbox.pki;
  const keyPairOf = pki.keyPairOf;
  pki.keyPairOf = async (...args: Parameters<typeof keyPairOf>) => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return keyPairOf.apply(pki, args);
  };
  t.teardown(() => {
    pki.keyPairOf = keyPairOf;
  });
  const send = () => rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id }, tenant, headers: auth });
  const answers = await Promise.all([send(), send(), send()]);
  t.same(answers.map((a) => a.status).sort(), [201, 409, 409]);
  const created = answers.find((a) => a.status === 201)!.json;
  for (const refused of answers.filter((a) => a.status === 409)) t.equal(refused.json.code, 'PACKAGE_ALREADY_FORWARDED');
  const list = (await rest(app, { url: '/state-corporation/forwardings', tenant })).json.forwardings;
  t.same(list.map((f: any) => f.id), [created.id], 'one forwarding registered');
  t.equal((await rest(app, { url: `/state-corporation/package-checks/${check.id}`, tenant })).json.forwardingId, created.id);
  pki.keyPairOf = keyPairOf;
  const after = await send();
  t.equal(after.json.code, 'PACKAGE_ALREADY_FORWARDED', 'and after it, as before');
  t.equal(after.json.forwardingId, created.id);
});

t.test('a forward that fails while signing leaves the package free to forward again', async (t) => {
  const tenant = 'fw-sign-fails';
  const auth = await login(app, tenant);
  const check = await checkPackage(app, tenant, auth, { service: 'legal-stats-archive-certificate', applicantIin: APPLICANT, documents: COMPLETE['legal-stats-archive-certificate'] });
  const pki = app.sandbox.pki;
  const keyPairOf = pki.keyPairOf;
  pki.keyPairOf = async () => null;
  t.teardown(() => {
    pki.keyPairOf = keyPairOf;
  });
  const failed = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id }, tenant, headers: auth });
  t.equal(failed.json.code, 'OPERATOR_CANNOT_SIGN', 'no SIGN key found while the forward awaited it');
  pki.keyPairOf = keyPairOf;
  const retried = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id }, tenant, headers: auth });
  t.equal(retried.status, 201, 'the in-progress mark was cleared');
});
