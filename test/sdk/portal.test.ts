/**
 * The SDK against a started sandbox (a real HTTP server on a free port): portal login, a happy path and a refusal
 * followed to their outcome, the provider and State Corporation channels, and a refused login as a typed problem.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { createClient, SandboxError, SandboxProblemError, signerFromPkcs12, type ApplicationView } from '../../src/sdk/index.js';

const SERVICE = 'legal-stats-admin-offence-info';

const app = await buildServer({ logger: false });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const root = createClient({ baseUrl });
t.teardown(async () => {
  await root.close();
  await app.close();
});

t.test('a portal user logs in, submits, and follows the application to its result', async (t) => {
  const client = root.withTenant('sdk-portal-happy');
  const session = await client.portal.login('900115300013');
  t.equal(session.iin, '900115300013');
  t.equal(session.method, 'password');
  t.equal(client.portal.session?.token, session.token, 'the session becomes the client default');

  const services = await client.portal.services();
  t.ok(services.some((s) => s.id === SERVICE), 'the service is listed');
  const regulation = await client.portal.service(SERVICE);
  t.equal(regulation.service, SERVICE);

  const submitted = await client.portal.submit({ service: SERVICE });
  t.equal(submitted.service, SERVICE);
  t.equal(submitted.applicantIin, '900115300013');
  t.equal(submitted.status, 'in-progress', 'the outcome waits for the virtual clock');
  t.equal(submitted.outcome, null);
  t.ok(submitted.deadline, 'a deadline is given');

  const done = await client.portal.followToOutcome(submitted.id);
  t.equal(done.status, 'completed');
  t.equal(done.outcome?.kind, 'result');
  const step = regulation.channels.find((c) => c.id === 'portal')!.steps.find((s) => s.id === done.outcome!.step)!;
  t.equal(done.outcome?.code, step.code, 'the outcome is the code of the result step reached');
  t.same(done.outcome?.citation, step.citation, 'with that step\'s citation');
  t.ok(done.timeline.every((e) => e.state === 'done'), 'every step of the timeline is done');
  t.ok(done.document?.signedXml, 'the result document is there');
  const clock = await client.admin.clock();
  t.ok(Date.parse(clock.now) >= Date.parse(submitted.deadline!), 'the tenant clock reached the deadline');

  const again = await client.portal.application(submitted.id);
  t.equal(again.status, 'completed', 'reading it again shows the same outcome');
  const cabinet = await client.portal.cabinet();
  t.ok(cabinet.applications.some((a) => a.id === submitted.id), 'the cabinet lists it');

  const verdict = await client.pki.verifyXml(done.document!.signedXml);
  t.equal(verdict.valid, true, 'the result document verifies through /eds/xml/verify');
});

t.test('a refusal is followed to its outcome with its code and citation', async (t) => {
  const client = root.withTenant('sdk-portal-refusal');
  const revoked = (await client.admin.personas('cert-sign-revoked'))[0]!.iin as string;
  await client.portal.login(revoked);
  const submitted = await client.portal.submit({ service: SERVICE });
  const done = await client.portal.followToOutcome(submitted.id);
  t.equal(done.status, 'refused');
  t.equal(done.outcome?.kind, 'refusal');
  const codes = await client.portal.refusalCodes();
  t.ok(codes.some((c) => c.code === done.outcome!.code), 'the refusal code is in the catalogue');
  t.ok(done.outcome?.message.kk && done.outcome.message.ru && done.outcome.message.en, 'the message is in three languages');
  const text = await client.portal.serviceText(SERVICE, done.outcome!.citation.lines.split(',')[0]!);
  t.ok(text.lines.length > 0, 'the cited seed lines can be read');
});

t.test('without advanceClock the application stays in progress', async (t) => {
  const client = root.withTenant('sdk-portal-no-advance');
  await client.admin.setClock({ freeze: true });
  await client.portal.login('900115300013');
  const submitted = await client.portal.submit({ service: SERVICE });
  const view = await client.portal.followToOutcome(submitted.id, { advanceClock: false });
  t.equal(view.status, 'in-progress');
  t.equal(view.outcome, null);
});

t.test('a refused login is a SandboxProblemError carrying the regulation refusal', async (t) => {
  const client = root.withTenant('sdk-portal-login');
  const error = await client.portal.login('900115300013', 'not-the-password', SERVICE).catch((e: unknown) => e);
  t.type(error, SandboxProblemError);
  t.type(error, SandboxError);
  const problem = error as SandboxProblemError;
  t.equal(problem.name, 'SandboxProblemError');
  t.equal(problem.code, 'AUTH_REFUSED');
  t.equal(problem.status, 401);
  t.equal(problem.problem.code, 'AUTH_REFUSED');
  t.ok(problem.refusal?.code, 'the refusal names its code');
  t.ok(problem.refusal?.citation.seed, 'and its citation');
  t.equal(problem.request.method, 'POST');
  t.equal(problem.request.attempts, 1, 'a POST is sent once');
  t.equal(client.portal.session, undefined, 'no session is kept');
  await t.rejects(client.portal.cabinet(), /no portal session/, 'calls that need a session say so');
});

t.test('an EDS login works with a local signer and with the persona key through the sandbox', async (t) => {
  const client = root.withTenant('sdk-portal-eds');
  const auth = signerFromPkcs12(await client.pki.pkcs12('900115300013', 'auth'));
  const local = await client.portal.loginWithEds(auth);
  t.equal(local.method, 'eds');
  t.equal(local.iin, '900115300013');
  const remote = await client.portal.loginWithEds('900115300013');
  t.equal(remote.iin, '900115300013');
  const sign = signerFromPkcs12(await client.pki.pkcs12('900115300013', 'sign'));
  const error = await client.portal.loginWithEds(sign).catch((e: unknown) => e);
  t.equal((error as SandboxProblemError).code, 'AUTH_REFUSED', 'a SIGN key cannot log in');
});

t.test('a submission signed locally with a downloaded PKCS#12 is accepted', async (t) => {
  const client = root.withTenant('sdk-portal-local-signer');
  await client.portal.login('900115300013');
  const signer = await client.pki.signer('900115300013');
  const submitted = await client.portal.submit({ service: SERVICE, signer });
  const done = await client.portal.followToOutcome(submitted.id);
  t.equal(done.status, 'completed');
  const other = await client.portal.submit({ service: SERVICE, signWith: { iin: '900115300013' } });
  t.not(other.id, submitted.id, 'signing through /__admin/sign works too');
});

t.test('an unknown service is a typed problem', async (t) => {
  const client = root.withTenant('sdk-portal-unknown');
  await client.portal.login('900115300013');
  const error = await client.portal.submit({ service: 'no-such-service', variant: 'x', documents: [] }).catch((e: unknown) => e);
  t.type(error, SandboxProblemError);
  t.equal((error as SandboxProblemError).status, 404);
  t.equal((error as SandboxProblemError).code, 'SERVICE_NOT_FOUND');
});

t.test('the provider channel takes decisions while following an application', async (t) => {
  const client = root.withTenant('sdk-provider');
  const submitted = await client.provider.submit({ service: 'advocate-attestation', variant: 'standard', applicantIin: '821203309050', decisionMode: 'provider' });
  t.equal(submitted.channel, 'provider');
  t.equal(submitted.status, 'awaiting-decision');
  const asked: string[] = [];
  const done = await client.provider.followToOutcome(submitted.id, {
    decisions: (pending) => {
      asked.push(pending.check);
      return true;
    },
  });
  t.same(asked, ['documents.complete', 'documents.compliant', 'provider.noRefusalGround', 'commission.admits', 'attestation.result'], 'the provider is asked every check of the standard path, in order');
  t.equal(done.status, 'completed', 'every check admitted: it completes');
  t.equal(done.outcome?.kind, 'result');
  t.equal(done.outcome?.code, 'ATTESTATION_PASSED');
  const listed = await client.provider.applications({ applicantIin: '821203309050' });
  t.same(
    listed.map((a: ApplicationView) => a.id),
    [submitted.id],
    'the provider lists it by applicant',
  );
  const untouched = await client.provider.followToOutcome((await client.provider.submit({ service: 'advocate-attestation', variant: 'standard', applicantIin: '821203309050', decisionMode: 'provider' })).id);
  t.equal(untouched.status, 'awaiting-decision', 'without decisions it waits');
  const decided = await client.provider.decide(untouched.id, untouched.pending!.check, true);
  t.not(decided.pending?.step, untouched.pending!.step, 'decide moves it on');
});

t.test('the State Corporation channel and workstation', async (t) => {
  const client = root.withTenant('sdk-state-corporation');
  const submitted = await client.stateCorporation.submit({ service: 'legal-stats-archive-certificate', applicantIin: '611111302034' });
  t.equal(submitted.channel, 'stateCorporation');
  t.equal(submitted.submittedBy.role, 'sc-operator');
  const done = await client.provider.followToOutcome(submitted.id);
  t.equal(done.status, 'completed');
  t.ok(done.forwardingId, 'it was forwarded to the State Corporation');
  const forwarding = await client.stateCorporation.forwarding(done.forwardingId!);
  t.equal(forwarding.id ?? forwarding.forwardingId, done.forwardingId);
  const listed = await client.stateCorporation.forwardings({ applicantIin: '611111302034' });
  t.ok(listed.some((f) => (f.id ?? f.forwardingId) === done.forwardingId), 'the forwardings list has it');

  await t.rejects(client.stateCorporation.checkPackage({ service: 'guardianship-orphan', applicantIin: '900115300013', documents: ['application'] }), /no operator session/);
  const operator = (await client.admin.personas('sc-operator'))[0]!.iin as string;
  const session = await client.stateCorporation.login(operator);
  t.ok(session.token);
  const check = await client.stateCorporation.checkPackage({ service: 'guardianship-orphan', applicantIin: '900115300013', documents: ['application'] });
  t.equal(check.outcome, 'refused', 'an incomplete package is refused');
  const receipt = await client.stateCorporation.receipt(check.receipt.number as string);
  t.equal(receipt.number, check.receipt.number, 'with a receipt that can be read back');
  const refused = await client.stateCorporation.forward({ packageCheckId: check.id as string }).catch((e: unknown) => e);
  t.equal((refused as SandboxProblemError).code, 'PACKAGE_REFUSED');
  await client.stateCorporation.logout();
  await t.rejects(client.stateCorporation.handover('x'), /no operator session/, 'logout forgets the session');
});
