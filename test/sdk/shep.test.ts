/**
 * The SDK's SHEP area against a started sandbox: a SendMessage built from JSON and its answer read back into JSON,
 * SOAP faults as ShepFaultError (unknown service, sender, injected outage), and WS-Security signed messages with a
 * signer made from a downloaded PKCS#12, accepted, or refused for a revoked certificate.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { createClient, SandboxError, ShepFaultError, signerFromPkcs12, signSoap, buildSendMessage } from '../../src/sdk/index.js';

const app = await buildServer({ logger: false });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const root = createClient({ baseUrl });
t.teardown(async () => {
  await root.close();
  await app.close();
});

const GBDFL = 'GBDFL_UniversalServiceSync';

t.test('a SendMessage to GBD FL answers the person as JSON and is journaled', async (t) => {
  const client = root.withTenant('sdk-shep-call');
  const answer = await client.shep.sendMessage<{ persons: { person: { iin: string } }; messageResult: { code: string } }>({
    serviceId: GBDFL,
    data: { iin: '900115300013' },
    messageId: 'sdk-message-1',
    sessionId: 'sdk-session',
  });
  t.equal(answer.status.code, 'SCSS001');
  t.equal(answer.correlationId, 'sdk-message-1', 'the correlationId is our messageId');
  t.equal(answer.requestMessageId, 'sdk-message-1');
  t.equal(answer.sessionId, 'sdk-session');
  t.equal(answer.data.persons.person.iin, '900115300013');
  t.equal(answer.data.messageResult.code, '00000');
  t.match(answer.dataXml, /^<data[\s>]/);
  t.match(answer.xml, /SendMessageResponse/);
  const journal = await client.admin.journal({ messageId: 'sdk-message-1' });
  t.equal(journal.length, 1);
  t.equal(journal[0]!.status, 'SCSS001');
  t.equal(journal[0]!.serviceId, GBDFL);
  const services = await client.shep.services();
  t.match(JSON.stringify(services), GBDFL, 'GET /shep/services lists it');
  t.match(await client.shep.wsdl(), /wsdl:definitions/);
});

t.test('an unknown service is a ShepFaultError with its errorCode', async (t) => {
  const client = root.withTenant('sdk-shep-fault');
  const error = await client.shep.sendMessage({ serviceId: 'NO_SUCH_SERVICE', data: { iin: '900115300013' } }).catch((e: unknown) => e);
  t.type(error, ShepFaultError);
  t.type(error, SandboxError);
  const fault = error as ShepFaultError;
  t.equal(fault.name, 'ShepFaultError');
  t.equal(fault.code, 'UNKNOWN_SERVICE');
  t.equal(fault.errorCode, 'UNKNOWN_SERVICE');
  t.equal(fault.faultcode, 'soap:Client');
  t.equal(fault.errorData, 'NO_SUCH_SERVICE');
  t.equal(fault.httpStatus, 500);
  t.ok(fault.errorDate);
  t.match(fault.xml, /Fault/);
  const journal = await client.admin.journal({ status: 'UNKNOWN_SERVICE' });
  t.equal(journal.length, 1, 'the fault is journaled');
});

t.test('the sender comes from the client options', async (t) => {
  const client = root.with({ tenant: 'sdk-shep-sender', shep: { password: 'wrong' } });
  await t.rejects(client.shep.sendMessage({ serviceId: GBDFL, data: { iin: '900115300013' } }), { name: 'ShepFaultError', errorCode: 'SENDER_AUTH_FAILED' });
  const answer = await client.shep.sendMessage({ serviceId: GBDFL, data: { iin: '900115300013' }, sender: { senderId: 'sandbox', password: 'sandbox' } });
  t.equal(answer.status.code, 'SCSS001', 'a message may name its own sender');
});

t.test('an injected outage is a soap:Server fault, sent once', async (t) => {
  const client = root.withTenant('sdk-shep-down');
  await client.admin.setFault('gbdfl', { down: true });
  const error = (await client.shep.sendMessage({ serviceId: GBDFL, data: { iin: '900115300013' } }).catch((e: unknown) => e)) as ShepFaultError;
  t.equal(error.errorCode, 'SYSTEM_UNAVAILABLE');
  t.equal(error.faultcode, 'soap:Server');
  t.equal(error.request.attempts, 1, 'a SOAP POST is not retried');
  t.equal((await client.admin.journal()).length, 1);
});

t.test('a message signed with WS-Security by a signer from a downloaded PKCS#12 is accepted', async (t) => {
  const client = root.withTenant('sdk-shep-wss');
  const p12 = await client.pki.pkcs12('900115300013', 'sign');
  const signer = signerFromPkcs12(p12, 'Qwerty12');
  t.equal(signer.iin, '900115300013', 'the signer carries its IIN');
  t.equal(signer.chainDer.length, 2, 'and the chain the PKCS#12 holds');
  const answer = await client.shep.sendMessage({ serviceId: GBDFL, data: { iin: '900115300013' }, signer, properties: { signerIin: '900115300013' } });
  t.equal(answer.status.code, 'SCSS001');
  t.match(answer.xml, /wsse:Security/, 'the gateway signs its answer');
  const journal = await client.admin.journal();
  t.equal(journal.at(-1)!.channel, 'bip-sync-wss', 'it went to the WS-Security endpoint');

  const mismatch = await client.shep.sendMessage({ serviceId: GBDFL, data: { iin: '900115300013' }, signer, properties: { signerIin: '870512303771' } }).catch((e: unknown) => e);
  t.equal((mismatch as ShepFaultError).errorCode, 'WSS_IIN_MISMATCH');

  const built = buildSendMessage({ serviceId: GBDFL, data: '<iin>900115300013</iin>' }, { senderId: 'sandbox', password: 'sandbox' });
  const unsigned = await client.shep.sendEnvelope(built.xml, { wss: true }).catch((e: unknown) => e);
  t.equal((unsigned as ShepFaultError).errorCode, 'WSS_SIGNATURE_MISSING', 'an unsigned message to the WS-Security endpoint is refused');
  const signed = await client.shep.sendEnvelope(signSoap(built.xml, signer));
  t.equal(signed.correlationId, built.messageId, 'an envelope signed by hand goes through sendEnvelope');
  const verdict = await client.pki.verifyWsse(signSoap(built.xml, signer));
  t.equal(verdict.valid, true, 'and verifies through /eds/wsse/verify');
});

t.test('a revoked SIGN certificate is refused with WSS_CERT_REVOKED', async (t) => {
  const client = root.withTenant('sdk-shep-wss-revoked');
  const revoked = (await client.admin.personas('cert-sign-revoked'))[0]!.iin as string;
  const signer = await client.pki.signer(revoked);
  const error = await client.shep.sendMessage({ serviceId: GBDFL, data: { iin: '900115300013' }, signer }).catch((e: unknown) => e);
  t.type(error, ShepFaultError);
  t.equal((error as ShepFaultError).errorCode, 'WSS_CERT_REVOKED');
  t.equal((error as ShepFaultError).faultcode, 'soap:Client');
});

t.test('repeated elements come back as arrays; string data is sent as XML', async (t) => {
  const client = root.withTenant('sdk-shep-arrays');
  const operator = (await client.admin.personas('sc-operator'))[0]!.iin as string;
  const answer = await client.shep.sendMessage<{ result: { code: string }; check: { outcome: string; submitted: { document: { code: string }[] } } }>({
    serviceId: 'SC_PackageCheckSync',
    data: { operatorIin: operator, service: 'guardianship-orphan', applicantIin: '900115300013', documents: { document: ['application', 'identity-document'] } },
  });
  t.equal(answer.status.code, 'SCSS001');
  t.ok(answer.data.result.code, 'the State Corporation answers a result code');
  t.equal(answer.data.check.outcome, 'refused', 'an incomplete package');
  t.same(
    answer.data.check.submitted.document.map((d) => d.code),
    ['application', 'identity-document'],
    'the documents sent as a JSON array come back as an array',
  );
  const raw = await client.shep.sendMessage<{ persons: { person: { iin: string }[] } }>({ serviceId: GBDFL, data: '<iin>900115300013</iin>', arrays: ['person'] });
  t.same(
    raw.data.persons.person.map((p) => p.iin),
    ['900115300013'],
    'an element named in `arrays` is an array even when single',
  );
});
