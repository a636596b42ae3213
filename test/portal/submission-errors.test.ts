/**
 * A bad submission gets a clear problem and changes nothing: the applications the provider side lists are the
 * same afterwards. And a package that lacks a document is not a problem but the regulation's own refusal.
 */
import t, { type Test } from 'tap';
import { buildServer } from '../../src/server.js';
import { type Client as ClientType, Client, documentsFor, endFrom, settle, submit } from './client.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const SERVICE = 'legal-stats-admin-offence-info';

let n = 0;
/** A tenant where one application was made already, so that "unchanged" means something. */
async function withOneApplication(): Promise<{ client: ClientType; applicant: string; token: string; before: Record<string, any>[] }> {
  const client = new Client(app, `portal-errors-${++n}`);
  await client.start();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'portal-registered');
  const first = await submit(client, { service: SERVICE, variant: 'standard', channel: 'portal', applicantIin: applicant });
  if (first.status !== 201) throw new Error(JSON.stringify(first.body));
  return { client, applicant, token: await client.login(applicant), before: await client.applications() };
}

async function unchanged(t: Test, client: ClientType, before: Record<string, any>[]): Promise<void> {
  t.same(await client.applications(), before, 'GET /provider/applications is unchanged');
}

function problem(t: Test, res: { status: number; contentType: string; body: any }, status: number, code: string): void {
  t.equal(res.status, status, `${status}`);
  t.match(res.contentType, /application\/problem\+json/, 'problem+json');
  t.equal(res.body.code, code, code);
  t.type(res.body.detail, 'string', 'with a detail');
}

/** A valid portal body for SERVICE, signed by `applicant` (nothing submitted yet). */
async function body(client: ClientType, applicant: string, override: Partial<Record<string, unknown>> = {}): Promise<Record<string, unknown>> {
  const documents = documentsFor(await client.service(SERVICE), 'portal', 'standard');
  const signedXml = await client.signedApplication(applicant, { service: SERVICE, variant: 'standard', channel: 'portal', applicantIin: applicant, form: {}, documents });
  return { service: SERVICE, variant: 'standard', form: {}, documents, signedXml, ...override };
}

t.test('without signedXml, or with an empty one, the portal answers 400 SIGNATURE_MISSING', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const { signedXml: _, ...unsigned } = await body(client, applicant);
  problem(t, await client.post('/portal/applications', unsigned, token), 400, 'SIGNATURE_MISSING');
  problem(t, await client.post('/portal/applications', { ...unsigned, signedXml: '' }, token), 400, 'SIGNATURE_MISSING');
  await unchanged(t, client, before);
});

t.test('the application document sent unsigned is 400 SIGNATURE_MISSING', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const documents = documentsFor(await client.service(SERVICE), 'portal', 'standard');
  const document = (await client.post('/portal/applications/document', { service: SERVICE, variant: 'standard', applicantIin: applicant, documents })).body.document;
  problem(t, await client.post('/portal/applications', { service: SERVICE, variant: 'standard', documents, signedXml: document }, token), 400, 'SIGNATURE_MISSING');
  await unchanged(t, client, before);
});

t.test('a signed application changed after signing is 422 SIGNATURE_INVALID', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const good = await body(client, applicant);
  const other = await client.personaWith('gbdfl-present', 'crime-clean', 'fee-pays');
  const tampered = String(good.signedXml).replace('<variant>standard</variant>', '<variant>standard </variant>');
  t.not(tampered, good.signedXml);
  const res = await client.post('/portal/applications', { ...good, signedXml: tampered }, token);
  problem(t, res, 422, 'SIGNATURE_INVALID');
  t.type(res.body.failure, 'string', 'the failure is named');
  const nonce = String(good.signedXml).replace(/<nonce>[^<]*<\/nonce>/, '<nonce>another</nonce>');
  problem(t, await client.post('/portal/applications', { ...good, signedXml: nonce }, token), 422, 'SIGNATURE_INVALID');
  t.ok(other);
  await unchanged(t, client, before);
});

t.test('a body that disagrees with the signed document is 422 APPLICATION_MISMATCH naming the field', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const regulation = await client.service('advocate-license');
  const licensee = await client.personaWith('licence-holder');
  const signed = await client.signedApplication(licensee, {
    service: 'advocate-license',
    variant: 'reissue',
    channel: 'portal',
    applicantIin: licensee,
    form: { note: 'as signed' },
    documents: documentsFor(regulation, 'portal', 'reissue'),
  });
  const licenseeToken = await client.login(licensee);
  const good = { service: 'advocate-license', variant: 'reissue', form: { note: 'as signed' }, documents: documentsFor(regulation, 'portal', 'reissue'), signedXml: signed };
  const cases: [string, Record<string, unknown>, string][] = [
    ['another variant', { ...good, variant: 'duplicate' }, 'variant'],
    ['other documents', { ...good, documents: [] }, 'payloadDigest'],
    ['another form', { ...good, form: { note: 'changed' } }, 'payloadDigest'],
    ['another service', { ...good, service: 'forensic-expert-license' }, 'service'],
  ];
  for (const [what, payload, field] of cases) {
    const res = await client.post('/portal/applications', payload, licenseeToken);
    t.test(what, async (t) => {
      problem(t, res, 422, 'APPLICATION_MISMATCH');
      t.equal(res.body.field, field, `the field is ${field}`);
    });
  }
  const otherApplicant = await client.post('/portal/applications', { ...(await body(client, applicant)), representativeIin: licensee }, token);
  problem(t, otherApplicant, 422, 'APPLICATION_MISMATCH');
  t.equal(otherApplicant.body.field, 'representativeIin');
  await unchanged(t, client, before);
  t.equal((await client.post('/portal/applications', good, licenseeToken)).status, 201, 'the body as signed is taken');
});

t.test('an unknown service is 404 SERVICE_NOT_FOUND listing the services', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const res = await client.post('/portal/applications', await body(client, applicant, { service: 'no-such-service' }), token);
  problem(t, res, 404, 'SERVICE_NOT_FOUND');
  t.ok(res.body.services.includes(SERVICE), 'the services are listed');
  await unchanged(t, client, before);
});

t.test("a variant the service does not have is 422 VARIANT_UNKNOWN listing the service's variants", async (t) => {
  const { client, before } = await withOneApplication();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'portal-registered');
  const regulation = await client.service('advocate-attestation');
  const signedXml = await client.signedApplication(applicant, { service: 'advocate-attestation', variant: 'reissue', channel: 'portal', applicantIin: applicant, documents: [] });
  const res = await client.post('/portal/applications', { service: 'advocate-attestation', variant: 'reissue', documents: [], signedXml }, await client.login(applicant));
  problem(t, res, 422, 'VARIANT_UNKNOWN');
  t.same(res.body.variants, regulation.variants.map((v) => v.id), 'the variants are listed');
  const licence = await client.post('/portal/applications', { service: 'advocate-license', documents: [], signedXml }, await client.login(applicant));
  problem(t, licence, 422, 'VARIANT_UNKNOWN');
  t.match(licence.body.detail, /issue, reissue, duplicate/, 'a service of several variants needs one named');
  await unchanged(t, client, before);
});

t.test('a channel the service does not offer is 422 CHANNEL_NOT_OFFERED listing its channels', async (t) => {
  const { client, before } = await withOneApplication();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'portal-registered');
  const operator = await client.personaWith('sc-operator');
  const employee = await client.personaWith('provider-employee');
  const attempts: [string, string, string][] = [
    ['advocate-license', 'stateCorporation', operator],
    ['bailiff-attestation', 'provider', employee],
    ['legal-stats-archive-certificate', 'provider', employee],
  ];
  for (const [service, channel, signer] of attempts) {
    const regulation = await client.service(service);
    const variant = regulation.variants[0]!.id;
    const signedXml = await client.signedApplication(signer, { service, variant, channel, applicantIin: applicant, documents: [] });
    const res = await client.post(channel === 'provider' ? '/provider/applications' : '/state-corporation/applications', { service, variant, applicantIin: applicant, documents: [], signedXml });
    t.test(`${service} through ${channel}`, async (t) => {
      problem(t, res, 422, 'CHANNEL_NOT_OFFERED');
      t.same(res.body.channels, regulation.channels.map((c) => c.id));
    });
  }
  await unchanged(t, client, before);
});

t.test('an unknown reading option or value is 400 READING_INVALID; an unknown decision or value is 400 DECISION_INVALID', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  problem(t, await client.post('/portal/applications', await body(client, applicant, { readings: { noSuchOption: 'x' } }), token), 400, 'READING_INVALID');
  const licensee = await client.personaWith('licence-holder');
  const regulation = await client.service('advocate-license');
  const documents = documentsFor(regulation, 'portal', 'reissue');
  const signedXml = await client.signedApplication(licensee, { service: 'advocate-license', variant: 'reissue', channel: 'portal', applicantIin: licensee, documents });
  const base = { service: 'advocate-license', variant: 'reissue', documents, signedXml };
  const licenseeToken = await client.login(licensee);
  problem(t, await client.post('/portal/applications', { ...base, readings: { paperReceipt: 'maybe' } }, licenseeToken), 400, 'READING_INVALID');
  const decision = await client.post('/portal/applications', { ...base, decisions: { 'gbdfl.personExists': false } }, licenseeToken);
  problem(t, decision, 400, 'DECISION_INVALID');
  t.match(decision.body.detail, /commission\.admits/, 'the decisions are listed');
  problem(t, await client.post('/portal/applications', { ...base, decisions: { 'no.such': true } }, licenseeToken), 400, 'DECISION_INVALID');
  problem(t, await client.post('/portal/applications', { ...base, decisionMode: 'sometimes' }, licenseeToken), 400, 'VALIDATION_FAILED');
  await unchanged(t, client, before);
});

t.test('the same signed application twice is 409 APPLICATION_REPLAYED and only one application exists', async (t) => {
  const client = new Client(app, `portal-errors-${++n}`);
  await client.start();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'portal-registered');
  const token = await client.login(applicant);
  const payload = await body(client, applicant);
  const first = await client.post('/portal/applications', payload, token);
  t.equal(first.status, 201);
  const before = await client.applications();
  const again = await client.post('/portal/applications', payload, token);
  problem(t, again, 409, 'APPLICATION_REPLAYED');
  t.equal(again.body.applicationId, first.body.id, 'names the application it was');
  const withOtherDecisions = await client.post('/portal/applications', { ...payload, readings: {} }, token);
  problem(t, withOtherDecisions, 409, 'APPLICATION_REPLAYED');
  await unchanged(t, client, before);
  t.equal(before.length, 1, 'one application');
});

t.test("the provider's channel signed by someone who is not a provider employee is 403 SIGNER_NOT_AUTHORISED; the State Corporation's by a non-operator too", async (t) => {
  const { client, applicant, before } = await withOneApplication();
  const operator = await client.personaWith('sc-operator');
  const employee = await client.personaWith('provider-employee');
  const attempts: [string, string, string, string][] = [
    ['advocate-license', 'provider', '/provider/applications', applicant],
    ['advocate-license', 'provider', '/provider/applications', operator],
    ['guardianship-orphan', 'stateCorporation', '/state-corporation/applications', applicant],
    ['guardianship-orphan', 'stateCorporation', '/state-corporation/applications', employee],
  ];
  for (const [service, channel, url, signer] of attempts) {
    const regulation = await client.service(service);
    const variant = regulation.variants[0]!.id;
    const documents = documentsFor(regulation, channel, variant);
    const signedXml = await client.signedApplication(signer, { service, variant, channel, applicantIin: applicant, documents });
    problem(t, await client.post(url, { service, variant, applicantIin: applicant, documents, signedXml }), 403, 'SIGNER_NOT_AUTHORISED');
  }
  await unchanged(t, client, before);
});

t.test('a DOCTYPE (XXE) in signedXml is refused with 422 SIGNATURE_INVALID and reads nothing', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const xxe =
    '<?xml version="1.0"?><!DOCTYPE application [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
    `<application xmlns="urn:kz-egov-sandbox:application:v1"><service>&x;</service><applicantIin>${applicant}</applicantIin></application>`;
  const res = await client.post('/portal/applications', await body(client, applicant, { signedXml: xxe }), token);
  problem(t, res, 422, 'SIGNATURE_INVALID');
  t.notMatch(JSON.stringify(res.body), /root:/);
  await unchanged(t, client, before);
});

t.test('a signed document that is not an application, or signed twice, is 422 SIGNATURE_INVALID', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const login = await client.sign(applicant, 'sign', '<login xmlns="urn:kz-egov-sandbox:portal:v1"><challenge>x</challenge></login>');
  problem(t, await client.post('/portal/applications', await body(client, applicant, { signedXml: login }), token), 422, 'SIGNATURE_INVALID');
  const once = String((await body(client, applicant)).signedXml);
  const twice = await client.sign(applicant, 'sign', once);
  problem(t, await client.post('/portal/applications', await body(client, applicant, { signedXml: twice }), token), 422, 'SIGNATURE_INVALID');
  await unchanged(t, client, before);
});

t.test('submitting without a portal session is 401 SESSION_REQUIRED', async (t) => {
  const { client, applicant, before } = await withOneApplication();
  const payload = await body(client, applicant);
  for (const token of [undefined, 'expired-or-made-up']) problem(t, await client.post('/portal/applications', payload, token), 401, 'SESSION_REQUIRED');
  await unchanged(t, client, before);
});

t.test("another applicant's application is 403 FORBIDDEN, and so is applying for someone else on one's own session", async (t) => {
  const { client, applicant, before } = await withOneApplication();
  const other = (await client.get('/__admin/personas?trait=portal-registered')).body.personas.map((p: { iin: string }) => p.iin).find((iin: string) => iin !== applicant)!;
  const otherToken = await client.login(other);
  const id = before[0]!.id as string;
  problem(t, await client.get(`/portal/applications/${id}`, otherToken), 403, 'FORBIDDEN');
  const cabinet = await client.get('/portal/cabinet', otherToken);
  t.same(cabinet.body.applications, [], "the other applicant's cabinet does not list it");
  // A document for `applicant`, signed by `other` and sent on other's session.
  const documents = documentsFor(await client.service(SERVICE), 'portal', 'standard');
  const signedXml = await client.signedApplication(other, { service: SERVICE, variant: 'standard', channel: 'portal', applicantIin: applicant, documents });
  problem(t, await client.post('/portal/applications', { service: SERVICE, variant: 'standard', applicantIin: applicant, documents, signedXml }, otherToken), 403, 'FORBIDDEN');
  problem(t, await client.get('/portal/applications/APP-2026-999999', otherToken), 404, 'APPLICATION_NOT_FOUND');
  problem(t, await client.get('/provider/applications/APP-2026-999999'), 404, 'APPLICATION_NOT_FOUND');
  await unchanged(t, client, before);
});

t.test('naming oneself the representative of a stranger, with no power of attorney, does not make a portal application for them', async (t) => {
  const { client, applicant, before } = await withOneApplication();
  const stranger = (await client.get('/__admin/personas?trait=portal-registered')).body.personas.map((p: { iin: string }) => p.iin).find((iin: string) => iin !== applicant)!;
  const documents = documentsFor(await client.service(SERVICE), 'portal', 'standard');
  const signedXml = await client.signedApplication(stranger, { service: SERVICE, variant: 'standard', channel: 'portal', applicantIin: applicant, representativeIin: stranger, documents });
  const res = await client.post('/portal/applications', { service: SERVICE, variant: 'standard', applicantIin: applicant, representativeIin: stranger, documents, signedXml }, await client.login(stranger));
  t.equal(res.status, 403, `refused (${res.status} ${res.body.code ?? res.body.status})`);
  t.equal(res.body.code, 'REPRESENTATION_NOT_PROVEN');
  await unchanged(t, client, before);
});

t.test('malformed JSON and unknown fields are 400 problem+json', async (t) => {
  const { client, applicant, token, before } = await withOneApplication();
  const malformed = await client.call('POST', '/portal/applications', undefined, token, '{"service": "x",');
  problem(t, malformed, 400, 'BAD_REQUEST');
  const unknown = await client.post('/portal/applications', await body(client, applicant, { colour: 'blue' }), token);
  problem(t, unknown, 400, 'VALIDATION_FAILED');
  t.ok(unknown.body.errors?.length, 'the fields are named');
  problem(t, await client.post('/portal/applications', await body(client, applicant, { documents: [{}] }), token), 400, 'VALIDATION_FAILED');
  problem(t, await client.post('/provider/applications', await body(client, applicant, { applicantIin: '123' })), 400, 'VALIDATION_FAILED');
  problem(t, await client.call('POST', '/provider/applications', undefined, undefined, 'not json'), 400, 'BAD_REQUEST');
  await unchanged(t, client, before);
});

t.test('an applicant the tenant does not know, on the provider channel, is 422 APPLICANT_UNKNOWN', async (t) => {
  const { client, before } = await withOneApplication();
  const employee = await client.personaWith('provider-employee');
  const nobody = '000000000000';
  const regulation = await client.service('advocate-license');
  const documents = documentsFor(regulation, 'provider', 'issue');
  const signedXml = await client.signedApplication(employee, { service: 'advocate-license', variant: 'issue', channel: 'provider', applicantIin: nobody, documents });
  problem(t, await client.post('/provider/applications', { service: 'advocate-license', variant: 'issue', applicantIin: nobody, documents, signedXml }), 422, 'APPLICANT_UNKNOWN');
  await unchanged(t, client, before);
});

t.test("a package without a required document ends in the regulation's refusal, with its citation", async (t) => {
  const client = new Client(app, `portal-errors-${++n}`);
  await client.start();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'portal-registered');
  const regulation = await client.service('advocate-attestation');
  const all = documentsFor(regulation, 'portal', 'standard');
  t.ok(all.length > 1, 'the service asks for documents');
  const res = await submit(client, { service: 'advocate-attestation', variant: 'standard', channel: 'portal', applicantIin: applicant, documents: all.slice(1) });
  t.equal(res.status, 201, 'the application is taken: the refusal is the regulation\'s, not a problem');
  const view = await settle(client, res.body.id);
  const condition = regulation.channels.find((c) => c.id === 'portal')!.steps.find((s) => s.check === 'documents.complete')!;
  const refusal = endFrom(regulation, 'portal', condition.onFail!);
  t.equal(view.status, 'refused');
  t.equal(view.outcome.code, 'DOCUMENTS_INCOMPLETE');
  t.equal(view.outcome.step, refusal.id);
  t.same(view.outcome.citation, refusal.citation, `cites ${refusal.citation.seed} L${refusal.citation.lines}`);
  t.same(view.outcome.message, refusal.message, 'in Kazakh, Russian and English');
  const check = (view.timeline as { step: string; detail?: string }[]).find((e) => e.step === condition.id)!;
  t.match(check.detail, all[0]!, 'the timeline names the missing document');
});
