/**
 * What a client could abuse or trip over in the engine, each seen from the outside: a made-up certificate naming
 * an employee, an invoice someone else paid, a licence that is not active, a second licence of the same kind, a
 * deeply nested form, a decision value no branch has, and a term counted twice when the provider decides.
 */
import { randomUUID } from 'node:crypto';
import forge from 'node-forge';
import t from 'tap';
import { applicationXml } from '../../src/regulations/application-xml.js';
import { requiredDocuments } from '../../src/regulations/checks/index.js';
import { signEnveloped } from '../../src/pki/xmldsig/index.js';
import { buildServer } from '../../src/server.js';
import { freezeClock, json, settle, submit } from '../helpers/applications.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());
const documentsOf = (service: string, variant: string, channel: 'portal' | 'provider' | 'stateCorporation'): string[] =>
  requiredDocuments({ regulation: app.sandbox.regulations.catalogue.get(service)!, application: { variant, channel } as never });
const APPLICANT = '900115300013';

async function tenant(name: string): Promise<string> {
  await freezeClock(app, name);
  return name;
}

t.test('a self-made certificate claiming a provider employee\'s IIN cannot submit on the provider channel', async (t) => {
  const ten = await tenant('review-forged');
  const employee = app.sandbox.personas.list(app.sandbox.tenants.get(ten), ['provider-employee'])[0]!.iin;
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2020-01-01');
  cert.validity.notAfter = new Date('2030-01-01');
  const name = [{ shortName: 'CN', value: 'Mallory' }, { name: 'serialNumber', value: `IIN${employee}` }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const signer = { privateKeyPem: forge.pki.privateKeyToPem(keys.privateKey), certificateDer: Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary') };
  const documents = documentsOf('advocate-license', 'issue', 'provider');
  const signedXml = signEnveloped(applicationXml({ service: 'advocate-license', variant: 'issue', channel: 'provider', applicantIin: APPLICANT, form: {}, documents, nonce: randomUUID() }), signer);
  const res = await json(app, 'POST', '/provider/applications', ten, { service: 'advocate-license', variant: 'issue', applicantIin: APPLICANT, documents, signedXml });
  t.equal(res.status, 403);
  t.equal(res.body.code, 'SIGNER_NOT_AUTHORISED');
  t.ok(res.body.codes.includes('CERT_UNTRUSTED'), `the certificate's failures are named: ${res.body.codes}`);
  t.same((await json(app, 'GET', '/provider/applications', ten)).body.applications, [], 'nothing was stored');
});

t.test('an invoice paid by someone else, or used once already, does not pay the fee', async (t) => {
  const ten = await tenant('review-invoice');
  const documents = documentsOf('advocate-license', 'issue', 'portal');
  const other = await json(app, 'POST', '/payments/invoices', ten, { payerIin: '760315310196', amount: 4325, serviceSlug: 'advocate-license', applicationId: 'elsewhere-1' });
  await json(app, 'POST', `/payments/invoices/${other.body.id}/pay`, ten, {});
  const foreign = await submit(app, ten, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: APPLICANT, form: { invoiceId: other.body.id }, documents });
  t.equal((await settle(app, ten, foreign.body.id)).outcome.code, 'NO_PAYMENT', "another person's invoice is no payment");

  await freezeClock(app, ten);
  const mine = await json(app, 'POST', '/payments/invoices', ten, { payerIin: APPLICANT, amount: 4325, serviceSlug: 'advocate-license', applicationId: 'mine-1' });
  await json(app, 'POST', `/payments/invoices/${mine.body.id}/pay`, ten, {});
  const first = await submit(app, ten, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: APPLICANT, form: { invoiceId: mine.body.id }, documents });
  const firstPayment = first.body.timeline.find((e: { check?: string; step: string }) => e.step === 'd1.c2');
  t.equal(firstPayment.outcome, 'pass', 'my paid invoice pays my application');
  t.equal((await json(app, 'GET', `/payments/invoices/${mine.body.id}`, ten)).body.status, 'USED', 'and is used by it');
  const second = await submit(app, ten, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: APPLICANT, form: { invoiceId: mine.body.id }, documents });
  t.equal(second.body.timeline.find((e: { step: string }) => e.step === 'd1.c2').outcome, 'fail', 'a used invoice does not pay a second application');
});

t.test('a second licence of the same kind for the same holder fails its delivery visibly, and other requests go on', async (t) => {
  const ten = await tenant('review-double');
  const documents = documentsOf('advocate-license', 'issue', 'provider');
  const ids: string[] = [];
  let deadline = '';
  for (const iin of [APPLICANT, APPLICANT, '821203309050']) {
    const res = await submit(app, ten, { service: 'advocate-license', variant: 'issue', channel: 'provider', applicantIin: iin, documents });
    t.equal(res.status, 201);
    ids.push(res.body.id);
    deadline = res.body.deadline;
  }
  await freezeClock(app, ten, deadline);
  const unrelated = await app.inject({ method: 'GET', url: '/portal/services', headers: { 'x-sandbox-tenant': ten } });
  t.equal(unrelated.statusCode, 200, 'an unrelated request is not answered with the delivery failure');
  const views = await Promise.all(ids.map(async (id) => (await json(app, 'GET', `/provider/applications/${id}`, ten)).body));
  t.equal(views[0]!.delivery.state, 'delivered');
  t.equal(views[1]!.delivery.state, 'failed');
  t.match(views[1]!.delivery.reason, /LICENCE_ALREADY_HELD/);
  t.equal(views[2]!.delivery.state, 'delivered', 'the next application is still delivered');
  t.ok(views[2]!.document, 'with its document');
  t.equal((await json(app, 'GET', '/elicense/licences?holderIin=821203309050', ten)).body.licences.length, 1);
});

t.test('a re-issue needs an active licence: an expired one is not held', async (t) => {
  const ten = await tenant('review-expired');
  const issued = await json(app, 'POST', '/elicense/licences', ten, { holderIin: APPLICANT, type: 'advocacy', issuedOn: '2020-01-01', validUntil: '2021-01-01' });
  t.equal(issued.status, 201, JSON.stringify(issued.body));
  const res = await submit(app, ten, { service: 'advocate-license', variant: 'reissue', channel: 'portal', applicantIin: APPLICANT, documents: documentsOf('advocate-license', 'reissue', 'portal') });
  const held = res.body.timeline.find((e: { step: string; outcome: string }) => e.step === 'bo.licence-held');
  t.equal(held.outcome, 'fail', `the check fails: ${held.detail}`);
  t.match(held.detail, /expired/);
});

t.test('a form nested deeply, or with objects, is refused before anything is stored', async (t) => {
  const ten = await tenant('review-deep');
  const token = (await json(app, 'POST', '/portal/sessions', ten, { iin: APPLICANT, password: 'Sandbox-2026' })).body.token as string;
  const payload = `{"service":"advocate-license","variant":"issue","signedXml":"<x/>","form":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
  const res = await app.inject({ method: 'POST', url: '/portal/applications', headers: { 'x-sandbox-tenant': ten, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload });
  const deep = { status: res.statusCode, body: res.json() };
  t.equal(deep.status, 400);
  t.equal(deep.body.code, 'VALIDATION_FAILED');
  const nested = await submit(app, ten, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: APPLICANT, form: { address: { city: 'Astana' } }, documents: [] });
  t.equal(nested.status, 400, 'a form field holding an object');
  t.same((await json(app, 'GET', '/provider/applications', ten)).body.applications, []);
});

t.test('a decision value no branch has is refused', async (t) => {
  const ten = await tenant('review-decision');
  const res = await submit(app, ten, { service: 'advocate-attestation', variant: 'standard', channel: 'provider', applicantIin: '821203309050', documents: documentsOf('advocate-attestation', 'standard', 'provider'), decisions: { 'commission.admits': 'yes' } });
  t.equal(res.status, 400);
  t.equal(res.body.code, 'DECISION_INVALID');
  const branch = await submit(app, ten, { service: 'advocate-attestation', variant: 'standard', channel: 'provider', applicantIin: '821203309050', documents: documentsOf('advocate-attestation', 'standard', 'provider'), decisions: { 'attestation.result': 'noShow' } });
  t.equal(branch.status, 201, 'a named branch is a decision');
});

t.test('the term is the same whether the provider decides through the API or in advance', async (t) => {
  const terms: unknown[] = [];
  for (const mode of ['auto', 'provider'] as const) {
    const ten = await tenant(`review-term-${mode}`);
    const res = await submit(app, ten, { service: 'advocate-attestation', variant: 'standard', channel: 'portal', applicantIin: APPLICANT, documents: documentsOf('advocate-attestation', 'standard', 'portal'), decisionMode: mode });
    for (let i = 0; i < 10; i++) {
      const view = (await json(app, 'GET', `/provider/applications/${res.body.id}`, ten)).body;
      if (view.status !== 'awaiting-decision') break;
      await json(app, 'POST', `/provider/applications/${res.body.id}/decisions`, ten, { check: view.pending.check, value: true });
    }
    terms.push((await settle(app, ten, res.body.id)).term);
  }
  t.same(terms[1], terms[0]);
});
